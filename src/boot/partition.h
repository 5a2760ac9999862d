/* partition.h - a partition as the config parsers see it: identity and where it is mounted. */
#ifndef VIGIL_BOOT_PARTITION_H
#define VIGIL_BOOT_PARTITION_H

#include <stddef.h>

/*
 * Filled by device discovery (or by "vigil entries DIR", where DIR is the only
 * partition and nothing but root is known). Strings are borrowed.
 */
struct boot_partition {
	const char *root;	/* directory where it is mounted (read-only) */
	const char *device;	/* identity copied into entries, e.g. fs UUID; may be NULL */
	const char *uuid;	/* filesystem UUID for GRUB's search --fs-uuid; NULL if unknown */
	const char *label;	/* filesystem label for search --label; NULL if unknown */
	const char *grub_name;	/* GRUB device name ("hd0,gpt2"); NULL: one is made up */
	const char *fstype;	/* blkid's TYPE ("iso9660", "vfat"...); NULL if unknown */
};

#endif
