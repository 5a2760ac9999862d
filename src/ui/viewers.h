/* viewers.h - what the menu's read-only screens show: the TPM event log with its check, coreboot's console. */
#ifndef VIGIL_VIEWERS_H
#define VIGIL_VIEWERS_H

#include <stddef.h>

#include "boot/strbuf.h"

/*
 * The event log at path as "vigil pcr log" shows it, under the verdict of
 * "vigil pcr check": the PCRs that replay to the TPM's values, those that
 * differ (with both values), or why it could not be checked. A log that
 * cannot be read gives the reason as the only line.
 */
void ui_event_log_lines(const char *path, struct strlist *out);

/*
 * coreboot's console from CBMEM, read through memory (CBMEM_DEVMEM, or an
 * image in tests), one string per line. Returns the number of lines, or -1
 * with err (no coreboot table, no console kept, unreadable memory).
 */
int ui_cbmem_console_lines(const char *memory, struct strlist *out, char *err, size_t errlen);

#endif
