/* eventlog-text.h - the event log and its check against the TPM as lines of text, for "vigil pcr" and the menu. */
#ifndef VIGIL_EVENTLOG_TEXT_H
#define VIGIL_EVENTLOG_TEXT_H

#include <stddef.h>

#include "boot/strbuf.h"
#include "hw/eventlog-check.h"
#include "hw/eventlog.h"

/*
 * The log as "vigil pcr log" prints it: the header's note (if any), a column
 * heading, then one line per event, numbered as tpm2_eventlog numbers them
 * (the Spec ID header is event 0).
 */
void eventlog_format(const struct eventlog *log, struct strlist *out);

/*
 * Replay log (read from path, named in messages) and compare it with the
 * TPM's PCRs. Returns 0 with the result in check (check->differ empty when
 * the log matches), or -1 with err: a log without measurements proves
 * nothing, so it does not pass; or the TPM could not be opened or read.
 */
int eventlog_check_against_tpm(const struct eventlog *log, const char *path,
			       struct eventlog_check *check, char *err, size_t errlen);

/* For each PCR that differs: the PCR, the replayed value and the TPM's. */
void eventlog_check_details(const struct eventlog_check *check, struct strlist *out);

/* "OK: PCRs 2,4,7 match the event log PATH" or "FAILED: PCRs 4 do not match ..." (allocated). */
char *eventlog_check_summary(const struct eventlog_check *check, const char *path);

#endif
