/* test-eventlog-cbmem.c - coreboot tables and the TCPA log in synthetic memory images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbmem-image.h"
#include "crypto/hash.h"
#include "hw/cbmem-tcpa.h"
#include "hw/cbmem.h"
#include "hw/eventlog.h"

static uint8_t digest_a[SHA256_LEN], digest_b[SHA256_LEN], digest_c[SHA256_LEN];

/* What coreboot 4.15 with CONFIG_TPM_MEASURED_BOOT logs on qemu-q35. */
static const struct img_tcpa_entry coreboot_entries[] = {
	{ 2, "SHA256", digest_a, SHA256_LEN, "FMAP: FMAP" },
	{ 2, "SHA256", digest_b, SHA256_LEN, "CBFS: fallback/romstage" },
	{ 2, "SHA256", digest_c, SHA256_LEN, "CBFS: fallback/payload" },
};

static int make_digests(void **state)
{
	hash_sha256("fmap", 4, digest_a);
	hash_sha256("romstage", 8, digest_b);
	hash_sha256("payload", 7, digest_c);
	return 0;
}

/* Read entries from img through a file source, as vigil reads /dev/mem. */
static int read_image(const struct cbmem_image *img, struct tcpa_entry **entries, size_t *count,
		      char *err, size_t errlen)
{
	struct cbmem_source src;
	char *path = img_save(img);
	int ret;

	assert_non_null(path);
	assert_int_equal(cbmem_source_open(&src, path, err, errlen), 0);
	ret = cbmem_tcpa_read(&src, entries, count, err, errlen);
	cbmem_source_close(&src);
	unlink(path);
	free(path);
	return ret;
}

static void finds_tcpa_through_forwarding_entry(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_standard(&img, coreboot_entries, 3);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), 1);
	assert_int_equal(count, 3);
	assert_int_equal(entries[0].pcr, 2);
	assert_string_equal(entries[0].name, "FMAP: FMAP");
	assert_memory_equal(entries[0].digest, digest_a, SHA256_LEN);
	assert_string_equal(entries[2].name, "CBFS: fallback/payload");
	assert_memory_equal(entries[2].digest, digest_c, SHA256_LEN);
	free(entries);
	img_free(&img);
}

static void finds_table_in_the_f_segment(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];
	uint32_t size;

	img_init(&img);
	size = img_put_tcpa(&img, IMG_TCPA_AT, 50, coreboot_entries, 1);
	img_add_cbmem_entry(&img, IMG_TCPA_AT, size, CBMEM_ID_TCPA_LOG);
	img_put_table(&img, 0xf0000 + 0x100);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), 1);
	assert_int_equal(count, 1);
	free(entries);
	img_free(&img);
}

static void converts_to_post_code_events(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	struct eventlog_buf buf = { 0 };
	struct eventlog log;
	tpm_pcr_values pcrs;
	uint8_t expect[SHA256_LEN] = { 0 };
	uint32_t mask;
	size_t count;
	char err[256];

	img_init(&img);
	img_standard(&img, coreboot_entries, 3);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), 1);
	eventlog_write_header(&buf, NULL);
	cbmem_tcpa_to_eventlog(entries, count, &buf);
	assert_int_equal(eventlog_parse(buf.data, buf.len, &log, err, sizeof(err)), 0);
	assert_int_equal(log.count, 3);
	assert_int_equal(log.events[1].type, EV_POST_CODE);
	assert_int_equal(log.events[1].pcr, 2);
	assert_int_equal(log.events[1].data_len, strlen("CBFS: fallback/romstage") + 1);
	assert_string_equal((char *)log.events[1].data, "CBFS: fallback/romstage");
	/* The replay is what coreboot's extends made of PCR 2. */
	eventlog_replay(&log, pcrs, &mask);
	assert_int_equal(mask, 1u << 2);
	hash_sha256_extend(expect, digest_a);
	hash_sha256_extend(expect, digest_b);
	hash_sha256_extend(expect, digest_c);
	assert_memory_equal(pcrs[2], expect, SHA256_LEN);
	eventlog_free(&log);
	eventlog_buf_free(&buf);
	free(entries);
	img_free(&img);
}

static void no_table_is_an_error(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no coreboot table"));
	img_free(&img);
}

