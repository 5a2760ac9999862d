/* cmd-boot.c - "vigil boot": choose an entry, show its kexec plan, load it and jump to it. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/discover.h"
#include "boot/entry.h"
#include "boot/kexec.h"
#include "boot/verify-entry.h"
#include "ui/boot-lock.h"
#include "boot/parser.h"
#include "cmd.h"
#include "hw/romboot.h"
#include "common/kvconf.h"
#include "i18n.h"

#define BOARD_CONFIG SYSCONFDIR "/vigil/board.conf"

struct boot_args {
	const char *entry;	/* NULL: the configs' default */
	const char *config;
	bool dry_run;
	bool unverified;	/* the owner skips verification: measured as such */
	char **dirs;
	int ndirs;
};

static int parse_args(int argc, char **argv, struct boot_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	/* In firmware init writes the board config plus the ROM's settings and keyring. */
	a->config = access(ROMBOOT_SETTINGS, F_OK) == 0 ? ROMBOOT_SETTINGS : BOARD_CONFIG;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--default")) {
			a->entry = NULL;
		} else if (!strcmp(argv[i], "--dry-run")) {
			a->dry_run = true;
		} else if (!strcmp(argv[i], "--unverified")) {
			a->unverified = true;
		} else if (!strcmp(argv[i], "--entry") && i + 1 < argc) {
			a->entry = argv[++i];
		} else if (!strcmp(argv[i], "--config") && i + 1 < argc) {
			a->config = argv[++i];
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			return cmd_usage_error(&cmd_boot_entry, _("unknown option or missing argument"));
		}
	}
	a->dirs = argv + i;
	a->ndirs = argc - i;
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The entry to boot: exact name, else index; the configs' default without a name. */
static const struct boot_entry *choose(const struct boot_entry_list *list, const char *name)
{
	const struct boot_entry *found = NULL;
	size_t i, matches = 0;

	if (list->count == 0) {
		fprintf(stderr, _("vigil boot: no boot entries found\n"));
		return NULL;
	}
	if (!name) {
		for (i = 0; i < list->count; i++)
			if (list->items[i]->is_default)
				return list->items[i];
		/* GRUB boots the first entry when nothing is marked. */
		return list->items[0];
	}
	for (i = 0; i < list->count; i++)
		if (!strcmp(list->items[i]->name, name)) {
			found = list->items[i];
			matches++;
		}
	if (matches > 1) {
		/* Two disks with the same OS: booting either by guess is not a choice. */
		fprintf(stderr, _("vigil boot: %zu entries are named '%s': choose one by its "
				  "number (vigil entries lists them in order, from 0)\n"),
			matches, name);
		return NULL;
	}
	if (found)
		return found;
	if (all_digits(name)) {
		unsigned long long n = strtoull(name, NULL, 10);

		if (n < list->count)
			return list->items[n];
	}
	fprintf(stderr, _("vigil boot: no entry named '%s' (see vigil entries)\n"), name);
	return NULL;
}

/* The board's command line edits; a missing file means none, a broken one stops the boot. */
static int load_config(const char *path, struct kvconf *conf, struct kexec_options *opt)
{
	char err[512];

	memset(conf, 0, sizeof(*conf));
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (kvconf_load(conf, path, err, sizeof(err)) < 0) {
		fprintf(stderr, _("vigil boot: %s\n"), err);
		return -1;
	}
	kexec_options_from_config(opt, conf);
	return 0;
}

