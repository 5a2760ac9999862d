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
	uint32_t logged;		/* PCRs checked: those with events, and always 0-7 */
	uint32_t differ;		/* of those, PCRs whose values differ */
};

/*
 * The firmware's PCRs: the log must account for each of them, events or
 * not, so a log that lost coreboot's measurements (PCR 2) is caught rather
 * than passed for having nothing to say about them.
 */
#define EVENTLOG_FIRMWARE_PCRS 0xffu

/*
 * Replay log and read from tpm every PCR it has events for and PCRs 0-7. Returns 0 with
 * the result in out (out->differ empty when the log matches), or -1 with err
 * if the TPM could not be read.
 */
int eventlog_check_tpm(struct tpm *tpm, const struct eventlog *log, struct eventlog_check *out,
		       char *err, size_t errlen);

#endif
