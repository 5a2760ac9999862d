/* viewers.c - gather the event log, its check against the TPM and coreboot's console as lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "hw/cbmem.h"
#include "hw/eventlog-text.h"
#include "i18n.h"
#include "ui/viewers.h"

/* Indent every line of from into out (moved, not copied). */
static void push_indented(struct strlist *out, struct strlist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		strlist_push(out, xasprintf("  %s", from->v[i]));
	strlist_free(from);
}

/* The verdict first: it is what the owner looks for. */
static void check_lines(const struct eventlog *log, const char *path, struct strlist *out)
{
	struct strlist details = { 0 };
	struct eventlog_check check;
	char err[512], list[100], *summary;
	uint32_t match;

	strlist_pushdup(out, _("Replayed against the TPM (vigil pcr check):"));
	if (eventlog_check_against_tpm(log, path, &check, err, sizeof(err)) < 0) {
		strlist_push(out, xasprintf(_("  not checked: %s"), err));
		return;
	}
	summary = eventlog_check_summary(&check, path);
	strlist_push(out, xasprintf("  %s", summary));
	free(summary);
	match = check.logged & ~check.differ;
	if (check.differ && match) {
		tpm_pcr_mask_format(match, list, sizeof(list));
		strlist_push(out, xasprintf(_("  PCRs %s match the log"), list));
	}
	eventlog_check_details(&check, &details);
	push_indented(out, &details);
}

void ui_event_log_lines(const char *path, struct strlist *out)
{
	struct strlist events = { 0 };
	struct eventlog log;
	char err[512];

	if (eventlog_load(path, &log, err, sizeof(err)) < 0) {
		strlist_push(out, xasprintf(_("The event log cannot be read: %s"), err));
		return;
	}
	check_lines(&log, path, out);
	strlist_pushdup(out, "");
	strlist_push(out, xasprintf(_("Event log %s (vigil pcr log):"), path));
	eventlog_format(&log, &events);
	push_indented(out, &events);
	eventlog_free(&log);
}

/* A console line with its tabs expanded (every 8 columns): the screens count one column per byte. */
static char *expand_tabs(const char *p, size_t n)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\t') {
			sb_putc(&sb, p[i]);
			continue;
		}
		do
			sb_putc(&sb, ' ');
		while (sb.len % 8);
	}
	return sb_steal(&sb);
}

int ui_cbmem_console_lines(const char *memory, struct strlist *out, char *err, size_t errlen)
{
	struct cbmem_source src;
	char *text, *p;
	size_t len, before = out->n;
	int ret;

	if (cbmem_source_open(&src, memory, err, errlen) < 0)
		return -1;
	ret = cbmem_console_read(&src, &text, &len, err, errlen);
	cbmem_source_close(&src);
	if (ret == 0)
		snprintf(err, errlen, _("coreboot keeps no console in CBMEM (%s)"), memory);
	if (ret <= 0)
		return -1;
	for (p = text; *p;) {
		size_t n = strcspn(p, "\n");

		strlist_push(out, expand_tabs(p, n));
		p += n;
		if (*p == '\n')
			p++;
	}
	free(text);
	return (int)(out->n - before);
}
