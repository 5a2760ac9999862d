/* boot-sources.h - which partitions the menu looks at, and the entries found there. */
#ifndef VIGIL_BOOT_SOURCES_H
#define VIGIL_BOOT_SOURCES_H

#include <stddef.h>

#include "boot/discover.h"
#include "boot/entry.h"
#include "boot/strbuf.h"
#include "ui/ui-config.h"

/*
 * Load the entries: from the config's boot_dirs ("vigil menu --boot-dir
 * DIR"), each a partition root, when it names any; else from every disk
 * discovery finds, mounted read-only into disc until discover_release(),
 * so kexec can read the files later. Problems become list warnings.
 */
void ui_load_entries(const struct ui_config *cfg, struct discovery *disc,
		     struct boot_entry_list *list);

/* Index of the entry marked default by its config, else 0 (list must not be empty). */
size_t ui_default_entry(const struct boot_entry_list *list);
/*
 * The entry the owner's "default" setting names: a number from 1, or a
 * title. -1 when none matches (the OS's own default stands then).
 */
long ui_setting_default_entry(const struct boot_entry_list *list, const char *setting);

#endif
