/* mount.h - mount a discovered file system read-only under the run directory, and undo it. */
#ifndef VIGIL_BOOT_MOUNT_H
#define VIGIL_BOOT_MOUNT_H

#include <stdbool.h>
#include <stddef.h>

/* mkdir -p for the run directories (mode 0700 for the parts made here); -1 with err. */
int mount_make_dirs(const char *dir, char *err, size_t errlen);

/*
 * Mount devnode (file system fstype as blkid names it) read-only at
 * mountpoint, creating the directory. If devnode is already mounted there,
 * nothing is done and *mounted_here is false. -1 with err naming the device.
 */
int mount_readonly(const char *devnode, const char *fstype, const char *mountpoint,
		   bool *mounted_here, char *err, size_t errlen);

/* Unmount mountpoint and remove the directory; -1 with err. */
int mount_release(const char *mountpoint, char *err, size_t errlen);

#endif
