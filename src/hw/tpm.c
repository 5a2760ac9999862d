/* tpm.c - ESAPI context, PCR access for the SHA-256 bank, random bytes, error classes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include "common/xmalloc.h"
#include "crypto/secret.h"
#include "hw/tpm-esys.h"
#include "hw/tpm.h"

#define TPM_DEFAULT_TCTI "device:/dev/tpmrm0"

struct tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
	struct secret *owner_auth;	/* NULL: empty, as from the factory or after a clear */
	struct secret *lockout_auth;
};

struct tpm *tpm_open(const char *tcti, char *err, size_t errlen)
{
	struct tpm *tpm = xcalloc(1, sizeof(*tpm));
	TSS2_RC rc;

	if (!tcti)
		tcti = getenv("VIGIL_TCTI");
	if (!tcti)
		tcti = TPM_DEFAULT_TCTI;
	/* vigil explains TPM failures itself; libtss2's own log would garble the menu. */
	setenv("TSS2_LOG", "all+none", 0);
	rc = Tss2_TctiLdr_Initialize(tcti, &tpm->tcti);
	if (rc != TSS2_RC_SUCCESS) {
		snprintf(err, errlen, "cannot reach the TPM through %s: %s", tcti,
			 Tss2_RC_Decode(rc));
		free(tpm);
		return NULL;
	}
	rc = Esys_Initialize(&tpm->esys, tpm->tcti, NULL);
	if (rc != TSS2_RC_SUCCESS) {
		snprintf(err, errlen, "cannot start a TPM session on %s: %s", tcti,
			 Tss2_RC_Decode(rc));
		Tss2_TctiLdr_Finalize(&tpm->tcti);
		free(tpm);
		return NULL;
	}
	return tpm;
}

void tpm_close(struct tpm *tpm)
{
	if (!tpm)
		return;
	tpm_set_owner_auth(tpm, NULL, NULL, 0);
	tpm_set_lockout_auth(tpm, NULL, NULL, 0);
	Esys_Finalize(&tpm->esys);
	Tss2_TctiLdr_Finalize(&tpm->tcti);
	free(tpm);
}

static int check_pcr(unsigned pcr, char *err, size_t errlen)
{
	if (pcr < TPM_PCR_COUNT)
		return 0;
	snprintf(err, errlen, "PCR %u does not exist (PCRs are 0-%d)", pcr,
		 TPM_PCR_COUNT - 1);
	return -1;
}

int tpm_pcr_read(struct tpm *tpm, unsigned pcr, uint8_t out[SHA256_LEN],
		 char *err, size_t errlen)
{
	TPML_PCR_SELECTION sel = { .count = 1 };
	TPML_DIGEST *values = NULL;
	TSS2_RC rc;

	if (check_pcr(pcr, err, errlen) < 0)
		return -1;
	sel.pcrSelections[0].hash = TPM2_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	sel.pcrSelections[0].pcrSelect[pcr / 8] = (uint8_t)(1u << (pcr % 8));
	rc = Esys_PCR_Read(tpm->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
			   &sel, NULL, NULL, &values);
	if (rc != TSS2_RC_SUCCESS) {
		snprintf(err, errlen, "reading PCR %u failed: %s", pcr, Tss2_RC_Decode(rc));
		return -1;
	}
	if (values->count != 1 || values->digests[0].size != SHA256_LEN) {
		snprintf(err, errlen, "the TPM has no SHA-256 bank for PCR %u", pcr);
		Esys_Free(values);
		return -1;
	}
	memcpy(out, values->digests[0].buffer, SHA256_LEN);
	Esys_Free(values);
	return 0;
}

int tpm_pcr_extend(struct tpm *tpm, unsigned pcr, const uint8_t digest[SHA256_LEN],
		   char *err, size_t errlen)
{
	TPML_DIGEST_VALUES values = { .count = 1 };
	TSS2_RC rc;

	if (check_pcr(pcr, err, errlen) < 0)
		return -1;
	values.digests[0].hashAlg = TPM2_ALG_SHA256;
	memcpy(values.digests[0].digest.sha256, digest, SHA256_LEN);
	rc = Esys_PCR_Extend(tpm->esys, ESYS_TR_PCR0 + pcr, ESYS_TR_PASSWORD,
			     ESYS_TR_NONE, ESYS_TR_NONE, &values);
	if (rc != TSS2_RC_SUCCESS) {
		snprintf(err, errlen, "extending PCR %u failed: %s", pcr, Tss2_RC_Decode(rc));
		return -1;
	}
	return 0;
}

