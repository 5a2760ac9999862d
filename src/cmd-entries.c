/* cmd-entries.c - "vigil entries": list the boot entries found on mounted partitions. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/discover.h"
#include "boot/entry.h"
#include "boot/json.h"
#include "boot/parser.h"
#include "cmd.h"
#include "i18n.h"

static void print_readable(const struct boot_entry_list *list)
{
	size_t i, j;

	for (i = 0; i < list->count; i++) {
		const struct boot_entry *e = list->items[i];

		printf("%s %s\n", e->is_default ? "*" : " ", e->name);
		printf(_("    from    %s (%s)\n"), e->file, boot_source_name(e->source));
		printf(_("    %-7s %s\n"), e->kind == BOOT_KIND_XEN ? "xen" : "kernel", e->kernel);
		for (j = 0; j < e->initrd.n; j++)
			printf(_("    initrd  %s\n"), e->initrd.v[j]);
		if (e->cmdline && *e->cmdline)
			printf(_("    cmdline %s\n"), e->cmdline);
		for (j = 0; j < e->n_modules; j++)
			printf(_("    module  %s %s\n"), e->modules[j].path, e->modules[j].cmdline);
		for (j = 0; j < e->warnings.n; j++)
			printf(_("    warning %s\n"), e->warnings.v[j]);
	}
	if (list->count == 0)
		printf(_("No boot entries found.\n"));
}

static int cmd_entries(int argc, char **argv)
{
	struct boot_entry_list list = { 0 };
	struct discovery disc = { 0 };
	struct discover_options dopt = { 0 };
	bool json = false;
	int i, first = 1, ret = EXIT_OK;

	if (argc > 1 && !strcmp(argv[1], "--json")) {
		json = true;
		first = 2;
	}
	for (i = first; i < argc; i++)
		if (argv[i][0] == '-' && strcmp(argv[i], "-"))
			return cmd_usage_error(&cmd_entries_entry, _("unknown option"));
	for (i = first; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, _("vigil entries: %s: %s\n"), argv[i], strerror(errno));
			return EXIT_FAIL;
		}
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("vigil entries: %s: not a directory\n"), argv[i]);
			return EXIT_FAIL;
		}
	}
	if (first >= argc) {
		/* No DIR: every disk's file systems, mounted read-only for the scan. */
		discover_entries(&disc, &dopt, &list);
		for (i = 0; (size_t)i < disc.warnings.n; i++)
			fprintf(stderr, _("vigil entries: warning: %s\n"), disc.warnings.v[i]);
	}
	for (i = first; i < argc; i++) {
		/* Each DIR is one partition, and the only one its configs can search. */
		struct boot_partition part = { .root = argv[i] };

		boot_scan_partition(&list, &part, 1, 0);
	}
	for (i = 0; (size_t)i < list.warnings.n; i++)
		fprintf(stderr, _("vigil entries: warning: %s\n"), list.warnings.v[i]);
	if (json) {
		struct strbuf sb = { 0 };
		size_t j, k;

		for (j = 0; j < list.count; j++)
			for (k = 0; k < list.items[j]->warnings.n; k++)
				fprintf(stderr, _("vigil entries: warning: %s\n"),
					list.items[j]->warnings.v[k]);
		json_put_entries(&sb, &list);
		fputs(sb.s, stdout);
		sb_free(&sb);
	} else {
		print_readable(&list);
	}
	if (fflush(stdout) != 0)
		ret = EXIT_FAIL;
	boot_list_free(&list);
	discover_release(&disc);
	return ret;
}

const struct vigil_cmd cmd_entries_entry = {
	.name = "entries",
	.usage = "[--json] [DIR...]",
	.summary = N_("list the boot entries (GRUB, syslinux, BLS) of all disks or of mounted partitions"),
	.run = cmd_entries,
};
