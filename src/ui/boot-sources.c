/* boot-sources.c - find boot entries on the configured partition roots (discovery comes later). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/parser.h"
#include "i18n.h"
#include "ui/boot-sources.h"

void ui_boot_sources(const struct ui_config *cfg, struct strlist *out)
{
	size_t i;

	for (i = 0; i < cfg->boot_dirs.n; i++)
		strlist_pushdup(out, cfg->boot_dirs.v[i]);
}

void ui_load_entries(const struct ui_config *cfg, struct boot_entry_list *list)
{
	struct strlist dirs = { 0 };
	size_t i;

	ui_boot_sources(cfg, &dirs);
	for (i = 0; i < dirs.n; i++) {
		struct boot_partition part = { .root = dirs.v[i] };
		struct stat st;

		if (stat(dirs.v[i], &st) < 0) {
			boot_list_warn(list, _("%s: %s"), dirs.v[i], strerror(errno));
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			boot_list_warn(list, _("%s: not a directory"), dirs.v[i]);
			continue;
		}
		/* Each root is one partition, the only one its configs can search. */
		boot_scan_partition(list, &part, 1, 0);
	}
	strlist_free(&dirs);
}

size_t ui_default_entry(const struct boot_entry_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->items[i]->is_default)
			return i;
	return 0;
}