static void table_without_tcpa_entry_is_zero(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_add_cbmem_entry(&img, 0x10a000, 0x2000, 0x434f4e53);
	img_put_table(&img, 0x0);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), 0);
	assert_null(entries);
	img_free(&img);
}

static void corrupt_table_checksum_is_an_error(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_standard(&img, coreboot_entries, 3);
	img.mem[IMG_TABLE_AT + 24 + 9] ^= 1;	/* a byte inside the first record */
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "wrong checksum"));
	img_free(&img);
}

static void forwarding_loop_is_an_error(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_add_forward(&img, IMG_FORWARD_AT);
	img_put_table(&img, IMG_FORWARD_AT);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "forwarding entries"));
	img_free(&img);
}

static void forward_beyond_memory_is_an_error(void **state)
{
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_add_forward(&img, 0xfffffffffffff000ull);
	img_put_table(&img, IMG_FORWARD_AT);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), -1);
	img_free(&img);
}

static void sha1_entry_is_rejected_by_name(void **state)
{
	static const uint8_t sha1[20] = { 1, 2, 3 };
	const struct img_tcpa_entry entries_in[] = {
		coreboot_entries[0],
		{ 2, "SHA1", sha1, 20, "CBFS: fallback/romstage" },
	};
	struct cbmem_image img;
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	img_init(&img);
	img_standard(&img, entries_in, 2);
	assert_int_equal(read_image(&img, &entries, &count, err, sizeof(err)), -1);
	assert_string_equal(err, "coreboot TCPA entry 1 (CBFS: fallback/romstage): a 20-byte "
			    "SHA1 digest, but vigil needs SHA256 (a TPM 2.0)");
	img_free(&img);
}

static void tcpa_table_bounds_are_checked(void **state)
{
	uint8_t table[4 + 132] = { 0 };
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	/* num_entries above max_entries */
	table[0] = 1;
	table[2] = 2;
	assert_int_equal(cbmem_tcpa_parse(table, sizeof(table), &entries, &count, err,
					  sizeof(err)), -1);
	assert_non_null(strstr(err, "do not fit"));
	/* more entries than bytes */
	table[0] = 50;
	assert_int_equal(cbmem_tcpa_parse(table, sizeof(table), &entries, &count, err,
					  sizeof(err)), -1);
	/* too short for the header */
	assert_int_equal(cbmem_tcpa_parse(table, 3, &entries, &count, err, sizeof(err)), -1);
	/* an empty table is fine */
	table[2] = 0;
	assert_int_equal(cbmem_tcpa_parse(table, 4, &entries, &count, err, sizeof(err)), 1);
	assert_int_equal(count, 0);
	free(entries);
}

static void long_names_are_cut_and_terminated(void **state)
{
	uint8_t table[4 + 132];
	struct tcpa_entry *entries;
	size_t count;
	char err[256];

	memset(table, 'A', sizeof(table));
	table[0] = 1;
	table[1] = 0;
	table[2] = 1;
	table[3] = 0;
	memset(table + 4, 0, 4);			/* PCR 0 */
	memcpy(table + 8, "SHA256\0\0\0\0", 10);
	memset(table + 82, 0, 4);			/* digest_length 32 */
	table[82] = 32;
	assert_int_equal(cbmem_tcpa_parse(table, sizeof(table), &entries, &count, err,
					  sizeof(err)), 1);
	assert_int_equal(strlen(entries[0].name), TCPA_NAME_LEN - 1);
	free(entries);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_tcpa_through_forwarding_entry),
		cmocka_unit_test(finds_table_in_the_f_segment),
		cmocka_unit_test(converts_to_post_code_events),
		cmocka_unit_test(no_table_is_an_error),
		cmocka_unit_test(table_without_tcpa_entry_is_zero),
		cmocka_unit_test(corrupt_table_checksum_is_an_error),
		cmocka_unit_test(forwarding_loop_is_an_error),
		cmocka_unit_test(forward_beyond_memory_is_an_error),
		cmocka_unit_test(sha1_entry_is_rejected_by_name),
		cmocka_unit_test(tcpa_table_bounds_are_checked),
		cmocka_unit_test(long_names_are_cut_and_terminated),
	};

	return cmocka_run_group_tests(tests, make_digests, NULL);
}
