/* mount.c - read-only, nosuid, nodev, noexec mounts of boot partitions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/mount.h"
#include "common/xmalloc.h"

/* What vigil mounts from disks: nothing on them runs, nothing is written. */
#define MOUNT_RO_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define MOUNT_BUSY_WAIT_STEPS 20	/* of 100 ms */

int mount_make_dirs(const char *dir, char *err, size_t errlen)
{
	char *path = xstrdup(dir), *p;
	struct stat st;
	int ret = 0;

	for (p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && (errno != EEXIST || stat(path, &st) < 0 ||
					      !S_ISDIR(st.st_mode))) {
			snprintf(err, errlen, "%s: %s", path,
				 errno == EEXIST ? "not a directory" : strerror(errno));
			ret = -1;
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(path);
	return ret;
}

/* Is the file system of devnode the one mounted at mountpoint? */
static bool mounted_at(const char *devnode, const char *mountpoint)
{
	struct stat dev, mp;

	return stat(devnode, &dev) == 0 && S_ISBLK(dev.st_mode) &&
	       stat(mountpoint, &mp) == 0 && mp.st_dev == dev.st_rdev;
}

/*
 * EBUSY: another menu (there is one per console) is mounting the same file
 * system at the same place. Wait a little for it to be there, and share it.
 */
static bool mounted_by_another(const char *devnode, const char *mountpoint)
{
	int i;

	for (i = 0; i < MOUNT_BUSY_WAIT_STEPS; i++) {
		if (mounted_at(devnode, mountpoint))
			return true;
		usleep(100 * 1000);
	}
	errno = EBUSY;
	return false;
}

int mount_readonly(const char *devnode, const char *fstype, const char *mountpoint,
		   bool *mounted_here, char *err, size_t errlen)
{
	int ret;

	*mounted_here = false;
	if (mount_make_dirs(mountpoint, err, errlen) < 0)
		return -1;
	if (mounted_at(devnode, mountpoint))
		return 0;
	ret = mount(devnode, mountpoint, fstype, MOUNT_RO_FLAGS, NULL);
	/* ext2 and ext3 are read by the ext4 driver when the kernel has no other. */
	if (ret < 0 && errno == ENODEV && !strncmp(fstype, "ext", 3))
		ret = mount(devnode, mountpoint, "ext4", MOUNT_RO_FLAGS, NULL);
	if (ret < 0 && errno == EBUSY && mounted_by_another(devnode, mountpoint))
		return 0;
	if (ret < 0) {
		snprintf(err, errlen, "%s: cannot mount %s read-only at %s: %s", devnode, fstype,
			 mountpoint, strerror(errno));
		rmdir(mountpoint);
		return -1;
	}
	*mounted_here = true;
	return 0;
}

int mount_release(const char *mountpoint, char *err, size_t errlen)
{
	if (umount2(mountpoint, UMOUNT_NOFOLLOW) < 0 &&
	    (errno != EBUSY || umount2(mountpoint, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)) {
		snprintf(err, errlen, "%s: cannot unmount: %s", mountpoint, strerror(errno));
		return -1;
	}
	rmdir(mountpoint);
	return 0;
}
