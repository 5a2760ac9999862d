/* cmd-rom.c - "vigil rom": the owner's keys and settings in a ROM file, edited on the host with cbfstool. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "common/fileio.h"
#include "common/kvconf.h"
#include "crypto/passphrase-hash.h"
#include "crypto/secret.h"
#include "hw/flash-edit.h"
#include "hw/flash.h"
#include "hw/romedit-keys.h"
#include "hw/romedit-settings.h"
#include "hw/romedit.h"
#include "hw/romkeys.h"
#include "hw/romsettings.h"
#include "i18n.h"

#define KEYFILE_MAX_SIZE ROMFILE_MAX_SIZE
#define BOARD_CONFIG SYSCONFDIR "/vigil/board.conf"

static void print_settings_help(FILE *out)
{
	size_t i;

	fprintf(out, _("Settings (vigil rom set ROM KEY=VALUE; KEY= removes one):\n"));
	for (i = 0; i < romsettings_count(); i++)
		fprintf(out, "  %-28s %s\n", romsetting_at(i)->key, _(romsetting_at(i)->help));
}

static int fail(const char *action, const char *err)
{
	fprintf(stderr, "vigil rom %s: %s\n", action, err);
	return EXIT_FAIL;
}

static int rom_list(const struct romedit *ed)
{
	char hex[SHA256_HEX_LEN + 1];
	uint8_t pcr7[SHA256_LEN];
	size_t i;

	if (ed->files.count == 0)
		printf(_("no vigil/ files in %s\n"), ed->rom_path);
	for (i = 0; i < ed->files.count; i++) {
		hash_hex(ed->files.items[i].sha256, SHA256_LEN, hex);
		printf("%s  %8zu  %s\n", hex, ed->files.items[i].len, ed->files.items[i].name);
	}
	romfiles_predict_pcr7(&ed->files, pcr7);
	hash_hex(pcr7, SHA256_LEN, hex);
	printf(_("PCR 7 sha256: %s (the ROM's vigil/ files, as vigil init measures them)\n"), hex);
	if (ed->has_pcr2) {
		hash_hex(ed->pcr2.pcr, SHA256_LEN, hex);
		printf(_("PCR 2 sha256: %s\n"), hex);
	} else {
		printf(_("PCR 2: not predictable (not a ROM with coreboot's stages and payload)\n"));
	}
	return EXIT_OK;
}

static void print_key(const struct romkey *k)
{
	printf("%s  %s", k->fpr, k->uid[0] ? k->uid : _("(no user id)"));
	if (k->nuids > 1)
		printf(_(" (+%zu user ids)"), k->nuids - 1);
	if (k->revoked)
		printf(_(" [revoked]"));
	if (k->expired)
		printf(_(" [expired]"));
	if (k->disabled || k->invalid)
		printf(_(" [unusable]"));
	printf("\n");
}

static int key_list(struct romedit *ed)
{
	const struct romfile *keys = romfiles_get(&ed->files, ROMFILE_KEYS);
	struct romkey_list list;
	char err[512];
	size_t i;

	if (!keys) {
		printf(_("no keys in %s (%s)\n"), ed->rom_path, ROMFILE_KEYS);
		return EXIT_OK;
	}
	if (romkeys_list(keys->data, keys->len, &list, err, sizeof(err)) < 0)
		return fail("key list", err);
	for (i = 0; i < list.count; i++)
		print_key(&list.items[i]);
	romkey_list_free(&list);
	return EXIT_OK;
}

static int key_add(struct romedit *ed, const char *keyfile)
{
	char err[512], *add;
	size_t add_len, new_keys = 0;
	int ret;

	add = file_read_all(keyfile, &add_len, KEYFILE_MAX_SIZE);
	if (!add) {
		snprintf(err, sizeof(err), _("key file %s: %s"), keyfile, strerror(errno));
		return fail("key add", err);
	}
	ret = romedit_add_keys(ed, add, add_len, keyfile, &new_keys, err, sizeof(err));
	free(add);
	if (ret < 0 || romedit_commit(ed, err, sizeof(err)) < 0)
		return fail("key add", err);
	printf(_("%zu new keys in %s (%s)\n"), new_keys, ed->rom_path, ROMFILE_KEYS);
	return EXIT_OK;
}

static int key_remove(struct romedit *ed, const char *fpr)
{
	struct romkey removed;
	char err[512];
	bool none_left;

	if (romedit_remove_key(ed, fpr, &removed, &none_left, err, sizeof(err)) < 0 ||
	    romedit_commit(ed, err, sizeof(err)) < 0)
		return fail("key remove", err);
	printf(_("removed from %s: "), ed->rom_path);
	print_key(&removed);
	if (none_left)
		printf(_("the ROM holds no keys now: vigil cannot verify /boot until you add one\n"));
	return EXIT_OK;
}

static int rom_set(struct romedit *ed, int nargs, char **args)
{
	struct kvconf conf;
	char err[1600];
	int i, ret = EXIT_FAIL;

	if (romedit_load_settings(ed, &conf, err, sizeof(err)) < 0)
		goto out;
	for (i = 0; i < nargs; i++)
		if (romsetting_assign(&conf, args[i], err, sizeof(err)) < 0)
			goto out_conf;
	ret = romedit_store_settings(ed, &conf, err, sizeof(err));
	if (ret == 0)
		ret = romedit_commit(ed, err, sizeof(err));
	ret = ret == 0 ? EXIT_OK : EXIT_FAIL;
out_conf:
	kvconf_free(&conf);
out:
	return ret == EXIT_OK ? EXIT_OK : fail("set", err);
}

/* Put key=value into the ROM's settings: 0, or -1 with err and the ROM untouched. */
static int store_setting(struct romedit *ed, const char *key, const char *value,
			 char *err, size_t errlen)
{
	int ret = romedit_set_setting(ed, key, value, err, errlen);

	if (ret == 0)
		ret = romedit_commit(ed, err, errlen);
	return ret;
}