int tpm_pcr_read_mask(struct tpm *tpm, uint32_t mask, tpm_pcr_values values,
		      char *err, size_t errlen)
{
	unsigned pcr;

	if (mask >> TPM_PCR_COUNT) {
		snprintf(err, errlen, "PCR selection 0x%x names PCRs above %d", mask,
			 TPM_PCR_COUNT - 1);
		return -1;
	}
	/* One PCR per read: a TPM returns at most 8 digests per call anyway. */
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		if ((mask & (1u << pcr)) && tpm_pcr_read(tpm, pcr, values[pcr], err, errlen) < 0)
			return -1;
	return 0;
}

int tpm_get_random(struct tpm *tpm, uint8_t *out, size_t len, char *err, size_t errlen)
{
	while (len > 0) {
		TPM2B_DIGEST *bytes = NULL;
		size_t want = len < sizeof(bytes->buffer) ? len : sizeof(bytes->buffer);
		TSS2_RC rc = Esys_GetRandom(tpm->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					    (UINT16)want, &bytes);

		if (rc != TSS2_RC_SUCCESS)
			return tpm_fail(rc, "reading the TPM's random number generator", err, errlen);
		/* A TPM may return fewer bytes than asked: take what came and ask again. */
		if (bytes->size == 0 || bytes->size > want) {
			snprintf(err, errlen, "the TPM's random number generator returned %u bytes",
				 bytes->size);
			Esys_Free(bytes);
			return -1;
		}
		memcpy(out, bytes->buffer, bytes->size);
		out += bytes->size;
		len -= bytes->size;
		explicit_bzero(bytes->buffer, bytes->size);
		Esys_Free(bytes);
	}
	return 0;
}

int tpm_pcr_mask_parse(const char *list, uint32_t *mask, char *err, size_t errlen)
{
	const char *p = list;

	*mask = 0;
	for (;;) {
		char *end;
		unsigned long first, last;

		/* strtoul alone would take signs and spaces. */
		if (*p < '0' || *p > '9')
			goto bad;
		first = strtoul(p, &end, 10);
		if (first >= TPM_PCR_COUNT)
			goto bad;
		last = first;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				goto bad;
			last = strtoul(p, &end, 10);
			if (last >= TPM_PCR_COUNT || last < first)
				goto bad;
		}
		for (; first <= last; first++)
			*mask |= 1u << first;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
bad:
	snprintf(err, errlen, "'%s' is not a list of PCR numbers 0-%d (like 0,1,2,7 or 0-3,7)",
		 list, TPM_PCR_COUNT - 1);
	return -1;
}

