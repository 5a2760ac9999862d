/* tpm-seal.h - seal a secret to PCR values (and optionally a passphrase) and unseal it. */
#ifndef VIGIL_TPM_SEAL_H
#define VIGIL_TPM_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"
#include "hw/tpm.h"

#define TPM_SEALED_AREA_MAX 1024
#define TPM_SEALED_DATA_MAX 128		/* a TPM's MAX_SYM_DATA */
#define TPM_PASSPHRASE_MAX 32		/* a SHA-256 object's authValue */

/*
 * A sealed data object: the TPM's public and (encrypted) private areas, and
 * the PCR values its policy demands, kept so that a refusal can be explained
 * PCR by PCR. Nothing here is secret.
 */
struct tpm_sealed {
	uint32_t pcr_mask;		/* PCRs of the SHA-256 bank in the policy */
	tpm_pcr_values pcrs;		/* pcrs[n]: the value PCR n must have */
	int with_passphrase;		/* the policy also asks for a passphrase */
	size_t public_len, private_len;
	uint8_t public_area[TPM_SEALED_AREA_MAX];	/* TPM2B_PUBLIC, marshalled */
	uint8_t private_area[TPM_SEALED_AREA_MAX];	/* TPM2B_PRIVATE, marshalled */
};

/*
 * Seal data under the owner hierarchy's storage key with the policy
 * "PCRs in pcr_mask have the values in expected" (NULL: their current values;
 * pass future values to seal to a state computed offline), and, when
 * passphrase is not NULL, "and the passphrase is given".
 */
int tpm_seal(struct tpm *tpm, const struct secret *data, uint32_t pcr_mask,
	     const tpm_pcr_values expected, const struct secret *passphrase,
	     struct tpm_sealed *out, char *err, size_t errlen);

/*
 * Unseal into *out (secure memory; the caller frees it with secret_free).
 * Returns 0, or a negative enum tpm_error: TPM_ERR_PCR_MISMATCH when PCRs
 * differ from the sealed values, TPM_ERR_AUTH for a wrong passphrase,
 * TPM_ERR_LOCKOUT in dictionary-attack lockout, TPM_ERR_FAIL otherwise.
 */
int tpm_unseal(struct tpm *tpm, const struct tpm_sealed *sealed,
	       const struct secret *passphrase, struct secret **out,
	       char *err, size_t errlen);

/* Set *changed to the PCRs of the policy whose current value is not the sealed one. */
int tpm_sealed_changed_pcrs(struct tpm *tpm, const struct tpm_sealed *sealed,
			    uint32_t *changed, char *err, size_t errlen);

/* The storage form (a file now, an NV index later): "VIGILSL1" and TPM-marshalled fields. */
int tpm_sealed_marshal(const struct tpm_sealed *sealed, uint8_t *buf, size_t buflen,
		       size_t *len, char *err, size_t errlen);
int tpm_sealed_unmarshal(struct tpm_sealed *sealed, const uint8_t *buf, size_t len,
			 char *err, size_t errlen);
int tpm_sealed_save(const struct tpm_sealed *sealed, const char *path,
		    char *err, size_t errlen);
int tpm_sealed_load(struct tpm_sealed *sealed, const char *path, char *err, size_t errlen);

#endif
