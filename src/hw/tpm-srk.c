/*
 * tpm-srk.c - the storage root key that sealed objects live under.
 *
 * Sealing always uses a key created anew from the owner hierarchy's seed
 * (the same template and seed always give the same key, so nothing has to be
 * trusted about whatever another tool left at a handle, and clearing the TPM,
 * a new seed, invalidates every blob) and then makes that very key
 * persistent at TPM_SRK_HANDLE. Unsealing uses the persistent key: creating a
 * primary needs the owner passphrase once ownership is taken, and the menu
 * must show the TOTP code before anyone types anything. A foreign key put at
 * the handle cannot open vigil's blobs (their integrity is bound to the
 * parent's seed): the load fails, closed. The template is tpm2-tools'
 * default, so "tpm2_createprimary -C o -G ecc" gives the same key.
 */
#include <stdbool.h>
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

/* 1 with *handle when a key is at TPM_SRK_HANDLE, 0 when none is, < 0 with err. */
static int srk_persistent(ESYS_CONTEXT *esys, ESYS_TR *handle, char *err, size_t errlen)
{
	TSS2_RC rc = Esys_TR_FromTPMPublic(esys, TPM_SRK_HANDLE, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, handle);

	if (rc == TSS2_RC_SUCCESS)
		return 1;
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return 0;
	return tpm_fail(rc, "reading the persistent storage root key", err, errlen);
}

/* The key from the owner's seed, as a transient object; ask: see tpm_owner_ready(). */
static int srk_create(struct tpm *tpm, ESYS_TR *handle, bool ask, char *err, size_t errlen)
{
	TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	TPM2B_DATA no_outside_info = { 0 };
	TPML_PCR_SELECTION no_creation_pcrs = { 0 };
	TSS2_RC rc;
	int ret = tpm_owner_ready(tpm, "creating the storage root key", ask, err, errlen);

	if (ret < 0)
		return ret;
	rc = Esys_CreatePrimary(tpm_esys(tpm), ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
				ESYS_TR_NONE, ESYS_TR_NONE, &no_auth, &srk_template,
				&no_outside_info, &no_creation_pcrs, handle,
				NULL, NULL, NULL, NULL);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "creating the storage root key under the owner hierarchy",
				err, errlen);
	return 0;
}

int tpm_srk_load(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen)
{
	int ret = srk_persistent(tpm_esys(tpm), handle, err, errlen);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	/*
	 * Unsealing runs at boot, before anyone may type: never ask. Blobs sealed
	 * by a vigil that did not persist the key open again once resealed.
	 */
	ret = srk_create(tpm, handle, false, err, errlen);
	if (ret == TPM_ERR_AUTH)
		snprintf(err, errlen, "the TPM has an owner passphrase and no persistent storage "
			 "root key at 0x%08x: seal the secret again (that makes it)", TPM_SRK_HANDLE);
	return ret;
}

void tpm_srk_release(struct tpm *tpm, ESYS_TR handle)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2_HANDLE tpm_handle = 0;

	if (Esys_TR_GetTpmHandle(esys, handle, &tpm_handle) == TSS2_RC_SUCCESS &&
	    (tpm_handle >> TPM2_HR_SHIFT) == TPM2_HT_PERSISTENT)
		Esys_TR_Close(esys, &handle);
	else
		Esys_FlushContext(esys, handle);
}

/* 1 when a and b name the same key. */
static int same_name(ESYS_CONTEXT *esys, ESYS_TR a, ESYS_TR b)
{
	TPM2B_NAME *na = NULL, *nb = NULL;
	int same = 0;

	if (Esys_TR_GetName(esys, a, &na) == TSS2_RC_SUCCESS &&
	    Esys_TR_GetName(esys, b, &nb) == TSS2_RC_SUCCESS)
		same = na->size == nb->size && memcmp(na->name, nb->name, na->size) == 0;
	Esys_Free(na);
	Esys_Free(nb);
	return same;
}

int tpm_srk_create_persistent(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR fresh, old, kept = ESYS_TR_NONE;
	TSS2_RC rc;
	int ret;

	ret = srk_create(tpm, &fresh, true, err, errlen);
	if (ret < 0)
		return ret;
	ret = srk_persistent(esys, &old, err, errlen);
	if (ret == 1 && same_name(esys, fresh, old)) {
		Esys_TR_Close(esys, &old);
	} else if (ret >= 0) {
		/* Something else sits there (another seed's key, another tool's): replace it. */
		if (ret == 1) {
			rc = Esys_EvictControl(esys, ESYS_TR_RH_OWNER, old, ESYS_TR_PASSWORD,
					       ESYS_TR_NONE, ESYS_TR_NONE, TPM_SRK_HANDLE, &kept);
			if (rc != TSS2_RC_SUCCESS)
				ret = tpm_fail(rc, "removing a foreign key from the storage root "
					       "key's persistent handle", err, errlen);
			/* ESAPI keeps the evicted key's handle open; a later lookup would fail. */
			Esys_TR_Close(esys, &old);
		}
		if (ret >= 0) {
			rc = Esys_EvictControl(esys, ESYS_TR_RH_OWNER, fresh, ESYS_TR_PASSWORD,
					       ESYS_TR_NONE, ESYS_TR_NONE, TPM_SRK_HANDLE, &kept);
			ret = rc == TSS2_RC_SUCCESS ? 0 :
			      tpm_fail(rc, "making the storage root key persistent", err, errlen);
			if (kept != ESYS_TR_NONE)
				Esys_TR_Close(esys, &kept);
		}
	}
	if (ret < 0) {
		Esys_FlushContext(esys, fresh);
		return ret;
	}
	*handle = fresh;
	return 0;
}
