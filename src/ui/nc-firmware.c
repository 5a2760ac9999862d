/* nc-firmware.c - "Update the firmware": pick a ROM file, see what it is, confirm twice, write. */
#include <curses.h>
#include <stdio.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/actions.h"
#include "ui/firmware.h"
#include "ui/nc-screens.h"
#include "ui/power.h"
#include "ui/totp-reseal.h"
#include "ui/widget-progress.h"

/* A message alone on the body while the slow part runs (reading, writing the flash). */
static void working(struct nc_ui *ui, const char *title, const char *line)
{
	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(UI_HEADER_ROWS, 1, ui->layout.cols - 2, title, false);
	nc_role(ui, ROLE_NORMAL);
	nc_text(UI_HEADER_ROWS + 2, 1, ui->layout.cols - 2, line, false);
	nc_draw_footer(ui, "");
	refresh();
}

/* The bar under the "Writing the flash" line, redrawn per percent. */
struct write_screen {
	struct nc_ui *ui;
	int last;
};

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	struct write_screen *w = ctx;
	int percent = progress_percent(done, total);

	if (percent == w->last)
		return;
	w->last = percent;
	progress_draw(stdscr, UI_HEADER_ROWS + 2, 1, w->ui->layout.cols - 2,
		      _("Writing the flash; do not power off..."), done, total);
	refresh();
}

/* The chosen ROM file, or -1. */
static int pick(struct nc_ui *ui, const struct ui_stick_files *files)
{
	struct strlist lines = { 0 };
	size_t i;
	int key;

	strlist_pushdup(&lines, _("ROM files on the disks and USB sticks:"));
	for (i = 0; i < files->count && i < 9; i++)
		strlist_push(&lines, xasprintf("%zu) %s%s", i + 1, files->items[i].where,
					       ui_firmware_signed(files->items[i].path)
						       ? _(" [signature beside it]") : ""));
	key = nc_pager(ui, _("Update the firmware"), &lines, _("1-9=choose  x=back"), "123456789",
		       HELP_MAIN);
	strlist_free(&lines);
	if (key < '1' || key > '9' || (size_t)(key - '1') >= files->count)
		return -1;
	return key - '1';
}

/* No signature: the sha256 to compare with the publisher's, then a yes. */
static bool accept_unsigned(struct nc_ui *ui, const char *rom)
{
	struct strlist lines = { 0 };
	char hex[SHA256_HEX_LEN + 1], err[512];
	bool ok;

	if (ui->s->cfg.restricted) {
		nc_status(ui, ROLE_TAMPERED, _("%s has no signature; this machine takes only signed "
					       "firmware (restricted = yes)"), rom);
		return false;
	}
	if (ui_firmware_sha256(rom, hex, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, "%s", err);
		return false;
	}
	strlist_push(&lines, xasprintf(_("%s has no signature by a key in the ROM."), rom));
	strlist_pushdup(&lines, _("Compare its sha256 with the one its publisher gives:"));
	strlist_pushdup(&lines, hex);
	nc_pager(ui, _("Unsigned firmware"), &lines, _("x=go on"), NULL, HELP_MAIN);
	strlist_free(&lines);
	ok = nc_confirm(ui, _("Is it the same sha256? (y/N)"));
	return ok;
}

/* The offer after a write; next: the flash's prediction when known, else it is read. */
static void offer_totp(struct nc_ui *ui, const struct flash_prediction *next)
{
	struct ui_enrolment e;
	char err[1024];
	int ret;

	if (ui_action_unavailable(ACTION_RESEAL, ui->s) ||
	    !nc_confirm(ui, _("Written. Seal a new TOTP secret for what the flash now holds, to "
			      "enrol your phone before the restart? (y/N)")))
		return;
	ret = next ? ui_totp_reseal_predicted(ui->s, false, next, &e, err, sizeof(err))
		   : ui_totp_reseal_for_flash(ui->s, false, &e, err, sizeof(err));
	if (ret < 0) {
		nc_status(ui, ROLE_TAMPERED, _("No new TOTP secret (seal one after the restart): %s"),
			  err);
		return;
	}
	nc_show_enrolment(ui, &e);
	ui_enrolment_wipe(&e);
	clear();	/* the screen's copy of the secret too */
}

void nc_offer_totp_for_flash(struct nc_ui *ui)
{
	offer_totp(ui, NULL);
}

void nc_firmware_screen(struct nc_ui *ui)
{
	struct ui_stick_files files;
	struct ui_firmware_update fw;
	struct flash_prediction next;
	struct strlist lines = { 0 };
	const char *title = _("Update the firmware");
	char err[2048];
	bool allow_unsigned = false;
	int n;

	working(ui, title, _("Looking for ROM files (*.rom) on the disks and USB sticks..."));
	ui_firmware_find(ui->s, &files);
	if (files.count == 0) {
		nc_status(ui, ROLE_STATUS, _("No ROM file found: put the new ROM (and its .sig) in "
					     "the top folder of a USB stick"));
		ui_stick_files_free(&files);
		return;
	}
	n = pick(ui, &files);
	if (n < 0 || (!ui_firmware_signed(files.items[n].path) &&
		      !(allow_unsigned = accept_unsigned(ui, files.items[n].path)))) {
		ui_stick_files_free(&files);
		return;
	}
	working(ui, title, _("Checking the ROM file and reading the flash..."));
	if (ui_firmware_prepare(ui->s, files.items[n].path, allow_unsigned, &fw, err,
				sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("Not written: %s"), err);
		ui_stick_files_free(&files);
		return;
	}
	ui_firmware_describe(&fw, &lines);
	nc_pager(ui, title, &lines, _("x=go on"), NULL, HELP_MAIN);
	strlist_free(&lines);
	if (!nc_confirm(ui, _("Write it to the flash now? The power must stay on. (y/N)"))) {
		ui_firmware_done(&fw);
		ui_stick_files_free(&files);
		nc_status(ui, ROLE_STATUS, _("Nothing was written"));
		return;
	}
	working(ui, title, "");
	/* What the image written will measure: the TOTP offer needs no second read of the flash. */
	flash_update_prediction(&fw.update, &next);
	if (ui_firmware_write(&fw, progress, &(struct write_screen){ ui, -1 }, err,
			      sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("The flash write FAILED (do not power off; try "
					       "again): %s"), err);
		ui_stick_files_free(&files);
		return;
	}
	ui_stick_files_free(&files);
	offer_totp(ui, &next);
	if (!nc_confirm(ui, _("Written and verified; it runs from the next power-on. Reboot now? "
			      "(y/N)")))
		nc_status(ui, ROLE_VERIFIED, _("New firmware written and verified: it runs from "
					       "the next power-on"));
	else if (ui_power(UI_POWER_REBOOT, err, sizeof(err)) < 0)
		nc_status(ui, ROLE_TAMPERED, "%s", err);
}
