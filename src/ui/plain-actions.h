/* plain-actions.h - the plain menu's actions besides booting: TOTP reseal, the viewers, signing /boot. */
#ifndef VIGIL_PLAIN_ACTIONS_H
#define VIGIL_PLAIN_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/boot-sign.h"
#include "ui/totp-reseal.h"

struct ui_session;

/* Secret text straight to the terminal: stdio's buffer would keep a copy in ordinary memory. */
void plain_write_secret(const void *data, size_t len);
/* A line from the console; true when it starts with y. */
bool plain_ask_yes(const char *question);
/* The new TOTP secret once (QR, URI, base32), until Enter; then the screen is cleared. */
void plain_show_enrolment(const struct ui_enrolment *e);

/* The PIN on this terminal and progress as lines, for signing. */
struct plain_sign {
	bool tty;
	int percent;	/* last shown, -1 before */
};
void plain_sign_io(struct plain_sign *p, struct ui_sign_io *io);

/* Confirm, seal a new TOTP secret, show it once, wait for Enter, clear the screen. */
void plain_totp_reseal(struct ui_session *s);
/* The event log under the verdict of replaying it against the TPM. */
void plain_event_log(struct ui_session *s);
/* coreboot's console from CBMEM. */
void plain_cbmem_console(struct ui_session *s);
/* The ROM keyring's keys, and how keys get into the ROM. */
void plain_keys(struct ui_session *s);
/* Sign the default entry's partition, asking for the PIN on this terminal. */
void plain_sign(struct ui_session *s);
/*
 * After a flash write: offer a new TOTP secret sealed for what the flash now
 * holds (its PCR 2 and PCR 7), enrolled before the restart.
 */
void plain_offer_totp_for_flash(struct ui_session *s);
/* The owner's settings in the flash: listed, one changed and written (plain-settings.c). */
void plain_settings(struct ui_session *s);
/* Pick a ROM file on a disk or stick, check it, confirm, write the flash (plain-firmware.c). */
void plain_firmware_update(struct ui_session *s);

#endif
