/* tpm-nv.c - what every NV index user needs: check a handle, open an index if defined. */
#include <stdio.h>

#include "hw/tpm-esys.h"

int tpm_nv_check_handle(uint32_t index, char *err, size_t errlen)
{
	if (index >> 24 == TPM2_HT_NV_INDEX)
		return 0;
	snprintf(err, errlen, "0x%08x is not an NV index handle (0x01xxxxxx)", index);
	return -1;
}

int tpm_nv_open(ESYS_CONTEXT *esys, uint32_t index, ESYS_TR *tr, char *err, size_t errlen)
{
	TSS2_RC rc = Esys_TR_FromTPMPublic(esys, index, ESYS_TR_NONE, ESYS_TR_NONE,
					   ESYS_TR_NONE, tr);
	char what[64];

	if (rc == TSS2_RC_SUCCESS)
		return 1;
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return 0;
	snprintf(what, sizeof(what), "looking up NV index 0x%08x", index);
	return tpm_fail(rc, what, err, errlen);
}

int tpm_nv_public(ESYS_CONTEXT *esys, ESYS_TR tr, uint32_t index, TPM2B_NV_PUBLIC **pub,
		  char *err, size_t errlen)
{
	TSS2_RC rc = Esys_NV_ReadPublic(esys, tr, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					pub, NULL);
	char what[64];

	if (rc == TSS2_RC_SUCCESS)
		return 0;
	snprintf(what, sizeof(what), "reading the attributes of NV index 0x%08x", index);
	return tpm_fail(rc, what, err, errlen);
}
