/* test-cbfs.c - FMAP/CBFS reading and the PCR 2 replay on synthetic ROMs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "crypto/hash.h"
#include "hw/cbfs.h"
#include "hw/pcr-predict.h"
#include "rom-builder.h"

#define TYPE_STAGE 0x10
#define TYPE_RAW 0x50

static void finds_areas_and_files(void **state)
{
	struct test_rom rom;
	struct fmap_area area;
	struct cbfs_file file;
	char err[160];
	uint32_t off;

	test_rom_init(&rom, 64 * 1024);
	test_rom_add(&rom, "cbfs master header", 2, "hdr", 3);
	off = test_rom_add(&rom, "fallback/romstage", TYPE_STAGE, "romstage-bytes", 14);
	assert_int_equal(fmap_find_area(rom.data, rom.len, "COREBOOT", &area, err, sizeof(err)), 0);
	assert_int_equal(area.offset, 0x400);
	assert_int_equal(cbfs_find(rom.data, rom.len, &area, "fallback/romstage", &file,
				   err, sizeof(err)), 0);
	assert_int_equal(file.data_offset, off);
	assert_int_equal(file.len, 14);
	assert_int_equal(file.type, TYPE_STAGE);
	assert_int_equal(cbfs_find(rom.data, rom.len, &area, "fallback/ramstage", &file,
				   err, sizeof(err)), -1);
	assert_string_equal(err, "CBFS in COREBOOT has no file named fallback/ramstage");
	assert_int_equal(fmap_find_area(rom.data, rom.len, "RW_A", &area, err, sizeof(err)), -1);
	assert_string_equal(err, "FMAP has no area named RW_A");
	test_rom_free(&rom);
}

static void rejects_non_rom_and_corrupt_headers(void **state)
{
	uint8_t junk[4096];
	struct test_rom rom;
	struct fmap_area area;
	struct cbfs_file file;
	char err[160];
	uint32_t off;

	memset(junk, 0x5f, sizeof(junk));	/* many '_' but no FMAP */
	assert_int_equal(fmap_find_area(junk, sizeof(junk), "FMAP", &area, err, sizeof(err)), -1);
	assert_string_equal(err, "no FMAP (flash map) found: not a coreboot ROM image");

	test_rom_init(&rom, 16 * 1024);
	off = test_rom_add(&rom, "bootblock", 1, "bb", 2);
	/* A length running past the region must be refused, not followed. */
	rom.data[off - 0x30 + 8] = 0x7f;
	assert_int_equal(fmap_find_area(rom.data, rom.len, "COREBOOT", &area, err, sizeof(err)), 0);
	assert_int_equal(cbfs_find(rom.data, rom.len, &area, "bootblock", &file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is corrupt"));
	/* An area outside the image is refused too. */
	rom.data[0x100 + 56 + 42 + 7] = 0x7f;
	assert_int_equal(fmap_find_area(rom.data, rom.len, "COREBOOT", &area, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outside"));
	test_rom_free(&rom);
}

static void predicts_pcr2_in_boot_order(void **state)
{
	static const char *const names[] = { "fallback/ramstage", "bootblock", "fallback/payload",
					     "fallback/romstage", "fallback/postcar" };
	struct test_rom rom;
	struct pcr_prediction pred;
	uint8_t want[SHA256_LEN] = { 0 }, d[SHA256_LEN];
	char err[160];
	size_t i;

	test_rom_init(&rom, 64 * 1024);
	/* Files are stored out of boot order; a raw file is not measured. */
	for (i = 0; i < 5; i++)
		test_rom_add(&rom, names[i], TYPE_STAGE, names[i], (uint32_t)strlen(names[i]));
	test_rom_add(&rom, "vigil/keyring", TYPE_RAW, "keys", 4);
	assert_int_equal(pcr2_predict(rom.data, rom.len, &pred, err, sizeof(err)), 0);
	assert_int_equal(pred.count, 6);
	assert_string_equal(pred.items[0].name, "FMAP: FMAP");
	assert_string_equal(pred.items[1].name, "FMAP: COREBOOT CBFS: bootblock");
	assert_string_equal(pred.items[5].name, "FMAP: COREBOOT CBFS: fallback/payload");

	hash_sha256(rom.data + 0x100, 0x200, d);
	hash_sha256_extend(want, d);
	hash_sha256("bootblock", 9, d);
	hash_sha256_extend(want, d);
	hash_sha256("fallback/romstage", 17, d);
	hash_sha256_extend(want, d);
	hash_sha256("fallback/postcar", 16, d);
	hash_sha256_extend(want, d);
	hash_sha256("fallback/ramstage", 17, d);
	hash_sha256_extend(want, d);
	hash_sha256("fallback/payload", 16, d);
	hash_sha256_extend(want, d);
	assert_memory_equal(pred.pcr, want, SHA256_LEN);
	test_rom_free(&rom);
}

static void prediction_names_missing_stage(void **state)
{
	struct test_rom rom;
	struct pcr_prediction pred;
	char err[160];

	test_rom_init(&rom, 16 * 1024);
	test_rom_add(&rom, "bootblock", 1, "bb", 2);
	assert_int_equal(pcr2_predict(rom.data, rom.len, &pred, err, sizeof(err)), -1);
	assert_string_equal(err, "CBFS in COREBOOT has no file named fallback/romstage");
	test_rom_free(&rom);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_areas_and_files),
		cmocka_unit_test(rejects_non_rom_and_corrupt_headers),
		cmocka_unit_test(predicts_pcr2_in_boot_order),
		cmocka_unit_test(prediction_names_missing_stage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
