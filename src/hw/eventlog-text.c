/* eventlog-text.c - word the event log and the result of replaying it against the TPM. */
#include <stdio.h>

#include "common/xmalloc.h"
#include "hw/eventlog-text.h"
#include "i18n.h"

void eventlog_format(const struct eventlog *log, struct strlist *out)
{
	char hex[SHA256_HEX_LEN + 1], text[200], type[16];
	size_t i;

	if (log->note)
		strlist_push(out, xasprintf(_("note: %s"), log->note));
	strlist_push(out, xasprintf(_("event PCR type                 sha256%*s description"),
				    SHA256_HEX_LEN - 6, ""));
	for (i = 0; i < log->count; i++) {
		const struct eventlog_event *ev = &log->events[i];
		const char *name = eventlog_type_name(ev->type);

		if (!name) {
			snprintf(type, sizeof(type), "0x%08x", ev->type);
			name = type;
		}
		hash_hex(ev->sha256, SHA256_LEN, hex);
		eventlog_event_text(ev, text, sizeof(text));
		strlist_push(out, xasprintf("%5zu %3u %-20s %s %s", i + 1, ev->pcr, name, hex, text));
	}
}

int eventlog_check_against_tpm(const struct eventlog *log, const char *path,
			       struct eventlog_check *check, char *err, size_t errlen)
{
	struct tpm *tpm;
	int ret;

	eventlog_replay(log, check->replayed, &check->logged);
	if (!check->logged) {
		snprintf(err, errlen, _("%s: the log has no measurements to check"), path);
		return -1;
	}
	tpm = tpm_open(NULL, err, errlen);
	if (!tpm)
		return -1;
	ret = eventlog_check_tpm(tpm, log, check, err, errlen);
	tpm_close(tpm);
	return ret;
}

void eventlog_check_details(const struct eventlog_check *check, struct strlist *out)
{
	char hex[SHA256_HEX_LEN + 1];
	unsigned pcr;

	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++) {
		if (!(check->differ & (1u << pcr)))
			continue;
		strlist_push(out, xasprintf(_("PCR %u differs from the log:"), pcr));
		hash_hex(check->replayed[pcr], SHA256_LEN, hex);
		strlist_push(out, xasprintf(_("  log replay %s"), hex));
		hash_hex(check->actual[pcr], SHA256_LEN, hex);
		strlist_push(out, xasprintf(_("  TPM        %s"), hex));
	}
}

char *eventlog_check_summary(const struct eventlog_check *check, const char *path)
{
	char list[100];

	if (check->differ) {
		tpm_pcr_mask_format(check->differ, list, sizeof(list));
		return xasprintf(_("FAILED: PCRs %s do not match the event log %s"), list, path);
	}
	tpm_pcr_mask_format(check->logged, list, sizeof(list));
	return xasprintf(_("OK: PCRs %s match the event log %s"), list, path);
}
