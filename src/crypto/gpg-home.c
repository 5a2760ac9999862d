/* gpg-home.c - make and remove GnuPG homes on tmpfs or ramfs. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/gpg-home.h"
#include "i18n.h"

/* Every passphrase is asked for each time (through the caller's loopback), none is kept. */
static const char agent_conf[] = "default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n";

/*
 * Cards through pcscd only: scdaemon's own CCID driver refuses T=0 readers
 * (QEMU's usb-ccid) and would take a reader away from pcscd. The payload's
 * scdaemon is built without that driver; this holds for any other scdaemon.
 */
static const char scdaemon_conf[] = "disable-ccid\n";

int gpg_home_card_conf(const char *dir, char *err, size_t errlen)
{
	char path[GPG_HOME_MAX + 32];

	if (snprintf(path, sizeof(path), "%s/scdaemon.conf", dir) >= (int)sizeof(path)) {
		snprintf(err, errlen, _("the path %s is too long for a GnuPG home"), dir);
		return -1;
	}
	if (file_write_atomic(path, scdaemon_conf, strlen(scdaemon_conf), 0600) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

bool gpg_home_in_memory(const char *path)
{
	struct statfs fs;

	if (statfs(path, &fs) < 0)
		return false;
	return fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC;
}

int gpg_home_new(const char *base, char dir[GPG_HOME_MAX], char *err, size_t errlen)
{
	char conf[GPG_HOME_MAX + 32];
	int n;

	dir[0] = '\0';
	if (!gpg_home_in_memory(base)) {
		snprintf(err, errlen, _("%s is not in memory (tmpfs or ramfs): a secret key must not "
					"be written there"), base);
		return -1;
	}
	n = snprintf(dir, GPG_HOME_MAX, "%s/" GPG_HOME_NAME "XXXXXX", base);
	if (n < 0 || n >= GPG_HOME_MAX) {
		snprintf(err, errlen, _("the path %s is too long for a GnuPG home"), base);
		dir[0] = '\0';
		return -1;
	}
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, _("cannot make a GnuPG home in %s: %s"), base, strerror(errno));
		dir[0] = '\0';
		return -1;
	}
	snprintf(conf, sizeof(conf), "%s/gpg-agent.conf", dir);
	if (file_write_atomic(conf, agent_conf, strlen(agent_conf), 0600) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), conf, strerror(errno));
		gpg_home_remove(dir);
		dir[0] = '\0';
		return -1;
	}
	if (gpg_home_card_conf(dir, err, errlen) < 0) {
		gpg_home_remove(dir);
		dir[0] = '\0';
		return -1;
	}
	return 0;
}

/* tmpfs does not clear freed pages: the key files are zeroed before they go. */
static void zero_file(const char *path, off_t size)
{
	static const char zeros[4096];
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	off_t done = 0;
	ssize_t n;

	if (fd < 0)
		return;
	while (done < size) {
		n = write(fd, zeros, size - done < (off_t)sizeof(zeros) ? (size_t)(size - done)
									: sizeof(zeros));
		if (n <= 0)
			break;
		done += n;
	}
	close(fd);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag == FTW_F && S_ISREG(st->st_mode))
		zero_file(path, st->st_size);
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

void gpg_home_remove(const char *dir)
{
	char *argv[] = { "gpgconf", "--homedir", (char *)dir, "--kill", "all", NULL };
	const char *name;

	if (!dir || !dir[0])
		return;
	name = strrchr(dir, '/');
	name = name ? name + 1 : dir;
	if (strncmp(name, GPG_HOME_NAME, strlen(GPG_HOME_NAME)) != 0)
		return;
	/* An agent left running would keep the home's keys in its memory. */
	spawn_wait(argv);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
