/* syslinux.h - syslinux/extlinux/isolinux configuration files. */
#ifndef VIGIL_BOOT_SYSLINUX_H
#define VIGIL_BOOT_SYSLINUX_H

#include <stddef.h>

#include "boot/entry.h"
#include "boot/partition.h"

/*
 * Read the config at path (partition-relative) with its INCLUDEs and add
 * its Linux and mboot.c32 (Xen) labels to out. Returns the number added.
 */
size_t syslinux_collect(struct boot_entry_list *out, const struct boot_partition *part,
			const char *path);

/* The same for a config already in memory (text is named path). */
size_t syslinux_collect_text(struct boot_entry_list *out, const struct boot_partition *part,
			     const char *path, const char *text);

#endif
