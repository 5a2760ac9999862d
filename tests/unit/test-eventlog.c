/* test-eventlog.c - the TCG event log writer and its strict reader, byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "crypto/hash.h"
#include "hw/eventlog.h"

/* The header as the PC Client profile lays it out, written by hand, not by the writer. */
static const uint8_t spec_id_header[] = {
	0, 0, 0, 0,				/* pcrIndex */
	3, 0, 0, 0,				/* EV_NO_ACTION */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* SHA-1 digest: zero */
	33, 0, 0, 0,				/* eventDataSize */
	'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ', 'E', 'v', 'e', 'n', 't', '0', '3', 0,
	0, 0, 0, 0,				/* platformClass: client */
	0, 2, 2,				/* spec version 2.0, errata 2 */
	2,					/* uintnSize: UINT64 */
	1, 0, 0, 0,				/* numberOfAlgorithms */
	0x0b, 0x00, 32, 0,			/* SHA-256, 32 bytes */
	0,					/* vendorInfoSize */
};
#define EVENT_LEN(data_len) (4 + 4 + 4 + 2 + SHA256_LEN + 4 + (data_len))

static void digest_of(const char *text, uint8_t out[SHA256_LEN])
{
	hash_sha256(text, strlen(text), out);
}

/* Header plus three events: 2 and 4 extended, one with empty data. */
static void sample_log(struct eventlog_buf *buf)
{
	uint8_t d[SHA256_LEN];

	eventlog_write_header(buf, NULL);
	digest_of("romstage", d);
	eventlog_write_event(buf, 2, EV_POST_CODE, d, "CBFS: fallback/romstage", 24);
	digest_of("normal", d);
	eventlog_write_event(buf, 4, EV_IPL, d, "boot mode: normal", 18);
	digest_of("empty", d);
	eventlog_write_event(buf, 7, EV_IPL, d, NULL, 0);
}

static void header_matches_the_specification(void **state)
{
	struct eventlog_buf buf = { 0 };

	eventlog_write_header(&buf, NULL);
	assert_int_equal(buf.len, sizeof(spec_id_header));
	assert_memory_equal(buf.data, spec_id_header, sizeof(spec_id_header));
	eventlog_buf_free(&buf);
}

static void event_layout_is_tcg_pcr_event2(void **state)
{
	struct eventlog_buf buf = { 0 };
	uint8_t d[SHA256_LEN];
	const uint8_t *e;

	memset(d, 0xab, sizeof(d));
	eventlog_write_event(&buf, 5, EV_IPL, d, "mod", 4);
	assert_int_equal(buf.len, EVENT_LEN(4));
	e = buf.data;
	assert_memory_equal(e, "\x05\0\0\0" "\x0d\0\0\0" "\x01\0\0\0" "\x0b\0", 14);
	assert_memory_equal(e + 14, d, SHA256_LEN);
	assert_memory_equal(e + 14 + SHA256_LEN, "\x04\0\0\0mod", 8);
	eventlog_buf_free(&buf);
}

static void round_trip(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	uint8_t d[SHA256_LEN];
	char err[256];

	sample_log(&buf);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	assert_int_equal(log.count, 3);
	assert_null(log.note);
	assert_int_equal(log.events[0].pcr, 2);
	assert_int_equal(log.events[0].type, EV_POST_CODE);
	digest_of("romstage", d);
	assert_memory_equal(log.events[0].sha256, d, SHA256_LEN);
	assert_int_equal(log.events[0].data_len, 24);
	assert_string_equal((char *)log.events[0].data, "CBFS: fallback/romstage");
	assert_int_equal(log.events[1].pcr, 4);
	assert_int_equal(log.events[1].type, EV_IPL);
	assert_int_equal(log.events[2].pcr, 7);
	assert_int_equal(log.events[2].data_len, 0);
	eventlog_free(&log);
	eventlog_buf_free(&buf);
}

