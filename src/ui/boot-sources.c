/* boot-sources.c - find boot entries on the configured partition roots, or on the discovered disks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/parser.h"
#include "i18n.h"
#include "ui/boot-sources.h"

static void load_discovered(struct discovery *disc, struct boot_entry_list *list)
{
	struct discover_options opt = { 0 };
	size_t i;

	discover_entries(disc, &opt, list);
	for (i = 0; i < disc->warnings.n; i++)
		boot_list_warn(list, "%s", disc->warnings.v[i]);
}

void ui_load_entries(const struct ui_config *cfg, struct discovery *disc,
		     struct boot_entry_list *list)
{
	const struct strlist *dirs = &cfg->boot_dirs;
	size_t i;

	if (dirs->n == 0) {
		load_discovered(disc, list);
		return;
	}
	for (i = 0; i < dirs->n; i++) {
		struct boot_partition part = { .root = dirs->v[i] };
		struct stat st;

		if (stat(dirs->v[i], &st) < 0) {
			boot_list_warn(list, _("%s: %s"), dirs->v[i], strerror(errno));
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			boot_list_warn(list, _("%s: not a directory"), dirs->v[i]);
			continue;
		}
		/* Each root is one partition, the only one its configs can search. */
		boot_scan_partition(list, &part, 1, 0);
	}
}

long ui_setting_default_entry(const struct boot_entry_list *list, const char *setting)
{
	char *end;
	unsigned long n;
	size_t i;

	for (i = 0; i < list->count; i++)
		if (!strcmp(list->items[i]->name, setting))
			return (long)i;
	n = strtoul(setting, &end, 10);
	if (end != setting && !*end && n >= 1 && n <= list->count)
		return (long)n - 1;
	return -1;
}

size_t ui_default_entry(const struct boot_entry_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->items[i]->is_default)
			return i;
	return 0;
}