/* A new passphrase, typed twice (without echo on a terminal; two lines from a pipe). */
static struct secret *read_new_passphrase(char *err, size_t errlen)
{
	struct secret *first, *again;
	char why[256];
	bool same;

	first = secret_read_line(0, _("New recovery passphrase: "), PASSPHRASE_MAX, err, errlen);
	if (!first)
		return NULL;
	if (first->len == 0) {
		snprintf(err, errlen, _("the passphrase is empty"));
		secret_free(first);
		return NULL;
	}
	again = secret_read_line(0, _("Repeat it: "), PASSPHRASE_MAX, why, sizeof(why));
	if (!again) {
		snprintf(err, errlen, _("the passphrase must be given twice: %s"), why);
		secret_free(first);
		return NULL;
	}
	same = first->len == again->len && !memcmp(first->data, again->data, first->len);
	secret_free(again);
	if (!same) {
		snprintf(err, errlen, _("the two passphrases differ"));
		secret_free(first);
		return NULL;
	}
	return first;
}

/* The ROM is open already: a wrong path is better known before the typing. */
static int rom_recovery_passphrase(struct romedit *ed)
{
	struct passphrase_hash h;
	struct secret *pass;
	char err[1600], *value;
	int ret;

	pass = read_new_passphrase(err, sizeof(err));
	ret = pass ? passphrase_hash_new(&h, pass, err, sizeof(err)) : -1;
	secret_free(pass);
	if (ret < 0)
		return fail("recovery-passphrase", err);
	value = passphrase_hash_format(&h);
	ret = store_setting(ed, "recovery_passphrase", value, err, sizeof(err));
	if (ret == 0)
		printf("recovery_passphrase = \"%s\"\n", value);
	free(value);
	return ret == 0 ? EXIT_OK : fail("recovery-passphrase", err);
}

/* key NULL: every setting. */
static int rom_get(const struct romedit *ed, const char *key)
{
	struct kvconf conf;
	char err[1024];
	const char *v;
	size_t i;
	int ret = EXIT_OK;

	if (romedit_load_settings(ed, &conf, err, sizeof(err)) < 0)
		return fail("get", err);
	if (!key) {
		for (i = 0; i < conf.count; i++)
			printf("%s = %s\n", conf.items[i].key, conf.items[i].value);
	} else if ((v = kvconf_get(&conf, key))) {
		printf("%s\n", v);
	} else if (!romsetting_known(key)) {
		snprintf(err, sizeof(err), _("unknown setting '%s' (see vigil rom --help)"), key);
		ret = fail("get", err);
	} else {
		fprintf(stderr, _("vigil rom get: %s is not set in %s\n"), key, ed->rom_path);
		ret = EXIT_FAIL;
	}
	kvconf_free(&conf);
	return ret;
}

/* An action as the command line gives it, its ROM file (none with --flash) taken out. */
struct rom_request {
	const char *action;	/* list, key, set, get or recovery-passphrase */
	const char *sub;	/* key's add, list or remove; NULL for the others */
	const char *rom;	/* NULL: the flash */
	int nargs;		/* what follows the ROM */
	char **args;
};

/* Why argv (the action first; n words counting the ROM file) is no valid use, or NULL. */
static const char *misuse(int n, char **argv, bool on_flash)
{
	const char *a = argv[0];

	if (!strcmp(a, "list"))
		return n == 2 ? NULL : _("list takes one ROM file");
	if (!strcmp(a, "key")) {
		if (n < 3)
			return on_flash ? _("key takes add, list or remove")
					: _("key takes add, list or remove and a ROM file");
		if (strcmp(argv[1], "list") ? (strcmp(argv[1], "add") && strcmp(argv[1], "remove")) ||
					      n != 4
					    : n != 3)
			return _("use key add ROM KEYFILE, key list ROM or key remove ROM FINGERPRINT");
		return NULL;
	}
	if (!strcmp(a, "set"))
		return n >= 3 ? NULL : _("set takes a ROM file and KEY=VALUE...");
	if (!strcmp(a, "get"))
		return n == 2 || n == 3 ? NULL : _("get takes a ROM file and maybe a KEY");
	if (!strcmp(a, "recovery-passphrase"))
		return n == 2 ? NULL : _("recovery-passphrase takes one ROM file");
	return _("unknown action");
}

