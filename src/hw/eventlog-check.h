/* eventlog-check.h - compare an event log's replay with the TPM's PCRs. */
#ifndef VIGIL_EVENTLOG_CHECK_H
#define VIGIL_EVENTLOG_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "hw/eventlog.h"
#include "hw/tpm.h"

struct eventlog_check {
	tpm_pcr_values replayed;	/* what the log says */
	tpm_pcr_values actual;		/* what the TPM has */
	uint32_t logged;		/* PCRs with events in the log */
	uint32_t differ;		/* of those, PCRs whose values differ */
};

/*
 * Replay log and read every PCR it has events for from tpm. Returns 0 with
 * the result in out (out->differ empty when the log matches), or -1 with err
 * if the TPM could not be read.
 */
int eventlog_check_tpm(struct tpm *tpm, const struct eventlog *log, struct eventlog_check *out,
		       char *err, size_t errlen);

#endif
