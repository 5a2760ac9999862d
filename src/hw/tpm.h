/* tpm.h - the TPM 2.0 through libtss2's ESAPI (device or simulator TCTI). */
#ifndef VIGIL_TPM_H
#define VIGIL_TPM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "crypto/secret.h"

#define TPM_PCR_COUNT 24

struct tpm;

/*
 * Negative results of TPM operations, for callers that explain a failure
 * rather than only print it (err always says what went wrong as well).
 */
enum tpm_error {
	TPM_ERR_FAIL = -1,		/* anything not listed below */
	TPM_ERR_PCR_MISMATCH = -2,	/* PCRs differ from the values in the policy */
	TPM_ERR_AUTH = -3,		/* wrong passphrase (counts towards lockout) */
	TPM_ERR_LOCKOUT = -4,		/* dictionary-attack lockout: wait or reset it */
	TPM_ERR_VERSION_1_2 = -5,	/* a TPM 1.2 answered: vigil needs a TPM 2.0 */
};

/* Current SHA-256 values of PCRs 0-23, bit n of mask selecting PCR n. */
typedef uint8_t tpm_pcr_values[TPM_PCR_COUNT][SHA256_LEN];

/*
 * Open the TPM named by tcti ("device:/dev/tpmrm0", "swtpm:port=2321", ...);
 * NULL means $VIGIL_TCTI or, failing that, the kernel's resource manager.
 * Returns NULL and writes the reason to err.
 */
struct tpm *tpm_open(const char *tcti, char *err, size_t errlen);
void tpm_close(struct tpm *tpm);

/*
 * The owner (storage) and lockout hierarchies' passphrases, kept in locked
 * memory until tpm_close() and used by every later operation authorised by
 * that hierarchy (NV counters and records, the storage root key, DA
 * settings). NULL or empty: the empty auth of a TPM without an owner.
 * -1 with err when the passphrase is too long for the TPM.
 */
#define TPM_HIERARCHY_AUTH_MAX 32	/* the TPM's context hash size (SHA-256) */
int tpm_set_owner_auth(struct tpm *tpm, const struct secret *auth, char *err, size_t errlen);
int tpm_set_lockout_auth(struct tpm *tpm, const struct secret *auth, char *err, size_t errlen);
/* 1 when tpm holds an owner passphrase (given, or asked through the prompt). */
int tpm_holds_owner_auth(const struct tpm *tpm);

/*
 * The front end's way to ask for the owner passphrase, used by any operation
 * that needs it when the TPM has one and tpm holds none: what names the
 * operation ("signing the rollback counter", ...). Returns the passphrase
 * (the caller frees it) or NULL with why (cancelled, no terminal). One for
 * the process, set by the front end at start; NULL: such operations fail,
 * saying that they need the passphrase.
 */
typedef struct secret *(*tpm_owner_prompt_fn)(void *ctx, const char *what,
					       char *why, size_t whylen);
void tpm_set_owner_prompt(tpm_owner_prompt_fn fn, void *ctx);
/* The prompt set now, for a caller that wraps it for a while. */
void tpm_get_owner_prompt(tpm_owner_prompt_fn *fn, void **ctx);

int tpm_pcr_read(struct tpm *tpm, unsigned pcr, uint8_t out[SHA256_LEN],
		 char *err, size_t errlen);
int tpm_pcr_extend(struct tpm *tpm, unsigned pcr, const uint8_t digest[SHA256_LEN],
		   char *err, size_t errlen);
/* Read every PCR selected in mask into values[pcr]; others are left alone. */
int tpm_pcr_read_mask(struct tpm *tpm, uint32_t mask, tpm_pcr_values values,
		      char *err, size_t errlen);
/* Fill out with len bytes from the TPM's random number generator. */
int tpm_get_random(struct tpm *tpm, uint8_t *out, size_t len, char *err, size_t errlen);

/* "0,1,2,7" or "0-3,7" to a PCR mask; -1 on a bad list (err names the part). */
int tpm_pcr_mask_parse(const char *list, uint32_t *mask, char *err, size_t errlen);
/* Mask to "0,1,2,3,7" in buf. */
void tpm_pcr_mask_format(uint32_t mask, char *buf, size_t buflen);

#endif
