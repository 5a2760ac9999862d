/* boot-lock.c - an flock()ed file that names the console that is booting. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/boot-lock.h"

#define WHO_MAX 64

int boot_lock_take(const char *path, const char *who, char *err, size_t errlen)
{
	char holder[WHO_MAX + 1] = "", *dir;
	ssize_t n;
	int fd;

	if (!path)
		path = BOOT_LOCK_PATH;
	dir = xstrdup(path);
	if (mkdir(dirname(dir), 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, _("cannot make the boot lock %s: %s"), path, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot open the boot lock %s: %s"), path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		/* Ours: say who we are, for the console that finds it taken. */
		if (ftruncate(fd, 0) == 0 && who)
			(void)!write(fd, who, strnlen(who, WHO_MAX));
		return fd;
	}
	if (errno != EWOULDBLOCK) {
		snprintf(err, errlen, _("cannot lock %s: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	n = pread(fd, holder, WHO_MAX, 0);
	holder[n > 0 ? n : 0] = '\0';
	snprintf(err, errlen, _("the menu on %s is booting already: one boot at a time"),
		 holder[0] ? holder : _("another console"));
	close(fd);
	return -1;
}

void boot_lock_release(int fd)
{
	if (fd >= 0)
		close(fd);	/* closing drops the flock */
}

/* "<lock>.stopped": the consoles that share the boot lock share the countdown. */
static char *stop_mark(const char *path)
{
	return xasprintf("%s.stopped", path ? path : BOOT_LOCK_PATH);
}

void boot_countdown_stop(const char *path, const char *who)
{
	char *mark = stop_mark(path);
	int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	/* Best effort: without the mark only this console's countdown stops. */
	if (fd >= 0) {
		if (who)
			(void)!write(fd, who, strnlen(who, WHO_MAX));
		close(fd);
	}
	free(mark);
}

bool boot_countdown_stopped(const char *path, char *who, size_t wholen)
{
	char *mark = stop_mark(path), name[WHO_MAX + 1] = "";
	int fd = open(mark, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	free(mark);
	if (fd < 0)
		return false;
	n = read(fd, name, WHO_MAX);
	close(fd);
	name[n > 0 ? n : 0] = '\0';
	if (who)
		snprintf(who, wholen, "%s", name[0] ? name : _("another console"));
	return true;
}
