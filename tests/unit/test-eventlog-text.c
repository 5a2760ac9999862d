/* test-eventlog-text.c - the event log and its check as the lines "vigil pcr" and the menu show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "hw/eventlog-text.h"

static const char *const expected_log[] = {
	"event PCR type                 sha256                                                     "
	"      description",
	"    1   2 EV_POST_CODE         0963aafb7c5dba2d6de24e7afa0cd7a19b04ba39aa516a302331405b8f52be36"
	" FMAP: FMAP",
	"    2   2 EV_POST_CODE         239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5"
	" CBFS: fallback/payload",
	"    3   4 EV_IPL               317b32c143692b9939c197f6a5df54f9698df9a4882fe8bf19608968662be4fa"
	" boot mode: normal",
	"    4   5 EV_IPL               e55cffc81a5ad8cfe85239d944a3ae9513645a9eed79bc884f51b80b2760fc46"
	" /lib/modules/e1000.ko",
};

static void formats_every_event_under_a_heading(void **state)
{
	struct strlist lines = { 0 };
	struct eventlog log;
	char err[256];
	size_t i;

	assert_int_equal(eventlog_load(EVENTLOG_TEST_DATA "/vigil-boot.bin", &log, err,
				       sizeof(err)), 0);
	eventlog_format(&log, &lines);
	assert_int_equal(lines.n, sizeof(expected_log) / sizeof(expected_log[0]));
	for (i = 0; i < lines.n; i++)
		assert_string_equal(lines.v[i], expected_log[i]);
	strlist_free(&lines);
	eventlog_free(&log);
}

static void a_note_comes_first(void **state)
{
	struct strlist lines = { 0 };
	struct eventlog log = { .note = "coreboot's events are missing: no CBMEM" };

	eventlog_format(&log, &lines);
	assert_int_equal(lines.n, 2);
	assert_string_equal(lines.v[0], "note: coreboot's events are missing: no CBMEM");
	strlist_free(&lines);
}

static void the_verdict_names_the_pcrs(void **state)
{
	struct eventlog_check check;
	struct strlist lines = { 0 };
	char *summary;

	memset(&check, 0, sizeof(check));
	check.logged = 1u << 2 | 1u << 4 | 1u << 7;
	summary = eventlog_check_summary(&check, "/run/vigil/eventlog.bin");
	assert_string_equal(summary, "OK: PCRs 2,4,7 match the event log /run/vigil/eventlog.bin");
	free(summary);
	eventlog_check_details(&check, &lines);
	assert_int_equal(lines.n, 0);

	check.differ = 1u << 4;
	memset(check.actual[4], 0xab, SHA256_LEN);
	summary = eventlog_check_summary(&check, "log.bin");
	assert_string_equal(summary, "FAILED: PCRs 4 do not match the event log log.bin");
	free(summary);
	eventlog_check_details(&check, &lines);
	assert_int_equal(lines.n, 3);
	assert_string_equal(lines.v[0], "PCR 4 differs from the log:");
	assert_string_equal(lines.v[1], "  log replay 00000000000000000000000000000000"
					"00000000000000000000000000000000");
	assert_string_equal(lines.v[2], "  TPM        abababababababababababababababab"
					"abababababababababababababababab");
	strlist_free(&lines);
}

static void a_log_without_measurements_does_not_pass(void **state)
{
	struct eventlog log = { 0 };
	struct eventlog_check check;
	char err[256];

	assert_int_equal(eventlog_check_against_tpm(&log, "empty.bin", &check, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "empty.bin: the log has no measurements to check");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_every_event_under_a_heading),
		cmocka_unit_test(a_note_comes_first),
		cmocka_unit_test(the_verdict_names_the_pcrs),
		cmocka_unit_test(a_log_without_measurements_does_not_pass),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
