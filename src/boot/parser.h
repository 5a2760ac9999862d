/* parser.h - find the boot configs of a partition and run the matching parser on each. */
#ifndef VIGIL_BOOT_PARSER_H
#define VIGIL_BOOT_PARSER_H

#include <stddef.h>

#include "boot/entry.h"
#include "boot/partition.h"

/*
 * Look for grub.cfg, syslinux-family configs and BLS entries in the usual
 * places of parts[self] and add their entries to out (GRUB first, then
 * syslinux, then BLS). parts are all known partitions, for GRUB's search.
 * BLS entries already listed through GRUB's blscfg are not repeated.
 * Returns the number of entries added.
 */
size_t boot_scan_partition(struct boot_entry_list *out, const struct boot_partition *parts,
			   size_t nparts, size_t self);

#endif