void tpm_pcr_mask_format(uint32_t mask, char *buf, size_t buflen)
{
	size_t used = 0;
	unsigned pcr;

	if (buflen)
		buf[0] = '\0';
	for (pcr = 0; pcr < TPM_PCR_COUNT && used < buflen; pcr++) {
		int n;

		if (!(mask & (1u << pcr)))
			continue;
		n = snprintf(buf + used, buflen - used, used ? ",%u" : "%u", pcr);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/*
 * ESAPI keeps a hierarchy's auth value with its handle and uses it for every
 * password session on that handle until it is replaced, so setting it here
 * covers every later owner or lockout operation. The copy ESAPI keeps is in
 * ordinary memory: overwrite it in full before letting go of it.
 */
static int set_hierarchy_auth(struct tpm *tpm, ESYS_TR hierarchy, struct secret **stored,
			      const struct secret *auth, const char *name,
			      char *err, size_t errlen)
{
	TPM2B_AUTH value = { .size = sizeof(value.buffer) };
	struct secret *old = *stored;

	if (auth && auth->len > TPM_HIERARCHY_AUTH_MAX) {
		snprintf(err, errlen, "the TPM %s passphrase is longer than %d bytes", name,
			 TPM_HIERARCHY_AUTH_MAX);
		return -1;
	}
	Esys_TR_SetAuth(tpm->esys, hierarchy, &value);
	value.size = 0;
	/* Copy before freeing the old one: auth may be the one stored. */
	*stored = NULL;
	if (auth && auth->len > 0) {
		*stored = secret_from(auth->data, auth->len);
		memcpy(value.buffer, auth->data, auth->len);
		value.size = (UINT16)auth->len;
	}
	secret_free(old);
	Esys_TR_SetAuth(tpm->esys, hierarchy, &value);
	explicit_bzero(&value, sizeof(value));
	return 0;
}

int tpm_set_owner_auth(struct tpm *tpm, const struct secret *auth, char *err, size_t errlen)
{
	return set_hierarchy_auth(tpm, ESYS_TR_RH_OWNER, &tpm->owner_auth, auth, "owner",
				  err, errlen);
}

int tpm_holds_owner_auth(const struct tpm *tpm)
{
	return tpm->owner_auth != NULL;
}

int tpm_set_lockout_auth(struct tpm *tpm, const struct secret *auth, char *err, size_t errlen)
{
	return set_hierarchy_auth(tpm, ESYS_TR_RH_LOCKOUT, &tpm->lockout_auth, auth, "lockout",
				  err, errlen);
}

/*
 * A TPM 1.2 answers a TPM 2.0 command with its error tag (0x00c4, what a
 * TPM 2.0 uses only for a malformed tag), which ESAPI reports as a general
 * failure and then refuses further commands: ask through the TCTI directly.
 */
int tpm_is_version_1_2(struct tpm *tpm)
{
	/* TPM2_GetRandom(8), no sessions: tag, size, command code, bytes wanted. */
	static const uint8_t cmd[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8 };
	uint8_t rsp[4096];
	size_t len = sizeof(rsp);

	if (Tss2_Tcti_Transmit(tpm->tcti, sizeof(cmd), cmd) != TSS2_RC_SUCCESS ||
	    Tss2_Tcti_Receive(tpm->tcti, &len, rsp, 5000) != TSS2_RC_SUCCESS || len < 10)
		return 0;
	return rsp[0] == 0x00 && rsp[1] == 0xc4;
}

ESYS_CONTEXT *tpm_esys(struct tpm *tpm)
{
	return tpm->esys;
}

TSS2_RC tpm_rc_base(TSS2_RC rc)
{
	TSS2_RC layer = rc & TSS2_RC_LAYER_MASK;

	if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER)
		return rc;
	rc &= 0xffff;
	/* Format-one codes carry the number of the handle, session or parameter. */
	if (rc & TPM2_RC_FMT1)
		return rc & (TPM2_RC_FMT1 | 0x3f);
	return rc;
}

enum tpm_error tpm_rc_error(TSS2_RC rc)
{
	TSS2_RC layer = rc & TSS2_RC_LAYER_MASK, base = tpm_rc_base(rc);

	/* Neither format-zero 2.0 (VER1) nor format-one: a TPM 1.2 response code. */
	if ((layer == TSS2_TPM_RC_LAYER || layer == TSS2_RESMGR_TPM_RC_LAYER) && base != 0 &&
	    !(base & (TPM2_RC_VER1 | TPM2_RC_FMT1)))
		return TPM_ERR_VERSION_1_2;
	switch (base) {
	case TPM2_RC_AUTH_FAIL:
	case TPM2_RC_BAD_AUTH:
		return TPM_ERR_AUTH;
	case TPM2_RC_LOCKOUT:
		return TPM_ERR_LOCKOUT;
	default:
		return TPM_ERR_FAIL;
	}
}

int tpm_fail(TSS2_RC rc, const char *what, char *err, size_t errlen)
{
	enum tpm_error e = tpm_rc_error(rc);

	if (e == TPM_ERR_VERSION_1_2)
		snprintf(err, errlen, "%s failed: the TPM answered as a TPM 1.2 (code 0x%x), "
			 "and vigil needs a TPM 2.0", what, tpm_rc_base(rc));
	else
		snprintf(err, errlen, "%s failed: %s", what, Tss2_RC_Decode(rc));
	return e;
}
