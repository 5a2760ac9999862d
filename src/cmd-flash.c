/* cmd-flash.c - "vigil flash": read the boot flash, or update the firmware keeping the owner's keys and settings. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "hw/flash-update.h"
#include "hw/romboot.h"
#include "hw/romedit.h"
#include "i18n.h"
#include "ui/widget-progress.h"

#define BOARD_CONFIG SYSCONFDIR "/vigil/board.conf"
#define WORK_DIR "/run/vigil"

struct flash_args {
	const char *board_config;
	struct flash_update_opts update;
	bool yes;
};

static int fail(const char *action, const char *err)
{
	fprintf(stderr, "vigil flash %s: %s\n", action, err);
	return EXIT_FAIL;
}

static int flash_read_cmd(const struct flash_args *a, int argc, char **argv)
{
	struct flash flash;
	char err[1024];

	if (argc != 2)
		return cmd_usage_error(&cmd_flash_entry, _("read takes one output file"));
	if (flash_open_board(&flash, a->board_config, err, sizeof(err)) < 0 ||
	    flash_read(&flash, argv[1], err, sizeof(err)) < 0)
		return fail("read", err);
	printf(_("read the flash into %s\n"), argv[1]);
	return EXIT_OK;
}

static void print_update(const struct flash_update *u, const struct flash_update_opts *o)
{
	char hex[SHA256_HEX_LEN + 1];

	printf(_("new ROM:   %s\n"), o->new_rom);
	printf(_("board:     %s\n"), u->info.board);
	printf(_("coreboot:  %s\n"), u->info.version);
	printf(_("sha256:    %s\n"), u->info.sha256);
	if (u->is_signed)
		printf(_("signed by: %s %s\n"), u->signer.fpr, u->signer.uid);
	else
		printf(_("signed by: nobody (unsigned update allowed)\n"));
	if (o->erase_settings)
		printf(_("keys and settings: the new ROM's own (the running ROM's are dropped)\n"));
	else
		printf(_("keys and settings: %zu vigil/ files kept from the running ROM\n"), u->carried);
	hash_hex(u->info.pcr2.pcr, SHA256_LEN, hex);
	printf(_("PCR 2 after the update: %s\n"), hex);
	hash_hex(u->pcr7, SHA256_LEN, hex);
	printf(_("PCR 7 after the update: %s\n"), hex);
}

/* The person at the console types "yes"; anything else keeps the old firmware. */
static bool confirmed(void)
{
	char line[16];

	printf(_("Write it to the flash? Power must stay on until it is done. Type yes: "));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return !strcmp(line, "yes\n") || !strcmp(line, "yes");
}

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	progress_print(_("writing the flash"), ctx, done, total);
}

static int flash_update_cmd(struct flash_args *a, int argc, char **argv)
{
	struct flash_update u;
	struct flash flash;
	char err[2048];
	int percent = -1;

	if (argc != 2)
		return cmd_usage_error(&cmd_flash_entry, _("update takes one ROM file"));
	a->update.new_rom = argv[1];
	if (flash_open_board(&flash, a->board_config, err, sizeof(err)) < 0 ||
	    flash_update_prepare(&u, &flash, &a->update, err, sizeof(err)) < 0)
		return fail("update", err);
	print_update(&u, &a->update);
	if (!a->yes && !confirmed()) {
		flash_update_done(&u);
		printf(_("not written: the flash is as it was\n"));
		return EXIT_FAIL;
	}
	if (flash_update_write(&u, &flash, progress, &percent, err, sizeof(err)) < 0) {
		if (percent >= 0 && percent < 100)
			printf("\n");
		flash_update_done(&u);
		return fail("update", err);
	}
	flash_update_done(&u);
	printf(_("the flash holds the new firmware (written and verified); it runs from the next "
		 "power-on: seal a TOTP secret for it now with 'vigil totp seal --for-flash', or "
		 "after the restart\n"));
	return EXIT_OK;
}

static int cmd_flash(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "board-config", required_argument, NULL, 'b' },
		{ "cbfstool", required_argument, NULL, 'c' },
		{ "signature", required_argument, NULL, 's' },
		{ "unsigned", no_argument, NULL, 'u' },
		{ "erase-settings", no_argument, NULL, 'e' },
		{ "gnupghome", required_argument, NULL, 'g' },
		{ "work-dir", required_argument, NULL, 'w' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct flash_args a = {
		.board_config = BOARD_CONFIG,
		.update = { .gnupghome = ROMBOOT_GNUPGHOME, .work_dir = WORK_DIR },
	};
	const char *cbfstool_opt = NULL;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			a.board_config = optarg;
			break;
		case 'c':
			cbfstool_opt = optarg;
			break;
		case 's':
			a.update.signature = optarg;
			break;
		case 'u':
			a.update.allow_unsigned = true;
			break;
		case 'e':
			a.update.erase_settings = true;
			break;
		case 'g':
			a.update.gnupghome = optarg;
			break;
		case 'w':
			a.update.work_dir = optarg;
			break;
		case 'y':
			a.yes = true;
			break;
		case 'h':
			printf(_("Usage: vigil flash %s\n"), cmd_flash_entry.usage);
			return EXIT_OK;
		default:
			return cmd_usage_error(&cmd_flash_entry, _("unknown option"));
		}
	}
	argc -= optind;
	argv += optind;
	a.update.cbfstool = romedit_cbfstool(cbfstool_opt);
	if (argc < 1)
		return cmd_usage_error(&cmd_flash_entry, _("missing action"));
	if (!strcmp(argv[0], "read"))
		return flash_read_cmd(&a, argc, argv);
	if (!strcmp(argv[0], "update"))
		return flash_update_cmd(&a, argc, argv);
	return cmd_usage_error(&cmd_flash_entry, _("unknown action"));
}

const struct vigil_cmd cmd_flash_entry = {
	.name = "flash",
	.usage = "[--board-config FILE] [--work-dir DIR] read FILE | update [--signature SIG | "
		 "--unsigned] [--erase-settings] [--gnupghome DIR] [--cbfstool PATH] [--yes] ROM "
		 "(options anywhere)",
	.summary = N_("read the boot flash, or write a new firmware to it keeping the owner's "
		      "keys and settings"),
	.run = cmd_flash,
};
