/* test-romfiles.c - vigil/ files from synthetic ROMs, the running ROM below 4 GiB, PCR 7 events, settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/kvconf.h"
#include "common/xmalloc.h"
#include "crypto/hash.h"
#include "hw/rom.h"
#include "hw/romfiles.h"
#include "hw/romsettings.h"
#include "rom-builder.h"

#define TYPE_RAW 0x50
#define TYPE_STAGE 0x10

static void extracts_vigil_files_first_wins(void **state)
{
	struct test_rom rom;
	struct romfiles files;
	const struct romfile *f;
	uint8_t digest[SHA256_LEN];
	char err[256];

	test_rom_init(&rom, 64 * 1024);
	test_rom_add(&rom, "fallback/romstage", TYPE_STAGE, "code", 4);
	test_rom_add(&rom, "vigil/keys.asc", TYPE_RAW, "KEYS", 4);
	test_rom_add(&rom, "vigilant", TYPE_RAW, "no", 2);
	test_rom_add(&rom, "vigil/settings", TYPE_RAW, "timeout = 3\n", 12);
	test_rom_add(&rom, "vigil/keys.asc", TYPE_RAW, "LATER", 5);
	assert_int_equal(romfiles_read(rom.data, rom.len, &files, err, sizeof(err)), 0);
	assert_int_equal(files.count, 2);
	assert_string_equal(files.items[0].name, "vigil/keys.asc");
	assert_string_equal(files.items[1].name, "vigil/settings");
	f = romfiles_get(&files, ROMFILE_KEYS);
	assert_non_null(f);
	assert_int_equal(f->len, 4);
	assert_memory_equal(f->data, "KEYS", 4);
	hash_sha256("KEYS", 4, digest);
	assert_memory_equal(f->sha256, digest, SHA256_LEN);
	assert_string_equal((char *)romfiles_get(&files, ROMFILE_SETTINGS)->data, "timeout = 3\n");
	assert_null(romfiles_get(&files, "vigil/other"));
	romfiles_free(&files);
	test_rom_free(&rom);
}

/* A file with a compression attribute, as cbfstool add -c lzma writes it. */
static void add_compressed(struct test_rom *rom, const char *name)
{
	uint8_t *h = rom->data + rom->next;
	static const uint8_t attr[16] = { 'B', 'C', 'Z', 'L', 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 9 };

	memset(h, 0, 128);
	memcpy(h, "LARCHIVE", 8);
	h[11] = 4;			/* len */
	h[15] = TYPE_RAW;
	h[19] = 48;			/* attributes */
	h[23] = 64;			/* data */
	strcpy((char *)h + 24, name);
	memcpy(h + 48, attr, sizeof(attr));
	memcpy(h + 64, "lzma", 4);
	rom->next += 128;
}

