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

/* Can vigil mount and read boot configs from this file system type? */
bool probe_fstype_supported(const char *fstype);

#endif
