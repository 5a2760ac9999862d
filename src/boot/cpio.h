/*
 * cpio.h - write a small newc ("070701") cpio archive, the format the Linux
 * kernel unpacks from an initrd: vigil appends one to the OS's initrd to
 * hand over what the booted system needs from the firmware (the event log).
 */
#ifndef VIGIL_BOOT_CPIO_H
#define VIGIL_BOOT_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name;	/* "vigil/eventlog.bin": relative, no leading "/" */
	uint32_t mode;		/* with the type bits: 0040755 for a directory, 0100444 a file */
	const void *data;	/* file contents; NULL for a directory */
	size_t len;
};

/* Write entries (parents before children) and the trailer to path, atomically. */
int cpio_write(const char *path, const struct cpio_entry *entries, size_t n,
	       char *err, size_t errlen);

#endif
