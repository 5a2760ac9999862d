/*
 * tpm-flush.c - before kexec: whatever vigil (or anything else in the
 * payload) left loaded in the TPM is flushed, so that the booted OS finds
 * no policy session or sealed object of the firmware's still usable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <tss2/tss2_sys.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-flush.h"

/* tss2's TPM2_TRANSIENT_FIRST shifts 0x80 into an int's sign bit (UBSan says so). */
#define TRANSIENT_FIRST ((TPM2_HANDLE)0x80000000u)

/* The handles of one range that the TPM holds now; the caller Esys_Free()s *data. */
static int handles_in(ESYS_CONTEXT *esys, TPM2_HANDLE first, TPMS_CAPABILITY_DATA **data,
		      char *err, size_t errlen)
{
	TPMI_YES_NO more;
	TSS2_RC rc = Esys_GetCapability(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					TPM2_CAP_HANDLES, first, TPM2_MAX_CAP_HANDLES, &more,
					data);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "listing the TPM's loaded handles", err, errlen);
	return 0;
}

static int is_session(TPM2_HANDLE h)
{
	return (h >> TPM2_HR_SHIFT) == TPM2_HT_HMAC_SESSION ||
	       (h >> TPM2_HR_SHIFT) == TPM2_HT_POLICY_SESSION;
}

/* h is an object when first is, a session when first is. */
static int same_kind(TPM2_HANDLE h, TPM2_HANDLE first)
{
	if (is_session(first))
		return is_session(h);
	return (h >> TPM2_HR_SHIFT) == (first >> TPM2_HR_SHIFT);
}

int tpm_flush_transients(const char *tcti, unsigned *flushed, char *err, size_t errlen)
{
	/*
	 * Transient objects, then the loaded sessions and the saved ones: asked
	 * by the HMAC and policy session ranges, the TPM lists either kind of
	 * session (handles 0x02... and 0x03...) in each.
	 */
	static const TPM2_HANDLE ranges[] = { TRANSIENT_FIRST, TPM2_LOADED_SESSION_FIRST,
					      TPM2_ACTIVE_SESSION_FIRST };
	TSS2_SYS_CONTEXT *sys = NULL;
	struct tpm *tpm;
	unsigned n = 0;
	size_t r;
	int ret = 0;

	if (!tcti)
		tcti = getenv("VIGIL_TCTI");
	tpm = tpm_open(tcti ? tcti : TPM_RAW_TCTI, err, errlen);
	if (!tpm)
		return -1;
	if (Esys_GetSysContext(tpm_esys(tpm), &sys) != TSS2_RC_SUCCESS) {
		snprintf(err, errlen, "no TPM command context to flush with");
		tpm_close(tpm);
		return -1;
	}
	for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]) && ret == 0; r++) {
		TPMS_CAPABILITY_DATA *data = NULL;
		uint32_t i;

		ret = handles_in(tpm_esys(tpm), ranges[r], &data, err, errlen);
		for (i = 0; ret == 0 && i < data->data.handles.count; i++) {
			TPM2_HANDLE h = data->data.handles.handle[i];
			TSS2_RC rc;

			/* The list runs on past the range asked for: stop at its end. */
			if (!same_kind(h, ranges[r]))
				break;
			rc = Tss2_Sys_FlushContext(sys, h);
			if (rc != TSS2_RC_SUCCESS) {
				char what[64];

				snprintf(what, sizeof(what), "flushing handle 0x%08x", h);
				ret = tpm_fail(rc, what, err, errlen);
			} else {
				n++;
			}
		}
		Esys_Free(data);
	}
	tpm_close(tpm);
	if (flushed)
		*flushed = n;
	return ret < 0 ? -1 : 0;
}
