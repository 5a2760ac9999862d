/* boot-sources.h - which partitions the menu looks at, and the entries found there. */
#ifndef VIGIL_BOOT_SOURCES_H
#define VIGIL_BOOT_SOURCES_H

#include <stddef.h>

#include "boot/entry.h"
#include "boot/strbuf.h"
#include "ui/ui-config.h"

/*
 * The mounted partition roots to scan. For now these are the config's
 * boot_dirs and "vigil menu --boot-dir DIR"; this is where block-device
 * discovery will plug in.
 */
void ui_boot_sources(const struct ui_config *cfg, struct strlist *out);

/* Scan every source; a missing or unreadable one becomes a list warning. */
void ui_load_entries(const struct ui_config *cfg, struct boot_entry_list *list);

/* Index of the entry marked default by its config, else 0 (list must not be empty). */
size_t ui_default_entry(const struct boot_entry_list *list);

#endif
