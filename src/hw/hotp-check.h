/*
 * hotp-check.h - HOTP with the counter kept by the TPM: enrol a USB token so
 * that it expects the code of the next counter value, and at boot spend that
 * value and let the token judge its code.
 */
#ifndef VIGIL_HOTP_CHECK_H
#define VIGIL_HOTP_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"
#include "hw/hotp-token.h"
#include "hw/tpm.h"

/*
 * The counter lives in a TPM NV counter rather than in a file or the ROM:
 * an NV counter only ever goes up, and even deleting and recreating it starts
 * again at the highest value the TPM ever held, so nobody (not the booted OS,
 * not evil firmware, not someone with the disk) can wind it back to make
 * vigil send a code again that was already seen. It holds no secret; what
 * proves the firmware is the key, which the TPM releases only to the
 * measured firmware. Index: next to the sealed TOTP secret (0x01300100),
 * outside the range tpm_counter_define hands out (0x01300000-0x013000ff).
 */
#define HOTP_COUNTER_NV_INDEX 0x01300101u

/*
 * Define the counter if needed and write key into the token with the token's
 * counter at the TPM counter + 1, the value the next check spends (*next).
 * Enrolling again resynchronises a token whose counter fell behind.
 * Returns 0 or a negative enum hotp_error (HOTP_ERR_WRONG_PIN: try again).
 */
int hotp_enroll(struct tpm *tpm, struct hotp_token *token, const struct secret *key,
		const struct secret *admin_pin, uint64_t *next, char *err, size_t errlen);

/* The counter's value; *defined is 0 (and *value 0) before the first enrolment. */
int hotp_counter_read(struct tpm *tpm, uint64_t *value, int *defined, char *err,
		      size_t errlen);

/*
 * The boot-time check. Once the token has answered, increment the TPM counter
 * and only then compute the code for its new value (*counter) and send it:
 * a code leaves vigil at most once, whatever happens next, so a replayed or
 * interrupted check never reuses one. A token without a secret costs no
 * counter value. Returns 0 with *verdict, or a negative enum hotp_error.
 */
int hotp_check(struct tpm *tpm, struct hotp_token *token, const struct secret *key,
	       enum hotp_verdict *verdict, uint64_t *counter, char *err, size_t errlen);

/*
 * The menu's HOTP backend (struct ui_otp_backend's hotp): find the token,
 * open the TPM, check. ctx is the unsealed key (const struct secret *).
 * Returns 0 with status when the token accepted the code, TPM_ERR_PCR_MISMATCH
 * when it rejected it (the menu shows TAMPERED), TPM_ERR_FAIL otherwise.
 */
int hotp_menu_check(void *ctx, char *status, size_t statuslen, char *err, size_t errlen);

#endif