static void refuses_compressed_and_too_many(void **state)
{
	struct test_rom rom;
	struct romfiles files;
	char err[256], name[32];
	int i;

	test_rom_init(&rom, 64 * 1024);
	add_compressed(&rom, "vigil/settings");
	assert_int_equal(romfiles_read(rom.data, rom.len, &files, err, sizeof(err)), -1);
	assert_string_equal(err, "CBFS file vigil/settings is compressed: vigil reads only "
			    "uncompressed files (cbfstool add without -c)");
	test_rom_free(&rom);

	test_rom_init(&rom, 64 * 1024);
	for (i = 0; i <= ROMFILES_MAX; i++) {
		snprintf(name, sizeof(name), "vigil/f%d", i);
		test_rom_add(&rom, name, TYPE_RAW, "x", 1);
	}
	assert_int_equal(romfiles_read(rom.data, rom.len, &files, err, sizeof(err)), -1);
	assert_string_equal(err, "more than 16 vigil/ files in the ROM's CBFS");
	test_rom_free(&rom);

	/* Not a ROM at all. */
	memset(name, 0, sizeof(name));
	assert_int_equal(romfiles_read((uint8_t *)name, sizeof(name), &files, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no FMAP"));
}

static void pcr7_covers_names_and_contents(void **state)
{
	static const char list[] = "vigil ROM files: vigil/keys.asc vigil/settings";
	struct test_rom rom;
	struct romfiles files;
	uint8_t want[SHA256_LEN] = { 0 }, d[SHA256_LEN], got[SHA256_LEN], none[SHA256_LEN];
	char err[256];

	test_rom_init(&rom, 64 * 1024);
	test_rom_add(&rom, "vigil/keys.asc", TYPE_RAW, "KEYS", 4);
	test_rom_add(&rom, "vigil/settings", TYPE_RAW, "", 0);
	assert_int_equal(romfiles_read(rom.data, rom.len, &files, err, sizeof(err)), 0);
	romfiles_predict_pcr7(&files, got);
	hash_sha256(list, strlen(list), d);
	hash_sha256_extend(want, d);
	hash_sha256("KEYS", 4, d);
	hash_sha256_extend(want, d);
	hash_sha256("", 0, d);
	hash_sha256_extend(want, d);
	assert_memory_equal(got, want, SHA256_LEN);

	/* An empty file still counts: its name is in the list. */
	romfiles_free(&files);
	files.count = 0;
	romfiles_predict_pcr7(&files, none);
	memset(want, 0, sizeof(want));
	hash_sha256("vigil ROM files: none", 21, d);
	hash_sha256_extend(want, d);
	assert_memory_equal(none, want, SHA256_LEN);
	assert_memory_not_equal(none, got, SHA256_LEN);
	test_rom_free(&rom);
}

/* Physical memory as a buffer holding the top 16 MiB below 4 GiB. */
struct window {
	uint8_t *mem;
	int maps;
};

static const uint8_t *window_map(void *ctx, uint64_t addr, size_t len, char *err, size_t errlen)
{
	struct window *w = ctx;

	if (addr < ROM_WINDOW_END - ROM_WINDOW_SIZE || len > ROM_WINDOW_END - addr) {
		snprintf(err, errlen, "outside the window");
		return NULL;
	}
	w->maps++;
	return w->mem + (addr - (ROM_WINDOW_END - ROM_WINDOW_SIZE));
}

static void window_unmap(void *ctx, const uint8_t *p, size_t len)
{
	((struct window *)ctx)->maps--;
}

static void finds_the_running_rom(void **state)
{
	struct window w = { xmalloc(ROM_WINDOW_SIZE), 0 };
	struct rom_memory mem = { window_map, window_unmap, &w };
	struct rom_running running;
	struct test_rom rom;
	struct romfiles files;
	char err[256];

	memset(w.mem, 0xff, ROM_WINDOW_SIZE);
	test_rom_init(&rom, 1 << 20);
	/* A copy of the FMAP header inside a stage (coreboot's code has the signature) ... */
	test_rom_add(&rom, "fallback/romstage", TYPE_STAGE, rom.data + rom.fmap_offset, 0x200);
	test_rom_add(&rom, "vigil/settings", TYPE_RAW, "ui = plain\n", 11);
	memcpy(w.mem + ROM_WINDOW_SIZE - rom.len, rom.data, rom.len);
	/* ... and one below the flash, in memory that is not the ROM. */
	memcpy(w.mem + 0x100, rom.data + rom.fmap_offset, 0x200);
	assert_int_equal(rom_find_running(&mem, &running, err, sizeof(err)), 0);
	assert_int_equal(running.len, 1 << 20);
	assert_int_equal(running.base, 0xfff00000ull);
	assert_int_equal(running.fmap_offset, 0x100);
	assert_int_equal(romfiles_read(running.data, running.len, &files, err, sizeof(err)), 0);
	assert_int_equal(files.count, 1);
	assert_string_equal((char *)files.items[0].data, "ui = plain\n");
	romfiles_free(&files);
	rom_release(&mem, &running);
	assert_int_equal(w.maps, 0);

	/* No flash map anywhere: a clear error, nothing left mapped. */
	memset(w.mem, 0xff, ROM_WINDOW_SIZE);
	memcpy(w.mem + 0x100, rom.data + rom.fmap_offset, 0x200);
	assert_int_equal(rom_find_running(&mem, &running, err, sizeof(err)), -1);
	assert_string_equal(err, "no FMAP in the 16 MiB below 4 GiB: not booted from a coreboot "
			    "flash that vigil can read");
	assert_int_equal(w.maps, 0);
	test_rom_free(&rom);
	free(w.mem);
}

/* The mmap source on an image file whose offsets are addresses (sparse: 4 GiB). */
static void reads_rom_through_mmap_of_a_file(void **state)
{
	char path[] = "/tmp/vigil-rommem-XXXXXX", err[256];
	struct rom_memory mem;
	struct rom_running running;
	struct test_rom rom;
	struct romfiles files;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	test_rom_init(&rom, ROM_WINDOW_SIZE);
	test_rom_add(&rom, "vigil/keys.asc", TYPE_RAW, "K", 1);
	assert_int_equal(ftruncate(fd, (off_t)ROM_WINDOW_END), 0);
	assert_int_equal(pwrite(fd, rom.data, rom.len, (off_t)(ROM_WINDOW_END - rom.len)),
			 (ssize_t)rom.len);
	close(fd);
	assert_int_equal(rom_memory_open(&mem, path, err, sizeof(err)), 0);
	assert_int_equal(rom_find_running(&mem, &running, err, sizeof(err)), 0);
	assert_int_equal(running.len, ROM_WINDOW_SIZE);
	assert_int_equal(romfiles_read(running.data, running.len, &files, err, sizeof(err)), 0);
	assert_int_equal(files.count, 1);
	romfiles_free(&files);
	rom_release(&mem, &running);
	rom_memory_close(&mem);
	unlink(path);
	test_rom_free(&rom);

	assert_int_equal(rom_memory_open(&mem, "/nonexistent/mem", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/mem: No such file or directory");
}

static void settings_are_checked_and_written_back(void **state)
{
	struct kvconf conf = { 0 }, back;
	char err[512], *text;

	assert_int_equal(romsetting_assign(&conf, "timeout=5", err, sizeof(err)), 0);
	assert_int_equal(romsetting_assign(&conf, "cmdline_add=quiet splash", err, sizeof(err)), 0);
	assert_int_equal(romsetting_assign(&conf, "headless=yes", err, sizeof(err)), 0);
	assert_int_equal(romsetting_assign(&conf, "bogus=1", err, sizeof(err)), -1);
	assert_string_equal(err, "unknown setting 'bogus' (see vigil rom --help)");
	assert_int_equal(romsetting_assign(&conf, "timeout=soon", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "setting 'timeout': 'soon' is not valid"));
	assert_int_equal(romsetting_assign(&conf, "cmdline_add=a\"b", err, sizeof(err)), -1);
	assert_int_equal(romsetting_assign(&conf, "ui=fancy", err, sizeof(err)), -1);
	assert_int_equal(romsetting_assign(&conf, "noequals", err, sizeof(err)), -1);
	assert_string_equal(err, "'noequals' is not KEY=VALUE");
	assert_int_equal(romsetting_assign(&conf, "headless=", err, sizeof(err)), 0);
	assert_int_equal(conf.count, 2);
	text = romsettings_format(&conf);
	assert_string_equal(text, "timeout = \"5\"\ncmdline_add = \"quiet splash\"\n");
	assert_int_equal(kvconf_parse(&back, text, "t", err, sizeof(err)), 0);
	assert_string_equal(kvconf_get(&back, "cmdline_add"), "quiet splash");
	kvconf_free(&back);
	free(text);

	/* What a ROM written by other tools may hold: bad items are dropped and named. */
	assert_int_equal(kvconf_parse(&back, "ui = plain\nkeyring = /tmp/evil\ntimeout = x\n", "t",
				      err, sizeof(err)), 0);
	assert_int_equal(romsettings_sanitize(&back, err, sizeof(err)), 2);
	assert_string_equal(err, "unknown setting 'keyring' (see vigil rom --help) (and 1 more)");
	assert_int_equal(back.count, 1);
	assert_string_equal(back.items[0].key, "ui");
	kvconf_free(&back);
	kvconf_free(&conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extracts_vigil_files_first_wins),
		cmocka_unit_test(refuses_compressed_and_too_many),
		cmocka_unit_test(pcr7_covers_names_and_contents),
		cmocka_unit_test(finds_the_running_rom),
		cmocka_unit_test(reads_rom_through_mmap_of_a_file),
		cmocka_unit_test(settings_are_checked_and_written_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
