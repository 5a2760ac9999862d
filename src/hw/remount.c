/* remount.c - MS_REMOUNT read-write and back, keeping a mount's other flags. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "hw/remount.h"
#include "i18n.h"

/* statvfs's view of a mount's flags, as mount(2) takes them back. */
static unsigned long mount_flags(unsigned long st)
{
	static const struct { unsigned long st, ms; } map[] = {
		{ ST_NOSUID, MS_NOSUID },	{ ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC },	{ ST_SYNCHRONOUS, MS_SYNCHRONOUS },
		{ ST_NOATIME, MS_NOATIME },	{ ST_NODIRATIME, MS_NODIRATIME },
		{ ST_RELATIME, MS_RELATIME },
	};
	unsigned long ms = 0;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (st & map[i].st)
			ms |= map[i].ms;
	return ms;
}

/* True when path is the root of its mount (its parent is on another device, or it is /). */
static bool is_mount_point(const char *path)
{
	struct stat self, parent;
	char *up = xasprintf("%s/..", path);
	bool ret = stat(path, &self) == 0 && stat(up, &parent) == 0 &&
		   (self.st_dev != parent.st_dev || self.st_ino == parent.st_ino);

	free(up);
	return ret;
}

int remount_writable(struct remount *r, const char *path, char *err, size_t errlen)
{
	struct statvfs vfs;

	memset(r, 0, sizeof(*r));
	if (statvfs(path, &vfs) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!(vfs.f_flag & ST_RDONLY))
		return 0;
	if (!is_mount_point(path)) {
		snprintf(err, errlen, _("%s is on a read-only file system mounted elsewhere"), path);
		return -1;
	}
	r->flags = mount_flags(vfs.f_flag);
	if (mount(NULL, path, NULL, MS_REMOUNT | r->flags, NULL) < 0) {
		snprintf(err, errlen, _("cannot mount %s read-write: %s"), path, strerror(errno));
		return -1;
	}
	r->mountpoint = xstrdup(path);
	r->was_readonly = true;
	return 0;
}

int remount_restore(struct remount *r, char *err, size_t errlen)
{
	int ret = 0, fd;

	if (!r->was_readonly)
		return 0;
	/* Everything written reaches the disk before the mount stops taking writes. */
	fd = open(r->mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
	if (mount(NULL, r->mountpoint, NULL, MS_REMOUNT | MS_RDONLY | r->flags, NULL) < 0) {
		snprintf(err, errlen, _("cannot mount %s read-only again: %s"), r->mountpoint,
			 strerror(errno));
		ret = -1;
	}
	free(r->mountpoint);
	memset(r, 0, sizeof(*r));
	return ret;
}
