/*
 * tpm-srk.c - the storage root key that sealed objects live under.
 *
 * It is created anew each time from the owner hierarchy's seed rather than
 * kept at a persistent handle: the same template and seed always give the
 * same key, so blobs stay loadable across boots, nothing has to be trusted
 * about whatever another tool left at a handle, and clearing the TPM (a new
 * seed) invalidates every blob, as it should. An ECC primary takes a few
 * milliseconds; the template is tpm2-tools' default, so
 * "tpm2_createprimary -C o -G ecc" gives the same key for debugging.
 */
#include <stdio.h>
#include <string.h>

#include "hw/tpm-esys.h"

static const TPM2B_PUBLIC srk_template = {
	.publicArea = {
		.type = TPM2_ALG_ECC,
		.nameAlg = TPM2_ALG_SHA256,
		.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
			TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
			TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT,
		.parameters.eccDetail = {
			.symmetric = {
				.algorithm = TPM2_ALG_AES,
				.keyBits.aes = 128,
				.mode.aes = TPM2_ALG_CFB,
			},
			.scheme.scheme = TPM2_ALG_NULL,
			.curveID = TPM2_ECC_NIST_P256,
			.kdf.scheme = TPM2_ALG_NULL,
		},
	},
};

int tpm_srk_load(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen)
{
	TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	TPM2B_DATA no_outside_info = { 0 };
	TPML_PCR_SELECTION no_creation_pcrs = { 0 };
	TSS2_RC rc;

	rc = Esys_CreatePrimary(tpm_esys(tpm), ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
				ESYS_TR_NONE, ESYS_TR_NONE, &no_auth, &srk_template,
				&no_outside_info, &no_creation_pcrs, handle,
				NULL, NULL, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "creating the storage root key under the owner hierarchy",
				err, errlen);
	return 0;
}
