/* tpm-seal.c - sealed data objects under a PolicyPCR (+ PolicyAuthValue) policy. */
#include <stdio.h>
#include <string.h>
#include <tss2/tss2_mu.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-seal.h"

static const TPMT_SYM_DEF no_symmetric = { .algorithm = TPM2_ALG_NULL };
/* Unseal's response is encrypted so the secret does not cross the TPM's bus in clear. */
static const TPMT_SYM_DEF aes128_cfb = {
	.algorithm = TPM2_ALG_AES, .keyBits.aes = 128, .mode.aes = TPM2_ALG_CFB,
};

static void pcr_selection(uint32_t mask, TPML_PCR_SELECTION *sel)
{
	memset(sel, 0, sizeof(*sel));
	sel->count = 1;
	sel->pcrSelections[0].hash = TPM2_ALG_SHA256;
	sel->pcrSelections[0].sizeofSelect = 3;
	sel->pcrSelections[0].pcrSelect[0] = (uint8_t)mask;
	sel->pcrSelections[0].pcrSelect[1] = (uint8_t)(mask >> 8);
	sel->pcrSelections[0].pcrSelect[2] = (uint8_t)(mask >> 16);
}

/* PolicyPCR's pcrDigest: SHA-256 of the selected values in ascending PCR order. */
static void pcr_digest(const struct tpm_sealed *sealed, TPM2B_DIGEST *digest)
{
	uint8_t concat[TPM_PCR_COUNT * SHA256_LEN];
	size_t n = 0;
	unsigned pcr;

	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		if (sealed->pcr_mask & (1u << pcr)) {
			memcpy(concat + n, sealed->pcrs[pcr], SHA256_LEN);
			n += SHA256_LEN;
		}
	digest->size = SHA256_LEN;
	hash_sha256(concat, n, digest->buffer);
}

/*
 * Run the policy's assertions in session. A PolicyPCR that the TPM refuses
 * with TPM_RC_VALUE means the current PCRs are not the expected ones.
 */
static int run_policy(ESYS_CONTEXT *esys, ESYS_TR session, const struct tpm_sealed *sealed,
		      char *err, size_t errlen)
{
	TPML_PCR_SELECTION sel;
	TPM2B_DIGEST digest;
	TSS2_RC rc;

	pcr_selection(sealed->pcr_mask, &sel);
	pcr_digest(sealed, &digest);
	rc = Esys_PolicyPCR(esys, session, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			    &digest, &sel);
	if (rc != TSS2_RC_SUCCESS) {
		if (tpm_rc_base(rc) == TPM2_RC_VALUE) {
			snprintf(err, errlen, "the PCR values differ from those at sealing time");
			return TPM_ERR_PCR_MISMATCH;
		}
		return tpm_fail(rc, "PolicyPCR", err, errlen);
	}
	if (sealed->with_passphrase) {
		rc = Esys_PolicyAuthValue(esys, session, ESYS_TR_NONE, ESYS_TR_NONE,
					  ESYS_TR_NONE);
		if (rc != TSS2_RC_SUCCESS)
			return tpm_fail(rc, "PolicyAuthValue", err, errlen);
	}
	return 0;
}

static int policy_digest(ESYS_CONTEXT *esys, const struct tpm_sealed *sealed,
			 TPM2B_DIGEST *out, char *err, size_t errlen)
{
	ESYS_TR trial = ESYS_TR_NONE;
	TPM2B_DIGEST *digest = NULL;
	TSS2_RC rc;
	int ret;

	rc = Esys_StartAuthSession(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, NULL, TPM2_SE_TRIAL,
				   &no_symmetric, TPM2_ALG_SHA256, &trial);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "starting a trial policy session", err, errlen);
	ret = run_policy(esys, trial, sealed, err, errlen);
	if (ret == 0) {
		rc = Esys_PolicyGetDigest(esys, trial, ESYS_TR_NONE, ESYS_TR_NONE,
					  ESYS_TR_NONE, &digest);
		if (rc != TSS2_RC_SUCCESS)
			ret = tpm_fail(rc, "reading the policy digest", err, errlen);
		else
			*out = *digest;
		Esys_Free(digest);
	}
	Esys_FlushContext(esys, trial);
	return ret;
}

static int set_passphrase_auth(ESYS_CONTEXT *esys, ESYS_TR handle,
			       const struct secret *passphrase, TPM2B_AUTH *auth,
			       char *err, size_t errlen)
{
	auth->size = 0;
	if (passphrase) {
		if (passphrase->len > sizeof(auth->buffer)) {
			snprintf(err, errlen, "the passphrase is longer than %zu bytes",
				 sizeof(auth->buffer));
			return -1;
		}
		memcpy(auth->buffer, passphrase->data, passphrase->len);
		auth->size = (UINT16)passphrase->len;
	}
	Esys_TR_SetAuth(esys, handle, auth);
	return 0;
}

