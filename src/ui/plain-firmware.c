/* plain-firmware.c - "Update the firmware" as plain lines: pick a ROM file, check it, confirm, write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/actions.h"
#include "ui/firmware.h"
#include "ui/plain-actions.h"
#include "ui/power.h"
#include "ui/session.h"
#include "ui/totp-reseal.h"
#include "ui/widget-progress.h"

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	progress_print(_("writing the flash"), ctx, done, total);
}

/* The person types the word yes: flashing is not undone by a stray key. */
static bool typed_yes(const char *question)
{
	char line[16];

	printf("%s", question);
	fflush(stdout);
	return fgets(line, sizeof(line), stdin) && !strcmp(line, "yes\n");
}

/* The chosen file's index, or -1 (cancelled or not a number in the list). */
static int pick(const struct ui_stick_files *files)
{
	char line[16], *end;
	unsigned long n;
	size_t i;

	printf(_("ROM files found:\n"));
	for (i = 0; i < files->count; i++)
		printf("  %zu) %s%s\n", i + 1, files->items[i].where,
		       ui_firmware_signed(files->items[i].path) ? _(" [signature beside it]") : "");
	printf(_("Which one? (number; Enter cancels) "));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin) || line[0] == '\n')
		return -1;
	n = strtoul(line, &end, 10);
	if (end == line || (*end != '\n' && *end) || n < 1 || n > files->count) {
		printf(_("No such ROM file: %.*s\n"), (int)strcspn(line, "\n"), line);
		return -1;
	}
	return (int)n - 1;
}

/* An unsigned ROM: its sha256 to compare with the published one, and a typed yes. */
static bool accept_unsigned(const struct ui_session *s, const char *rom)
{
	char hex[SHA256_HEX_LEN + 1], err[512];

	if (s->cfg.restricted) {
		printf(_("%s has no signature, and this machine is restricted: only signed "
			 "firmware is written.\n"), rom);
		return false;
	}
	if (ui_firmware_sha256(rom, hex, err, sizeof(err)) < 0) {
		printf("%s\n", err);
		return false;
	}
	printf(_("%s has no signature by a key in the ROM.\nIts sha256 is %s\n"), rom, hex);
	return typed_yes(_("Is that the sha256 its publisher gives? Type yes to go on: "));
}

/* The offer after a write; next: the flash's prediction when known, else it is read. */
static void offer_totp(struct ui_session *s, const struct flash_prediction *next)
{
	struct ui_enrolment e;
	char err[1024];
	bool ansi = isatty(STDOUT_FILENO);
	int ret;

	if (ui_action_unavailable(ACTION_RESEAL, s) ||
	    !plain_ask_yes(_("Seal a new TOTP secret for what the flash now holds, to enrol your "
			     "phone before the restart? (y/N) ")))
		return;
	ret = next ? ui_totp_reseal_predicted(s, ansi, next, &e, err, sizeof(err))
		   : ui_totp_reseal_for_flash(s, ansi, &e, err, sizeof(err));
	if (ret < 0) {
		printf(_("No new TOTP secret (seal one after the restart): %s\n"), err);
		return;
	}
	plain_show_enrolment(&e);
	ui_enrolment_wipe(&e);
	printf(_("The code shows from the next power-on.\n"));
}

void plain_offer_totp_for_flash(struct ui_session *s)
{
	offer_totp(s, NULL);
}

void plain_firmware_update(struct ui_session *s)
{
	struct ui_stick_files files;
	struct ui_firmware_update fw;
	struct flash_prediction next;
	struct strlist lines = { 0 };
	char err[2048];
	const char *why = ui_action_unavailable(ACTION_UPDATE_FIRMWARE, s);
	const char *rom;
	bool allow_unsigned = false;
	size_t i;
	int n, percent = -1;

	if (why) {
		printf(_("%s: not available: %s\n"), ui_action_label(ACTION_UPDATE_FIRMWARE), why);
		return;
	}
	printf(_("Looking for ROM files (*.rom) on the disks and USB sticks...\n"));
	fflush(stdout);
	ui_firmware_find(s, &files);
	if (files.count == 0) {
		printf(_("No ROM file found: put the new ROM (and its .sig) in the top folder of a "
			 "USB stick, and choose this again.\n"));
		ui_stick_files_free(&files);
		return;
	}
	n = pick(&files);
	rom = n >= 0 ? files.items[n].path : NULL;
	if (rom && !ui_firmware_signed(rom)) {
		allow_unsigned = accept_unsigned(s, rom);
		if (!allow_unsigned)
			rom = NULL;
	}
	if (!rom) {
		printf(_("Nothing was written.\n"));
		ui_stick_files_free(&files);
		return;
	}
	printf(_("Checking %s and reading the flash...\n"), rom);
	fflush(stdout);
	if (ui_firmware_prepare(s, rom, allow_unsigned, &fw, err, sizeof(err)) < 0) {
		printf(_("Not written: %s\n"), err);
		ui_stick_files_free(&files);
		return;
	}
	ui_firmware_describe(&fw, &lines);
	for (i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	strlist_free(&lines);
	if (!typed_yes(_("Write it to the flash? The power must stay on until it is done. "
			 "Type yes: "))) {
		ui_firmware_done(&fw);
		ui_stick_files_free(&files);
		printf(_("Nothing was written.\n"));
		return;
	}
	printf(_("Writing the flash; do not power off...\n"));
	fflush(stdout);
	/* What the image written will measure: the TOTP offer needs no second read of the flash. */
	flash_update_prediction(&fw.update, &next);
	if (ui_firmware_write(&fw, progress, &percent, err, sizeof(err)) < 0) {
		if (percent >= 0 && percent < 100)
			printf("\n");
		printf(_("The flash write FAILED: %s\nDo not power off: try again, or write the "
			 "old ROM back from the recovery shell (vigil flash).\n"), err);
	} else {
		printf(_("The new firmware is written and verified; it runs from the next "
			 "power-on.\n"));
		offer_totp(s, &next);
		if (plain_ask_yes(_("Reboot now? (y/N) ")) &&
		    ui_power(UI_POWER_REBOOT, err, sizeof(err)) < 0)
			printf("%s\n", err);
	}
	ui_stick_files_free(&files);
}
