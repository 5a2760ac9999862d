/* fuzz-eventlog.c - the TCG event log reader, its replay, and coreboot's TCPA table, on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hw/cbmem-tcpa.h"
#include "hw/eventlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eventlog log;
	struct tcpa_entry *entries;
	tpm_pcr_values pcrs;
	char err[256], text[200];
	uint32_t mask;
	size_t count, i;

	if (eventlog_parse(data, size, &log, err, sizeof(err)) == 0) {
		eventlog_replay(&log, pcrs, &mask);
		for (i = 0; i < log.count; i++)
			eventlog_event_text(&log.events[i], text, sizeof(text));
		eventlog_free(&log);
	}
	if (cbmem_tcpa_parse(data, size, &entries, &count, err, sizeof(err)) > 0)
		free(entries);
	return 0;
}