static void note_travels_in_vendor_info(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	char err[256], long_note[400];

	eventlog_write_header(&buf, "coreboot's measurements are missing");
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	assert_string_equal(log.note, "coreboot's measurements are missing");
	eventlog_free(&log);
	eventlog_buf_free(&buf);

	/* vendorInfoSize is one byte: longer notes are cut, the log stays valid. */
	memset(long_note, 'x', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	eventlog_write_header(&buf, long_note);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	assert_int_equal(strlen(log.note), EVENTLOG_NOTE_MAX - 1);
	eventlog_free(&log);
	eventlog_buf_free(&buf);
}

static void replay_extends_sha256_bank(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	tpm_pcr_values pcrs;
	uint8_t expect[SHA256_LEN] = { 0 }, d[SHA256_LEN], zero[SHA256_LEN] = { 0 };
	uint8_t ones[SHA256_LEN];
	uint32_t mask;
	char err[256];

	sample_log(&buf);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	eventlog_replay(&log, pcrs, &mask);
	assert_int_equal(mask, (1u << 2) | (1u << 4) | (1u << 7));
	digest_of("normal", d);
	hash_sha256_extend(expect, d);
	assert_memory_equal(pcrs[4], expect, SHA256_LEN);
	assert_memory_equal(pcrs[0], zero, SHA256_LEN);
	/* PCRs 17-22 reset to all ones on a PC Client TPM. */
	memset(ones, 0xff, sizeof(ones));
	assert_memory_equal(pcrs[17], ones, SHA256_LEN);
	assert_memory_equal(pcrs[23], zero, SHA256_LEN);
	eventlog_free(&log);
	eventlog_buf_free(&buf);
}

static void no_action_events_are_not_replayed(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	tpm_pcr_values pcrs;
	uint8_t d[SHA256_LEN];
	uint32_t mask;
	char err[256];

	eventlog_write_header(&buf, NULL);
	digest_of("x", d);
	eventlog_write_event(&buf, 0, EV_NO_ACTION, d, "info", 5);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	eventlog_replay(&log, pcrs, &mask);
	assert_int_equal(mask, 0);
	eventlog_free(&log);
	eventlog_buf_free(&buf);
}

static void startup_locality_sets_pcr0(void **state)
{
	static const char locality[17] = "StartupLocality\0\3";
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	tpm_pcr_values pcrs;
	uint8_t zero[SHA256_LEN] = { 0 }, d[SHA256_LEN], expect[SHA256_LEN] = { 0 };
	uint32_t mask;
	char err[256];

	eventlog_write_header(&buf, NULL);
	eventlog_write_event(&buf, 0, EV_NO_ACTION, zero, locality, sizeof(locality));
	digest_of("crtm", d);
	eventlog_write_event(&buf, 0, EV_S_CRTM_VERSION, d, "v", 2);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	assert_int_equal(log.startup_locality, 3);
	eventlog_replay(&log, pcrs, &mask);
	expect[SHA256_LEN - 1] = 3;
	hash_sha256_extend(expect, d);
	assert_memory_equal(pcrs[0], expect, SHA256_LEN);
	eventlog_free(&log);

	/* After an extend of PCR 0 it cannot apply any more. */
	eventlog_write_event(&buf, 0, EV_NO_ACTION, zero, locality, sizeof(locality));
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), -1);
	assert_string_equal(err, "event 3: StartupLocality event out of place");
	eventlog_buf_free(&buf);
}

/* Expect data (a copy of the sample log, changed) to be refused with message. */
static void expect_rejected(const uint8_t *data, size_t len, const char *message)
{
	struct eventlog log;
	char err[256];

	assert_int_equal(eventlog_parse(data, len, &log, err, sizeof(err)), -1);
	assert_string_equal(err, message);
	assert_int_equal(log.count, 0);
	assert_null(log.events);
}

/* Little-endian store into a copy of the sample log. */
static void poke32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Offsets in the sample log: the header is 65 bytes, the events 74, 68 and 50. */
enum {
	H_TYPE = 4, H_SIZE = 28, H_SIG = 32, H_MAJOR = 53, H_UINTN = 55, H_NALGS = 56,
	H_ALG = 60, H_ALG_SIZE = 62, H_VENDOR = 64,
	E1 = 65, E2 = E1 + 74, E3 = E2 + 68, SAMPLE_LEN = E3 + 50,
	E_COUNT = 8, E_ALG = 12, E_DATA_SIZE = 46,
};

