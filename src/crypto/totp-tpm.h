/*
 * totp-tpm.h - the owner's TOTP secret kept by the TPM: made from the TPM's
 * RNG, sealed to the PCRs of an untouched firmware at menu time, stored in an
 * NV index (or a file), and turned into the current code only when the TPM
 * agrees to unseal it.
 */
#ifndef VIGIL_TOTP_TPM_H
#define VIGIL_TOTP_TPM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto/otp.h"
#include "crypto/secret.h"
#include "hw/tpm-seal.h"
#include "hw/tpm.h"

/* NV index of the sealed secret: next to vigil's counters (0x01300000-0x013000ff). */
#define TOTP_NV_INDEX 0x01300100u
/* Firmware (0-3), boot mode at menu time (4) and vigil's ROM files (7). */
#define TOTP_PCRS_DEFAULT "0,1,2,3,4,7"
/* The account name the authenticator app shows for the code. */
#define TOTP_LABEL_DEFAULT "vigil"

/*
 * PCR values the next power-on will have where they differ from now: a new
 * firmware or new ROM files written to the flash (values computed from it).
 */
struct totp_future {
	uint32_t mask;		/* which of pcrs replace the current values */
	tpm_pcr_values pcrs;
};

/* Where the sealed secret is: file NULL means the TPM's NV index. */
struct totp_store {
	const char *file;
	const char *log_path;	/* event log for PCR 4 at menu time (NULL: measure.h's) */
	const struct totp_future *future;	/* seal for the next power-on; NULL: for now */
};

/*
 * Make a new OTP_SECRET_LEN-byte secret with the TPM's RNG, seal it to the
 * PCRs in mask at their menu-time values (and passphrase, if not NULL), and
 * store it, replacing the old one only once the new one is complete. *key
 * gets the secret for enrolment (secure memory; the caller frees it).
 */
int totp_tpm_seal(struct tpm *tpm, const struct totp_store *store, uint32_t mask,
		  const struct secret *passphrase, struct secret **key,
		  char *err, size_t errlen);

/* Load the sealed secret; 1 when none was sealed yet (err says how to make one). */
int totp_tpm_load(struct tpm *tpm, const struct totp_store *store, struct tpm_sealed *sealed,
		  char *err, size_t errlen);

/*
 * The TOTP code for now. Returns 0, or a negative enum tpm_error; after
 * TPM_ERR_PCR_MISMATCH *changed holds the PCRs that differ from sealing time
 * and err names them and what each covers.
 */
int totp_tpm_code(struct tpm *tpm, const struct tpm_sealed *sealed,
		  const struct secret *passphrase, time_t now, char code[OTP_CODE_MAX],
		  uint32_t *changed, char *err, size_t errlen);

/*
 * Open the TPM, load the stored secret and unseal it into *key (secure
 * memory; the caller frees it): for HOTP, which needs the key itself.
 * A secret sealed with a passphrase is refused (nobody is asked here).
 * Returns 0 or a negative enum tpm_error, as totp_tpm_code.
 */
int totp_tpm_unseal_stored(const struct totp_store *store, struct secret **key,
			   char *err, size_t errlen);

/*
 * The menu's TOTP backend (struct ui_otp_backend's totp): open the TPM,
 * load, unseal, compute, wipe. ctx is a struct totp_store (NULL: NV index).
 */
int totp_tpm_menu_code(void *ctx, time_t now, char *code, size_t codelen,
		       char *err, size_t errlen);

#endif