static int marshal_areas(const TPM2B_PUBLIC *pub, const TPM2B_PRIVATE *priv,
			 struct tpm_sealed *out, char *err, size_t errlen)
{
	size_t off = 0;
	TSS2_RC rc;

	rc = Tss2_MU_TPM2B_PUBLIC_Marshal(pub, out->public_area, sizeof(out->public_area), &off);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "storing the sealed object's public area", err, errlen);
	out->public_len = off;
	off = 0;
	rc = Tss2_MU_TPM2B_PRIVATE_Marshal(priv, out->private_area, sizeof(out->private_area),
					   &off);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "storing the sealed object's private area", err, errlen);
	out->private_len = off;
	return 0;
}

int tpm_seal(struct tpm *tpm, const struct secret *data, uint32_t pcr_mask,
	     const tpm_pcr_values expected, const struct secret *passphrase,
	     struct tpm_sealed *out, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2B_PUBLIC template = { 0 }, *pub = NULL;
	TPM2B_PRIVATE *priv = NULL;
	TPM2B_DATA no_outside_info = { 0 };
	TPML_PCR_SELECTION no_creation_pcrs = { 0 };
	struct secret *sensitive_mem;
	TPM2B_SENSITIVE_CREATE *sensitive;
	ESYS_TR srk;
	TSS2_RC rc;
	int ret;

	memset(out, 0, sizeof(*out));
	if (pcr_mask == 0 || pcr_mask >> TPM_PCR_COUNT) {
		snprintf(err, errlen, "sealing needs a selection of PCRs 0-%d", TPM_PCR_COUNT - 1);
		return -1;
	}
	if (data->len == 0 || data->len > TPM_SEALED_DATA_MAX) {
		snprintf(err, errlen, "a sealed secret must be 1-%d bytes, not %zu",
			 TPM_SEALED_DATA_MAX, data->len);
		return -1;
	}
	out->pcr_mask = pcr_mask;
	out->with_passphrase = passphrase != NULL;
	if (expected) {
		unsigned pcr;

		for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
			if (pcr_mask & (1u << pcr))
				memcpy(out->pcrs[pcr], expected[pcr], SHA256_LEN);
	} else if (tpm_pcr_read_mask(tpm, pcr_mask, out->pcrs, err, errlen) < 0) {
		return -1;
	}

	template.publicArea.type = TPM2_ALG_KEYEDHASH;
	template.publicArea.nameAlg = TPM2_ALG_SHA256;
	/* No userWithAuth: only the policy can authorise unsealing. */
	template.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
		TPMA_OBJECT_ADMINWITHPOLICY;
	/* Without a passphrase there is nothing to guess, so keep out of lockout's way. */
	if (!passphrase)
		template.publicArea.objectAttributes |= TPMA_OBJECT_NODA;
	template.publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
	ret = policy_digest(esys, out, &template.publicArea.authPolicy, err, errlen);
	if (ret < 0)
		return ret;

	if (passphrase && passphrase->len > TPM_PASSPHRASE_MAX) {
		snprintf(err, errlen, "the passphrase is longer than %d bytes", TPM_PASSPHRASE_MAX);
		return -1;
	}
	sensitive_mem = secret_new(sizeof(*sensitive));
	sensitive = (TPM2B_SENSITIVE_CREATE *)sensitive_mem->data;
	memcpy(sensitive->sensitive.data.buffer, data->data, data->len);
	sensitive->sensitive.data.size = (UINT16)data->len;
	if (passphrase) {
		memcpy(sensitive->sensitive.userAuth.buffer, passphrase->data, passphrase->len);
		sensitive->sensitive.userAuth.size = (UINT16)passphrase->len;
	}

	ret = tpm_srk_create_persistent(tpm, &srk, err, errlen);
	if (ret == 0) {
		rc = Esys_Create(esys, srk, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
				 sensitive, &template, &no_outside_info, &no_creation_pcrs,
				 &priv, &pub, NULL, NULL, NULL);
		if (rc != TSS2_RC_SUCCESS)
			ret = tpm_fail(rc, "creating the sealed object", err, errlen);
		else
			ret = marshal_areas(pub, priv, out, err, errlen);
		tpm_srk_release(tpm, srk);
	}
	secret_free(sensitive_mem);
	Esys_Free(pub);
	Esys_Free(priv);
	return ret;
}

