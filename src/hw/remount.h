/* remount.h - a mounted file system made writable for one job, then put back as it was. */
#ifndef VIGIL_REMOUNT_H
#define VIGIL_REMOUNT_H

#include <stdbool.h>
#include <stddef.h>

struct remount {
	char *mountpoint;
	bool was_readonly;	/* remount_restore() makes it read-only again */
	unsigned long flags;	/* its other mount flags (nosuid, noexec, ...), kept */
};

/*
 * Make the file system at path writable: when it is mounted read-only (path
 * must then be its mount point) remount it read-write with its other flags
 * kept; when it is writable already, leave it alone. Returns 0, or -1 with
 * err naming the path.
 */
int remount_writable(struct remount *r, const char *path, char *err, size_t errlen);

/*
 * Put it back as remount_writable() found it: flush it and remount it
 * read-only if it was. Returns 0, or -1 with err (busy, say): it is then
 * still writable. r is released either way.
 */
int remount_restore(struct remount *r, char *err, size_t errlen);

#endif