/*
 * Split argv into r, checked before the ROM file or the flash is read; the
 * complaint for cmd_usage_error when it is no valid use, else NULL.
 */
static const char *parse_request(int argc, char **argv, bool on_flash, struct rom_request *r)
{
	int at = strcmp(argv[0], "key") ? 1 : 2;	/* where the ROM file is named */
	int rest = on_flash ? at : at + 1;
	const char *why = misuse(on_flash ? argc + 1 : argc, argv, on_flash);

	if (why)
		return why;
	r->action = argv[0];
	r->sub = at == 2 ? argv[1] : NULL;
	r->rom = on_flash ? NULL : argv[at];
	r->args = argv + rest;
	r->nargs = argc - rest;
	return NULL;
}

/* The action on an open ROM; what it changes, it commits to ed's ROM file. */
static int run_request(struct romedit *ed, const struct rom_request *r)
{
	if (!strcmp(r->action, "list"))
		return rom_list(ed);
	if (!strcmp(r->action, "set"))
		return rom_set(ed, r->nargs, r->args);
	if (!strcmp(r->action, "get"))
		return rom_get(ed, r->nargs ? r->args[0] : NULL);
	if (!strcmp(r->action, "recovery-passphrase"))
		return rom_recovery_passphrase(ed);
	if (!strcmp(r->sub, "list"))
		return key_list(ed);
	if (!strcmp(r->sub, "add"))
		return key_add(ed, r->args[0]);
	return key_remove(ed, r->args[0]);
}

static int on_file(const char *cbfstool, const struct rom_request *r)
{
	struct romedit ed;
	char err[2048];
	int ret;

	if (romedit_open(&ed, r->rom, cbfstool, err, sizeof(err)) < 0)
		return fail(r->action, err);
	ret = run_request(&ed, r);
	romedit_close(&ed);
	return ret;
}

/*
 * --flash: the action runs on a copy of the machine's flash (flash_edit:
 * read with flashrom), and a copy the action changed is written back. The
 * edit itself is romedit's: checked, and coreboot's measured files untouched.
 */
static int on_flash(const char *cbfstool, const char *board_config, const struct rom_request *r)
{
	struct flash_edit e;
	struct flash flash;
	char err[2048];
	bool changed;
	int ret;

	if (flash_open_board(&flash, board_config, err, sizeof(err)) < 0 ||
	    flash_edit_begin(&e, &flash, cbfstool, err, sizeof(err)) < 0)
		return fail(r->action, err);
	ret = run_request(&e.ed, r);
	if (ret != EXIT_OK)
		goto out;
	if (flash_edit_save(&e, &changed, err, sizeof(err)) < 0) {
		ret = fail(r->action, err);
		goto out;
	}
	if (!changed)
		goto out;
	printf(_("writing the changed ROM to the flash...\n"));
	fflush(stdout);
	if (flash_edit_write(&e, err, sizeof(err)) < 0) {
		ret = fail(r->action, err);
		goto out;
	}
	printf(_("the flash holds the change (written and verified); PCR 7 changes at the next "
		 "power-on: seal the TOTP secret again then\n"));
out:
	flash_edit_end(&e);
	return ret;
}

static int cmd_rom(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cbfstool", required_argument, NULL, 'c' },
		{ "flash", no_argument, NULL, 'f' },
		{ "board-config", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cbfstool_opt = NULL, *cbfstool, *board_config = BOARD_CONFIG, *why;
	struct rom_request r;
	bool flash = false;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cbfstool_opt = optarg;
			break;
		case 'f':
			flash = true;
			break;
		case 'b':
			board_config = optarg;
			break;
		case 'h':
			printf(_("Usage: vigil rom %s\n"), cmd_rom_entry.usage);
			printf(_("With --flash the actions work on the machine's boot flash (read and, "
				 "when changed, written with flashrom) instead of a ROM file.\n"));
			print_settings_help(stdout);
			return EXIT_OK;
		default:
			return cmd_usage_error(&cmd_rom_entry, _("unknown option"));
		}
	}
	argc -= optind;
	argv += optind;
	cbfstool = romedit_cbfstool(cbfstool_opt);
	if (argc < 1)
		return cmd_usage_error(&cmd_rom_entry, _("missing action"));
	why = parse_request(argc, argv, flash, &r);
	if (why)
		return cmd_usage_error(&cmd_rom_entry, why);
	return flash ? on_flash(cbfstool, board_config, &r) : on_file(cbfstool, &r);
}

const struct vigil_cmd cmd_rom_entry = {
	.name = "rom",
	.usage = "[--cbfstool PATH] list ROM | key add ROM KEYFILE | key list ROM | "
		 "key remove ROM FINGERPRINT | set ROM KEY=VALUE... | get ROM [KEY] | "
		 "recovery-passphrase ROM; or --flash [--board-config FILE] and no ROM: "
		 "the machine's boot flash",
	.summary = N_("the owner's keys and settings in a ROM file (vigil/ files in CBFS)"),
	.run = cmd_rom,
};
