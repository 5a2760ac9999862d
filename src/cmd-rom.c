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
#include "common/xmalloc.h"
#include "crypto/passphrase-hash.h"
#include "crypto/secret.h"
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

static int rom_list(const char *cbfstool, int argc, char **argv)
{
	struct romedit ed;
	char err[512], hex[SHA256_HEX_LEN + 1];
	uint8_t pcr7[SHA256_LEN];
	size_t i;

	if (argc != 2)
		return cmd_usage_error(&cmd_rom_entry, _("list takes one ROM file"));
	if (romedit_open(&ed, argv[1], cbfstool, err, sizeof(err)) < 0)
		return fail("list", err);
	if (ed.files.count == 0)
		printf(_("no vigil/ files in %s\n"), argv[1]);
	for (i = 0; i < ed.files.count; i++) {
		hash_hex(ed.files.items[i].sha256, SHA256_LEN, hex);
		printf("%s  %8zu  %s\n", hex, ed.files.items[i].len, ed.files.items[i].name);
	}
	romfiles_predict_pcr7(&ed.files, pcr7);
	hash_hex(pcr7, SHA256_LEN, hex);
	printf(_("PCR 7 sha256: %s (the ROM's vigil/ files, as vigil init measures them)\n"), hex);
	if (ed.has_pcr2) {
		hash_hex(ed.pcr2.pcr, SHA256_LEN, hex);
		printf(_("PCR 2 sha256: %s\n"), hex);
	} else {
		printf(_("PCR 2: not predictable (not a ROM with coreboot's stages and payload)\n"));
	}
	romedit_close(&ed);
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

static int rom_key(const char *cbfstool, int argc, char **argv)
{
	struct romedit ed;
	char err[512];
	int ret;

	if (argc < 3)
		return cmd_usage_error(&cmd_rom_entry, _("key takes add, list or remove and a ROM file"));
	if (strcmp(argv[1], "list") ? (strcmp(argv[1], "add") && strcmp(argv[1], "remove")) ||
				      argc != 4
				    : argc != 3)
		return cmd_usage_error(&cmd_rom_entry, _("use key add ROM KEYFILE, key list ROM or "
							 "key remove ROM FINGERPRINT"));
	if (romedit_open(&ed, argv[2], cbfstool, err, sizeof(err)) < 0)
		return fail("key", err);
	if (!strcmp(argv[1], "list"))
		ret = key_list(&ed);
	else if (!strcmp(argv[1], "add"))
		ret = key_add(&ed, argv[3]);
	else
		ret = key_remove(&ed, argv[3]);
	romedit_close(&ed);
	return ret;
}

static int rom_set(const char *cbfstool, int argc, char **argv)
{
	struct romedit ed;
	struct kvconf conf;
	char err[1600];
	int i, ret = EXIT_FAIL;

	if (argc < 3)
		return cmd_usage_error(&cmd_rom_entry, _("set takes a ROM file and KEY=VALUE..."));
	if (romedit_open(&ed, argv[1], cbfstool, err, sizeof(err)) < 0)
		return fail("set", err);
	if (romedit_load_settings(&ed, &conf, err, sizeof(err)) < 0)
		goto out;
	for (i = 2; i < argc; i++)
		if (romsetting_assign(&conf, argv[i], err, sizeof(err)) < 0)
			goto out_conf;
	ret = romedit_store_settings(&ed, &conf, err, sizeof(err));
	if (ret == 0)
		ret = romedit_commit(&ed, err, sizeof(err));
	ret = ret == 0 ? EXIT_OK : EXIT_FAIL;
out_conf:
	kvconf_free(&conf);
out:
	romedit_close(&ed);
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

static int rom_recovery_passphrase(const char *cbfstool, int argc, char **argv)
{
	struct passphrase_hash h;
	struct secret *pass;
	struct romedit ed;
	char err[1600], *value;
	int ret;

	if (argc != 2)
		return cmd_usage_error(&cmd_rom_entry, _("recovery-passphrase takes one ROM file"));
	/* Open the ROM first: a wrong path is better known before the typing. */
	if (romedit_open(&ed, argv[1], cbfstool, err, sizeof(err)) < 0)
		return fail("recovery-passphrase", err);
	pass = read_new_passphrase(err, sizeof(err));
	ret = pass ? passphrase_hash_new(&h, pass, err, sizeof(err)) : -1;
	secret_free(pass);
	if (ret < 0) {
		romedit_close(&ed);
		return fail("recovery-passphrase", err);
	}
	value = passphrase_hash_format(&h);
	ret = store_setting(&ed, "recovery_passphrase", value, err, sizeof(err));
	romedit_close(&ed);
	if (ret == 0)
		printf("recovery_passphrase = \"%s\"\n", value);
	free(value);
	return ret == 0 ? EXIT_OK : fail("recovery-passphrase", err);
}

static int rom_get(const char *cbfstool, int argc, char **argv)
{
	struct romedit ed;
	struct kvconf conf;
	char err[1024];
	const char *v;
	size_t i;
	int ret = EXIT_OK;

	if (argc != 2 && argc != 3)
		return cmd_usage_error(&cmd_rom_entry, _("get takes a ROM file and maybe a KEY"));
	if (romedit_open(&ed, argv[1], cbfstool, err, sizeof(err)) < 0)
		return fail("get", err);
	if (romedit_load_settings(&ed, &conf, err, sizeof(err)) < 0) {
		romedit_close(&ed);
		return fail("get", err);
	}
	if (argc == 2) {
		for (i = 0; i < conf.count; i++)
			printf("%s = %s\n", conf.items[i].key, conf.items[i].value);
	} else if ((v = kvconf_get(&conf, argv[2]))) {
		printf("%s\n", v);
	} else if (!romsetting_known(argv[2])) {
		snprintf(err, sizeof(err), _("unknown setting '%s' (see vigil rom --help)"), argv[2]);
		ret = fail("get", err);
	} else {
		fprintf(stderr, _("vigil rom get: %s is not set in %s\n"), argv[2], argv[1]);
		ret = EXIT_FAIL;
	}
	kvconf_free(&conf);
	romedit_close(&ed);
	return ret;
}

static int dispatch(const char *cbfstool, int argc, char **argv)
{
	if (!strcmp(argv[0], "list"))
		return rom_list(cbfstool, argc, argv);
	if (!strcmp(argv[0], "key"))
		return rom_key(cbfstool, argc, argv);
	if (!strcmp(argv[0], "set"))
		return rom_set(cbfstool, argc, argv);
	if (!strcmp(argv[0], "get"))
		return rom_get(cbfstool, argc, argv);
	if (!strcmp(argv[0], "recovery-passphrase"))
		return rom_recovery_passphrase(cbfstool, argc, argv);
	return cmd_usage_error(&cmd_rom_entry, _("unknown action"));
}

static int same_file(const char *a, const uint8_t digest[SHA256_LEN])
{
	uint8_t now[SHA256_LEN];

	return hash_sha256_file(a, now) == 0 && !memcmp(now, digest, SHA256_LEN);
}

/*
 * --flash: the action runs on a copy of the machine's flash (read with
 * flashrom), and a copy the action changed is written back. The edit itself
 * is romedit's: checked, and coreboot's measured files untouched.
 */
static int on_flash(const char *cbfstool, const char *board_config, int argc, char **argv)
{
	char dir[] = "/tmp/vigil-rom-flash.XXXXXX", *path, **args, err[2048];
	uint8_t before[SHA256_LEN];
	struct flash flash;
	int ret, i, at = strcmp(argv[0], "key") ? 1 : 2;

	if (argc < at)
		return cmd_usage_error(&cmd_rom_entry, _("key takes add, list or remove"));
	if (flash_open_board(&flash, board_config, err, sizeof(err)) < 0)
		return fail(argv[0], err);
	if (!mkdtemp(dir)) {
		snprintf(err, sizeof(err), _("cannot make a folder for the flash's copy: %s"),
			 strerror(errno));
		return fail(argv[0], err);
	}
	path = xasprintf("%s/flash.rom", dir);
	if (flash_read(&flash, path, err, sizeof(err)) < 0 || hash_sha256_file(path, before) < 0) {
		ret = fail(argv[0], err);
		goto out;
	}
	/* The copy's path where the action takes its ROM file. */
	args = xcalloc((size_t)argc + 2, sizeof(*args));
	for (i = 0; i < argc + 1; i++)
		args[i] = i < at ? argv[i] : i == at ? path : argv[i - 1];
	ret = dispatch(cbfstool, argc + 1, args);
	free(args);
	if (ret != EXIT_OK || same_file(path, before))
		goto out;
	printf(_("writing the changed ROM to the flash...\n"));
	fflush(stdout);
	if (flash_write(&flash, path, err, sizeof(err)) < 0) {
		ret = fail(argv[0], err);
		goto out;
	}
	printf(_("the flash holds the change (written and verified); PCR 7 changes at the next "
		 "power-on: seal the TOTP secret again then\n"));
out:
	unlink(path);
	rmdir(dir);
	free(path);
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
	const char *cbfstool_opt = NULL, *cbfstool, *board_config = BOARD_CONFIG;
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
	return flash ? on_flash(cbfstool, board_config, argc, argv) : dispatch(cbfstool, argc, argv);
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
