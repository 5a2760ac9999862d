/*
 * totp-reseal.h - the menu's "Reseal the TOTP secret", for every front end: a
 * new secret sealed in the TPM, made ready to be shown once for enrolment.
 * The disk key joins this action when the disk-key work lands.
 */
#ifndef VIGIL_TOTP_RESEAL_H
#define VIGIL_TOTP_RESEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/secret.h"
#include "hw/flash-predict.h"
#include "ui/session.h"

/* What the owner enrols, all in secure memory and wiped by ui_enrolment_wipe(). */
struct ui_enrolment {
	struct secret *qr;	/* otp_qr_text()'s lines, or NULL (qr_err says why) */
	int qr_modules;		/* the symbol's width without the quiet zone */
	struct secret *grouped;	/* base32 in groups of four: "ABCD EFGH ..." */
	struct secret *uri;	/* otpauth://totp/... */
	char pcrs[64];		/* what it is sealed to: "0,1,2,3,4,7" */
	char qr_err[160];
};

/*
 * Seal a new TOTP secret to TOTP_PCRS_DEFAULT (no passphrase) in the TPM's
 * NV index, which keeps the old one until the new one is stored; fill e for
 * enrolment (the QR code's lines with ANSI colours when ansi); ask the TPM
 * for the new code so the session's header shows it. Returns 0, or -1 with
 * err when nothing was sealed (e is then empty).
 */
int ui_totp_reseal(struct ui_session *s, bool ansi, struct ui_enrolment *e,
		   char *err, size_t errlen);

/*
 * The same for the firmware in the flash (after an update, or new keys or
 * settings): sealed to the PCR 2 and PCR 7 it will produce (read from the
 * flash and predicted), so the phone is enrolled before the restart; the
 * header says the code shows from then.
 */
int ui_totp_reseal_for_flash(struct ui_session *s, bool ansi, struct ui_enrolment *e,
			     char *err, size_t errlen);

/*
 * ui_totp_reseal_for_flash with the prediction known already (a firmware
 * update's, of the image it wrote): the flash is not read again.
 */
int ui_totp_reseal_predicted(struct ui_session *s, bool ansi, const struct flash_prediction *next,
			     struct ui_enrolment *e, char *err, size_t errlen);

/* Wipe and free what was shown; e is empty afterwards. */
void ui_enrolment_wipe(struct ui_enrolment *e);

#endif