struct mutation {
	size_t offset;
	int width;		/* 1, 2 or 4 bytes */
	uint32_t value;
	const char *message;
};

static const struct mutation mutations[] = {
	{ H_SIG, 1, 's', "event 0: no \"Spec ID Event03\" signature: not a crypto-agile (TPM 2.0) log" },
	{ H_TYPE, 4, EV_SEPARATOR, "event 0: not a Spec ID header (PCR 0, type 0x4)" },
	{ H_SIZE, 4, 34, "event 0: 1 bytes after vendorInfo" },
	{ H_SIZE, 4, 0xffff, "event 0: Spec ID event data cut off: needs 65535 bytes, 225 left" },
	{ H_MAJOR, 1, 1, "event 0: spec version 1.0, expected 2.x" },
	{ H_UINTN, 1, 3, "event 0: uintnSize 3, expected 1 or 2" },
	{ H_NALGS, 4, 0, "event 0: 0 digest algorithms, expected 1-16" },
	{ H_NALGS, 4, 1000, "event 0: 1000 digest algorithms, expected 1-16" },
	{ H_NALGS, 4, 2, "event 0: algorithmId cut off: needs 2 bytes, 1 left" },
	{ H_ALG_SIZE, 2, 20, "event 0: algorithm 0x000b with digest size 20" },
	{ H_ALG, 2, 0x0012, "event 0: the log has no SHA-256 bank" },
	{ H_VENDOR, 1, 1, "event 0: vendorInfo cut off: needs 1 bytes, 0 left" },
	{ E1, 4, 24, "event 1: PCR 24 out of range (0-23)" },
	{ E1 + E_COUNT, 4, 0, "event 1: digest count 0 differs from the header's bank count 1" },
	{ E2 + E_COUNT, 4, 2, "event 2: digest count 2 differs from the header's bank count 1" },
	{ E1 + E_ALG, 2, 0x0004, "event 1: digest algorithm 0x0004 is not in the header" },
	{ E3 + E_DATA_SIZE, 4, 0xffffffff, "event 3: event data cut off: needs 4294967295 bytes, 0 left" },
	{ E2 + E_DATA_SIZE, 4, 100, "event 2: event data cut off: needs 100 bytes, 68 left" },
};

static void malformed_logs_are_rejected_with_event_and_reason(void **state)
{
	struct eventlog_buf buf = { 0 };
	uint8_t copy[SAMPLE_LEN];
	size_t i;

	sample_log(&buf);
	assert_int_equal(buf.len, SAMPLE_LEN);
	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];

		memcpy(copy, buf.data, sizeof(copy));
		if (m->width == 4) {
			poke32(copy + m->offset, m->value);
		} else {
			copy[m->offset] = (uint8_t)m->value;
			if (m->width == 2)
				copy[m->offset + 1] = (uint8_t)(m->value >> 8);
		}
		print_message("mutation %zu: %s\n", i, m->message);
		expect_rejected(copy, sizeof(copy), m->message);
	}
	eventlog_buf_free(&buf);
}

static void truncated_logs_are_rejected(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	char err[256];
	size_t len;

	sample_log(&buf);
	expect_rejected(buf.data, 0, "event 0: the log is empty");
	expect_rejected(buf.data, 10, "event 0: SHA-1 digest cut off: needs 20 bytes, 2 left");
	expect_rejected(buf.data, E2 + 20, "event 2: digest cut off: needs 32 bytes, 6 left");
	/* A torn last event is an error, not silently dropped. */
	expect_rejected(buf.data, buf.len - 1, "event 3: event size cut off: needs 4 bytes, 3 left");
	/* Every shorter prefix that is not on an event boundary fails. */
	for (len = 1; len < buf.len; len++) {
		int boundary = len == E1 || len == E2 || len == E3;

		assert_int_equal(eventlog_parse(buf.data, len, &log, err, sizeof(err)),
				 boundary ? 0 : -1);
		eventlog_free(&log);
	}
	eventlog_buf_free(&buf);
}