static int load_sealed(struct tpm *tpm, ESYS_TR srk, const struct tpm_sealed *sealed,
		       ESYS_TR *object, char *err, size_t errlen)
{
	TPM2B_PUBLIC pub = { 0 };
	TPM2B_PRIVATE priv = { 0 };
	size_t off = 0;
	TSS2_RC rc;

	rc = Tss2_MU_TPM2B_PUBLIC_Unmarshal(sealed->public_area, sealed->public_len, &off, &pub);
	if (rc == TSS2_RC_SUCCESS && off == sealed->public_len) {
		off = 0;
		rc = Tss2_MU_TPM2B_PRIVATE_Unmarshal(sealed->private_area, sealed->private_len,
						     &off, &priv);
	}
	if (rc != TSS2_RC_SUCCESS || off != sealed->private_len) {
		snprintf(err, errlen, "the sealed object is damaged (its TPM areas do not parse)");
		return -1;
	}
	rc = Esys_Load(tpm_esys(tpm), srk, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
		       &priv, &pub, object);
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	if (tpm_rc_base(rc) == TPM2_RC_INTEGRITY) {
		snprintf(err, errlen, "the sealed object was made by another TPM or before this "
			 "TPM was cleared, or it is damaged");
		return -1;
	}
	return tpm_fail(rc, "loading the sealed object", err, errlen);
}

static int unseal_in_session(struct tpm *tpm, ESYS_TR srk, ESYS_TR object,
			     const struct tpm_sealed *sealed, const struct secret *passphrase,
			     struct secret **out, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2B_SENSITIVE_DATA *data = NULL;
	ESYS_TR session = ESYS_TR_NONE;
	TPM2B_AUTH auth;
	TSS2_RC rc;
	int ret;

	if (sealed->with_passphrase && !passphrase) {
		snprintf(err, errlen, "this secret was sealed with a passphrase: give it");
		return TPM_ERR_AUTH;
	}
	/* Salted with the SRK, so the session key (and the secret) stays off the bus. */
	rc = Esys_StartAuthSession(esys, srk, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, NULL, TPM2_SE_POLICY, &aes128_cfb,
				   TPM2_ALG_SHA256, &session);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "starting a policy session", err, errlen);
	ret = run_policy(esys, session, sealed, err, errlen);
	if (ret == 0)
		ret = set_passphrase_auth(esys, object, sealed->with_passphrase ? passphrase : NULL,
					  &auth, err, errlen);
	explicit_bzero(&auth, sizeof(auth));
	if (ret == 0) {
		Esys_TRSess_SetAttributes(esys, session, TPMA_SESSION_ENCRYPT,
					  TPMA_SESSION_ENCRYPT);
		rc = Esys_Unseal(esys, object, session, ESYS_TR_NONE, ESYS_TR_NONE, &data);
		switch (rc == TSS2_RC_SUCCESS ? TPM2_RC_SUCCESS : tpm_rc_base(rc)) {
		case TPM2_RC_SUCCESS:
			*out = secret_from(data->buffer, data->size);
			explicit_bzero(data, sizeof(*data));
			Esys_Free(data);
			break;
		case TPM2_RC_POLICY_FAIL:
		case TPM2_RC_PCR_CHANGED:
			snprintf(err, errlen, "the PCR values differ from those at sealing time");
			ret = TPM_ERR_PCR_MISMATCH;
			break;
		case TPM2_RC_AUTH_FAIL:
		case TPM2_RC_BAD_AUTH:
			snprintf(err, errlen, "wrong passphrase");
			ret = TPM_ERR_AUTH;
			break;
		case TPM2_RC_LOCKOUT:
			snprintf(err, errlen, "the TPM is in dictionary-attack lockout after too "
				 "many wrong passphrases");
			ret = TPM_ERR_LOCKOUT;
			break;
		default:
			ret = tpm_fail(rc, "unsealing", err, errlen);
		}
		Esys_TR_SetAuth(esys, object, NULL);
	}
	/* ESAPI sessions continue by default, and a failed command leaves them open. */
	Esys_FlushContext(esys, session);
	return ret;
}

int tpm_unseal(struct tpm *tpm, const struct tpm_sealed *sealed,
	       const struct secret *passphrase, struct secret **out,
	       char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR srk, object;
	int ret;

	*out = NULL;
	ret = tpm_srk_load(tpm, &srk, err, errlen);
	if (ret < 0)
		return ret;
	ret = load_sealed(tpm, srk, sealed, &object, err, errlen);
	if (ret == 0) {
		ret = unseal_in_session(tpm, srk, object, sealed, passphrase, out, err, errlen);
		Esys_FlushContext(esys, object);
	}
	tpm_srk_release(tpm, srk);
	return ret;
}

int tpm_sealed_changed_pcrs(struct tpm *tpm, const struct tpm_sealed *sealed,
			    uint32_t *changed, char *err, size_t errlen)
{
	tpm_pcr_values now;
	unsigned pcr;

	*changed = 0;
	if (tpm_pcr_read_mask(tpm, sealed->pcr_mask, now, err, errlen) < 0)
		return -1;
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		if ((sealed->pcr_mask & (1u << pcr)) &&
		    memcmp(now[pcr], sealed->pcrs[pcr], SHA256_LEN) != 0)
			*changed |= 1u << pcr;
	return 0;
}
