/* eventlog-check.c - does the log account for the TPM's PCR values? */
#include <string.h>

#include "hw/eventlog-check.h"

int eventlog_check_tpm(struct tpm *tpm, const struct eventlog *log, struct eventlog_check *out,
		       char *err, size_t errlen)
{
	unsigned pcr;

	memset(out, 0, sizeof(*out));
	eventlog_replay(log, out->replayed, &out->logged);
	out->logged |= EVENTLOG_FIRMWARE_PCRS;
	if (out->logged && tpm_pcr_read_mask(tpm, out->logged, out->actual, err, errlen) < 0)
		return -1;
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		if ((out->logged & (1u << pcr)) &&
		    memcmp(out->replayed[pcr], out->actual[pcr], SHA256_LEN))
			out->differ |= 1u << pcr;
	return 0;
}
