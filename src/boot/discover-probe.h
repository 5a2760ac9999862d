/* discover-probe.h - what libblkid says is on one block device. */
#ifndef VIGIL_BOOT_DISCOVER_PROBE_H
#define VIGIL_BOOT_DISCOVER_PROBE_H

#include <stdbool.h>
#include <stddef.h>

struct probe_result {
	char *fstype;	/* blkid TYPE: "ext4", "vfat", "crypto_LUKS"...; NULL if none */
	char *uuid;	/* NULL if none */
	char *label;	/* NULL if none */
	char *scheme;	/* partition table of a partition: "dos", "gpt"; NULL for a whole disk */
};

/*
 * Probe devnode's superblocks (and, for a partition, its table entry).
 * Returns 0 with r filled (fstype may be NULL: nothing recognised), or -1
 * with err naming the device (unreadable, or several file system signatures).
 */
int probe_device(const char *devnode, struct probe_result *r, char *err, size_t errlen);

void probe_result_free(struct probe_result *r);

/*
 * Does devnode hold a LUKS1/LUKS2 header (blkid TYPE crypto_LUKS)? Only that
 * signature is looked for, so a leftover file system signature beside it
 * does not hide it. 1 with *uuid (blkid's UUID, NULL if none; free it), 0 if
 * not, -1 with err naming the device when it cannot be read.
 */
int probe_luks(const char *devnode, char **uuid, char *err, size_t errlen);

/* Can vigil mount and read boot configs from this file system type? */
bool probe_fstype_supported(const char *fstype);

#endif
