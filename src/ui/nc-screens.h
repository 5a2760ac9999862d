/* nc-screens.h - the screens of the ncurses menu, one file each. */
#ifndef VIGIL_NC_SCREENS_H
#define VIGIL_NC_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/strbuf.h"
#include "ui/help-texts.h"
#include "ui/nc-ui.h"

struct secret;

/* The main screen: header, entries, actions, countdown. Runs until the process ends. */
void nc_main_screen(struct nc_ui *ui);

/*
 * Scrollable lines under a title. Returns the key that ended it: x/q/Esc
 * (as 'x') or one of the keys in exits. 'h' shows the topic's help.
 */
int nc_pager(struct nc_ui *ui, const char *title, const struct strlist *lines,
	     const char *keys, const char *exits, enum help_topic topic);
/* The same, showing the end first (logs: the latest lines matter most). */
int nc_pager_end(struct nc_ui *ui, const char *title, const struct strlist *lines,
		 const char *keys, const char *exits, enum help_topic topic);

void nc_help_screen(struct nc_ui *ui, enum help_topic topic);
/* Preview of entry i: boot it (verified or not), edit its command line, make it the default. */
void nc_preview_screen(struct nc_ui *ui, size_t i);
/*
 * Boot entry i (cmdline: an edited one, or NULL; unverified: the user's
 * choice). Returns when nothing was started, after showing why.
 */
void nc_boot_screen(struct nc_ui *ui, size_t i, const char *cmdline, bool unverified);
/* Edit entry i's command line for one boot; boots it (unverified) on Enter. */
void nc_edit_screen(struct nc_ui *ui, size_t i);
/*
 * One line of text edited under heading (and note, in note_role), starting
 * from initial; Enter takes it (allocated), Ctrl-X or Esc cancels (NULL).
 */
char *nc_edit_line(struct nc_ui *ui, const char *heading, const char *note,
		   enum ui_role note_role, const char *initial, const char *keys,
		   enum help_topic help);
void nc_settings_screen(struct nc_ui *ui);
void nc_integrity_screen(struct nc_ui *ui);
/* Show text as a QR code over the whole screen. */
void nc_qr_screen(struct nc_ui *ui, const char *title, const char *text);
void nc_recovery_screen(struct nc_ui *ui);
/*
 * Ask for a passphrase or PIN (at most max bytes) on a screen of its own:
 * title, intro (wrapped), then prompt and stars. NULL when cancelled.
 */
struct secret *nc_ask_secret(struct nc_ui *ui, const char *title, const char *intro,
			     const char *prompt, size_t max);
/* Let TPM operations that need the owner passphrase ask for it on ui's screen (NULL: stop). */
void nc_use_owner_prompt(struct nc_ui *ui);
/* Confirm, seal a new TOTP secret, show it once for enrolment, wipe it. */
void nc_totp_reseal_screen(struct nc_ui *ui);
struct ui_enrolment;
/* A new TOTP secret until the owner is done; the QR code needs the whole 80x24 screen. */
void nc_show_enrolment(struct nc_ui *ui, const struct ui_enrolment *e);
/* The ROM keyring's keys; a digit shows that key's fingerprint as a QR code. */
void nc_keys_screen(struct nc_ui *ui);
/* After a flash write: offer a new TOTP secret sealed for what the flash now holds. */
void nc_offer_totp_for_flash(struct nc_ui *ui);
/* Update the firmware: a ROM file from a disk or stick, checked, confirmed, written. */
void nc_firmware_screen(struct nc_ui *ui);
/* The OEM factory-reset wizard: its steps, each explained, run, retried. */
void nc_oem_screen(struct nc_ui *ui);
/* The TPM event log under the verdict of replaying it against the TPM. */
void nc_event_log_screen(struct nc_ui *ui);
/* coreboot's console from CBMEM, scrolled to the end. */
void nc_cbmem_console_screen(struct nc_ui *ui);
/* Sign the default entry's partition with the owner's key (PIN asked here), with a progress bar. */
void nc_sign_screen(struct nc_ui *ui);
/* Ask a yes/no question on the status line; true for yes. */
bool nc_confirm(struct nc_ui *ui, const char *question);
/* Make entry i the default for this boot, and say so on the status line. */
void nc_set_default(struct nc_ui *ui, size_t i);

#endif
