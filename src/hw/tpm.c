/* tpm.c - ESAPI context and PCR access for the SHA-256 bank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include "common/xmalloc.h"
#include "hw/tpm.h"

#define TPM_DEFAULT_TCTI "device:/dev/tpmrm0"
#define TPM_PCR_COUNT 24

struct tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
};

struct tpm *tpm_open(const char *tcti, char *err, size_t errlen)
{
	struct tpm *tpm = xcalloc(1, sizeof(*tpm));
	TSS2_RC rc;

	if (!tcti)
		tcti = getenv("VIGIL_TCTI");
	if (!tcti)
		tcti = TPM_DEFAULT_TCTI;
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
