/*
 * integrity.h - what the header says about the machine's integrity: TPM,
 * firmware measurement (PCR 2), TOTP and HOTP, each with a state that is
 * shown both as a colour and in words (for monochrome terminals).
 */
#ifndef VIGIL_UI_INTEGRITY_H
#define VIGIL_UI_INTEGRITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "crypto/hash.h"

enum integrity_state { INTEGRITY_UNKNOWN, INTEGRITY_VERIFIED, INTEGRITY_TAMPERED };
enum ui_tpm_state { UI_TPM_ABSENT, UI_TPM_PRESENT, UI_TPM_LOCKOUT };
enum integrity_item { INTEGRITY_FIRMWARE, INTEGRITY_TOTP, INTEGRITY_HOTP, INTEGRITY_ITEMS };

#define UI_REASON_MAX 160
#define UI_OTP_CODE_MAX 12

struct ui_integrity {
	bool basic;				/* basic mode: the TPM attests nothing here */
	enum ui_tpm_state tpm;
	char tpm_reason[UI_REASON_MAX];		/* why absent or locked out */
	bool have_pcr2;
	char pcr2_hex[SHA256_HEX_LEN + 1];
	enum integrity_state totp;		/* verified: the TPM released the seed */
	char totp_code[UI_OTP_CODE_MAX];	/* "" when unavailable */
	unsigned totp_period;			/* seconds per code (30) */
	time_t totp_at;				/* when the code was asked for */
	char totp_reason[UI_REASON_MAX];
	enum integrity_state hotp;
	char hotp_reason[UI_REASON_MAX];	/* what the token said, or why not checked */
};

/*
 * Backends the menu asks, filled in by their owners as they arrive. A NULL
 * function means that backend does not exist yet. Each returns 0, or a
 * negative enum tpm_error (TPM_ERR_PCR_MISMATCH: the measurements changed
 * since sealing) with the reason in err.
 */
struct ui_otp_backend {
	/* TOTP code for time now, unsealed from the TPM. */
	int (*totp)(void *ctx, time_t now, char *code, size_t codelen, char *err, size_t errlen);
	/* HOTP check against the USB token; status says what it showed. */
	int (*hotp)(void *ctx, char *status, size_t statuslen, char *err, size_t errlen);
	void *ctx;
	unsigned totp_period;
};

/* Ask the TPM (PCR 2) and the OTP backends; never fails, unknowns get reasons. */
void integrity_collect(struct ui_integrity *in, const struct ui_otp_backend *otp, time_t now);
/* Ask the TOTP backend now, whatever the state (after a new secret was sealed). */
/*
 * Basic mode (basic = yes): no TOTP or HOTP is asked for and every line says
 * that nothing is attested; the TPM is only looked for, so that what must be
 * recorded in it when it is there (the recovery shell, the boot mode) still is.
 */
void integrity_collect_basic(struct ui_integrity *in);
void integrity_ask_totp(struct ui_integrity *in, const struct ui_otp_backend *otp, time_t now);
/* Ask for a new TOTP code when the shown one has expired; true if it changed. */
bool integrity_refresh_totp(struct ui_integrity *in, const struct ui_otp_backend *otp,
			    time_t now, time_t *last);

/* Record the result of an OTP backend call (pure: used by collect and tests). */
void integrity_set_totp(struct ui_integrity *in, int result, const char *code, const char *err);
void integrity_set_hotp(struct ui_integrity *in, int result, const char *status, const char *err);

/* Firmware state: verified when the TOTP seal (which covers PCR 2) opened. */
enum integrity_state integrity_firmware_state(const struct ui_integrity *in);
/* Worst of all items: tampered beats unknown beats verified. */
enum integrity_state integrity_overall(const struct ui_integrity *in);
/* "verified", "unknown", "TAMPERED" (translated): the word next to the colour. */
const char *integrity_state_word(enum integrity_state state);

/* The integrity lines (TPM or PCR 2, TOTP with seconds left at now, HOTP) as plain text. */
void integrity_print(FILE *out, const struct ui_integrity *in, time_t now);
/* Seconds the TOTP code shown at now stays valid. */
int integrity_totp_seconds_left(const struct ui_integrity *in, time_t now);

/*
 * One header line for item, as the user reads it: the label, the state in
 * words, and the detail. hex_chars limits how much of PCR 2 is shown (the
 * rest becomes "..."). Returns the item's state.
 */
enum integrity_state integrity_line(const struct ui_integrity *in, enum integrity_item item,
				    time_t now, int hex_chars, char *buf, size_t len);

#endif
