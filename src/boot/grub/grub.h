/* grub.h - list the entries of a grub.cfg by running it the way GRUB does. */
#ifndef VIGIL_BOOT_GRUB_H
#define VIGIL_BOOT_GRUB_H

#include <stddef.h>

#include "boot/entry.h"
#include "boot/partition.h"

/*
 * Interpret the GRUB config at cfg_path (relative to parts[self]) with
 * parts as the disks' partitions (search, "(dev)/path"), and add its
 * bootable entries to out in menu order, the default one marked. Nothing is
 * executed: the interpreter only reads files below the partitions' roots.
 * Returns the number of entries added.
 */
size_t grub_collect(struct boot_entry_list *out, const struct boot_partition *parts,
		    size_t nparts, size_t self, const char *cfg_path);

/* The same for a config already in memory (named cfg_path in messages). */
size_t grub_collect_text(struct boot_entry_list *out, const struct boot_partition *parts,
			 size_t nparts, size_t self, const char *cfg_path, const char *text,
			 size_t len);

#endif