static int scan_dirs(char **dirs, int ndirs, struct boot_entry_list *list)
{
	int i;

	for (i = 0; i < ndirs; i++) {
		struct stat st;
		struct boot_partition part = { .root = dirs[i] };

		if (stat(dirs[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, _("vigil boot: %s: not a directory\n"), dirs[i]);
			return -1;
		}
		boot_scan_partition(list, &part, 1, 0);
	}
	return 0;
}

static void print_plan(const struct boot_entry *e, const struct kexec_plan *plan)
{
	struct strlist lines = { 0 };
	size_t i;

	printf(_("Booting '%s'\n"), e->name);
	printf(_("  from %s on %s (%s)\n"), e->file, e->device ? e->device : e->host_root,
	       boot_source_name(e->source));
	kexec_plan_describe(plan, &lines);
	for (i = 0; i < lines.n; i++)
		printf("  %s\n", lines.v[i]);
	strlist_free(&lines);
	fflush(stdout);
}

/*
 * The same policy as the menus: with keys in the ROM the partition must be
 * what the owner signed; an unverified boot is refused when restricted and
 * otherwise measured as "unverified". Sets the boot mode kexec records.
 */
static int check_entry(const struct boot_entry *e, const struct kvconf *conf,
		       const struct boot_args *a, struct kexec_options *kopt)
{
	const char *keyring = kvconf_get(conf, "keyring");
	const char *restricted = kvconf_get(conf, "restricted");
	enum boot_check check = boot_check_choose(keyring != NULL, a->unverified,
						  restricted && !strcmp(restricted, "yes"));
	struct bootverify_result res;

	switch (check) {
	case BOOT_CHECK_FORBIDDEN:
		fprintf(stderr, _("vigil boot: unverified boots are not allowed (restricted = yes)\n"));
		return -1;
	case BOOT_CHECK_VERIFY:
		if (verify_entry(e, keyring, NULL, &res) != BV_OK) {
			fprintf(stderr, _("vigil boot: refused: %s\n"), res.message);
			return -1;
		}
		printf(_("verified: %s\n"), res.message);
		break;
	case BOOT_CHECK_NO_KEYS:
		printf(_("not verified: no keys in the ROM\n"));
		break;
	case BOOT_CHECK_UNVERIFIED:
		printf(_("booting unverified, as asked: recorded in PCR 4\n"));
		break;
	}
	kopt->boot_mode = boot_check_mode(check, boot_entry_from_usb(e, NULL));
	return 0;
}

static int cmd_boot(int argc, char **argv)
{
	struct boot_args a;
	struct boot_entry_list list = { 0 };
	struct discovery disc = { 0 };
	struct discover_options dopt = { 0 };
	struct kexec_options kopt = { 0 };
	struct kexec_plan plan;
	struct kvconf conf;
	const struct boot_entry *e;
	char err[1024];
	size_t i;
	int ret = EXIT_FAIL, lock = -1;

	if (parse_args(argc, argv, &a) != 0)
		return EXIT_USAGE;
	if (load_config(a.config, &conf, &kopt) < 0)
		return EXIT_FAIL;
	kopt.handoff = 1;	/* the event log rides along in the OS's initrd */
	if (a.ndirs > 0) {
		if (scan_dirs(a.dirs, a.ndirs, &list) < 0)
			goto out;
	} else {
		discover_entries(&disc, &dopt, &list);
		for (i = 0; i < disc.warnings.n; i++)
			fprintf(stderr, _("vigil boot: warning: %s\n"), disc.warnings.v[i]);
	}
	e = choose(&list, a.entry);
	if (!e)
		goto out;
	if (kexec_plan_build(e, &kopt, &plan, err, sizeof(err)) < 0) {
		fprintf(stderr, _("vigil boot: %s\n"), err);
		goto out;
	}
	print_plan(e, &plan);
	/* The menus on the consoles may be booting too: one kexec load at a time. */
	if (!a.dry_run && (lock = boot_lock_take(getenv("VIGIL_BOOT_LOCK"),
						 getenv("VIGIL_CONSOLE"), err, sizeof(err))) < 0) {
		fprintf(stderr, _("vigil boot: %s\n"), err);
	} else if (check_entry(e, &conf, &a, &kopt) < 0) {
		ret = EXIT_FAIL;
	} else if (a.dry_run) {
		ret = EXIT_OK;
	} else if (kexec_boot_plan(e, &plan, &kopt, err, sizeof(err)) < 0) {
		fprintf(stderr, _("vigil boot: %s\n"), err);
	}
	boot_lock_release(lock);
	kexec_plan_free(&plan);
out:
	boot_list_free(&list);
	discover_release(&disc);
	kvconf_free(&conf);
	return ret;
}

const struct vigil_cmd cmd_boot_entry = {
	.name = "boot",
	.usage = "[--default | --entry NAME|NUMBER] [--unverified] [--dry-run] [--config FILE] [DIR...]",
	.summary = N_("load an entry with kexec and start it (the default one unless named)"),
	.run = cmd_boot,
};