static void event_text_for_people(void **state)
{
	struct eventlog_event ev = { 0 };
	uint8_t bin[20];
	char text[100];

	ev.data = (uint8_t *)"boot mode: normal";
	ev.data_len = 18;
	eventlog_event_text(&ev, text, sizeof(text));
	assert_string_equal(text, "boot mode: normal");
	ev.data_len = 17;	/* without the NUL */
	eventlog_event_text(&ev, text, sizeof(text));
	assert_string_equal(text, "boot mode: normal");
	memset(bin, 0xee, sizeof(bin));
	bin[0] = 1;
	ev.data = bin;
	ev.data_len = sizeof(bin);
	eventlog_event_text(&ev, text, sizeof(text));
	assert_string_equal(text, "(20 bytes) 01eeeeeeeeeeeeeeeeeeeeeeeeeeeeee...");
	ev.data_len = 0;
	eventlog_event_text(&ev, text, sizeof(text));
	assert_string_equal(text, "(0 bytes)");
	eventlog_event_text(&ev, text, 4);
	assert_string_equal(text, "(0 ");
}

/*
 * tests/data/eventlog/vigil-boot.bin was written by this sequence and checked
 * with tpm2_eventlog. Attestation services parse logs of older vigil versions,
 * so the bytes must not change by accident.
 */
static void golden_log_is_stable(void **state)
{
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	uint8_t d[SHA256_LEN];
	char *golden, err[256];
	size_t len;

	eventlog_write_header(&buf, NULL);
	digest_of("fmap", d);
	eventlog_write_event(&buf, 2, EV_POST_CODE, d, "FMAP: FMAP", 11);
	digest_of("payload", d);
	eventlog_write_event(&buf, 2, EV_POST_CODE, d, "CBFS: fallback/payload", 23);
	digest_of("normal", d);
	eventlog_write_event(&buf, 4, EV_IPL, d, "boot mode: normal", 18);
	digest_of("mod", d);
	eventlog_write_event(&buf, 5, EV_IPL, d, "/lib/modules/e1000.ko", 22);
	golden = file_read_all(EVENTLOG_TEST_DATA "/vigil-boot.bin", &len, 1 << 20);
	assert_non_null(golden);
	assert_int_equal(len, buf.len);
	assert_memory_equal(golden, buf.data, len);
	assert_int_equal(eventlog_load(EVENTLOG_TEST_DATA "/vigil-boot.bin", &log, err,
				       sizeof(err)), 0);
	assert_int_equal(log.count, 4);
	eventlog_free(&log);
	free(golden);
	eventlog_buf_free(&buf);
}

static void load_names_the_file(void **state)
{
	struct eventlog log;
	char err[256];

	assert_int_equal(eventlog_load("/nonexistent/eventlog.bin", &log, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/eventlog.bin: No such file or directory");
}

static void type_names(void **state)
{
	assert_string_equal(eventlog_type_name(EV_IPL), "EV_IPL");
	assert_string_equal(eventlog_type_name(EV_POST_CODE), "EV_POST_CODE");
	assert_null(eventlog_type_name(2));
	assert_null(eventlog_type_name(0x80000001u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_matches_the_specification),
		cmocka_unit_test(event_layout_is_tcg_pcr_event2),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(note_travels_in_vendor_info),
		cmocka_unit_test(replay_extends_sha256_bank),
		cmocka_unit_test(no_action_events_are_not_replayed),
		cmocka_unit_test(startup_locality_sets_pcr0),
		cmocka_unit_test(malformed_logs_are_rejected_with_event_and_reason),
		cmocka_unit_test(truncated_logs_are_rejected),
		cmocka_unit_test(event_text_for_people),
		cmocka_unit_test(golden_log_is_stable),
		cmocka_unit_test(load_names_the_file),
		cmocka_unit_test(type_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
