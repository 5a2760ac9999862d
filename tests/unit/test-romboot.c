/*
 * test-romboot.c - init's ROM steps on a memory image (coreboot's tables low,
 * the ROM just below 4 GiB) with a software TPM: PCR 7 matches the
 * prediction, files are unpacked, the keyring and the settings are built.
 */
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

#include "cbmem-image.h"
#include "common/fileio.h"
#include "common/kvconf.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/rom.h"
#include "hw/romboot.h"
#include "hw/romfiles.h"
#include "hw/romkeys.h"
#include "hw/tpm.h"
#include "rom-builder.h"
#include "swtpm-fixture.h"
#include "test-rom-fixture.h"

#define TYPE_RAW 0x50

static struct rom_fixture fx;
static char dir[64];
static char memory[128], board[128], files_dir[128], gnupghome[128], settings[128],
	log_path[128];
static struct romboot_paths paths = { memory, board, files_dir, gnupghome, settings };

static int group_setup(void **state)
{
	return rom_fixture_setup(&fx);
}

static int group_teardown(void **state)
{
	rom_fixture_teardown(&fx);
	return 0;
}

static int make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vigil-romboot-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(memory, sizeof(memory), "%s/mem", dir);
	snprintf(board, sizeof(board), "%s/board.conf", dir);
	snprintf(files_dir, sizeof(files_dir), "%s/rom", dir);
	snprintf(gnupghome, sizeof(gnupghome), "%s/gnupg", dir);
	snprintf(settings, sizeof(settings), "%s/settings.conf", dir);
	snprintf(log_path, sizeof(log_path), "%s/eventlog.bin", dir);
	measure_set_log_path(log_path);
	return rom_fixture_write(board, "board = qemu-q35\ntimeout = 10\nui = plain\n", 41);
}

static int setup_tpm(void **state)
{
	return swtpm_setup(state) < 0 ? -1 : make_dir();
}

/* A TPM that is not there: nothing listens on the discard port. */
static int setup_no_tpm(void **state)
{
	setenv("VIGIL_TCTI", "swtpm:host=127.0.0.1,port=9", 1);
	return make_dir();
}

static void remove_dir(void)
{
	char *kill[] = { "gpgconf", "--homedir", gnupghome, "--kill", "all", NULL };
	char *rm[] = { "rm", "-rf", "--", dir, NULL };

	measure_set_log_path(NULL);
	spawn_wait(kill);
	spawn_wait(rm);
}

static int teardown_tpm(void **state)
{
	remove_dir();
	return swtpm_teardown(state);
}

static int teardown_no_tpm(void **state)
{
	remove_dir();
	unsetenv("VIGIL_TCTI");
	return 0;
}

/* Physical memory as /dev/mem shows it: coreboot's tables low, the ROM (if any) at the top. */
static void write_memory(const struct test_rom *rom)
{
	static uint8_t digest[SHA256_LEN];
	static const struct img_tcpa_entry entries[] = {
		{ 2, "SHA256", digest, SHA256_LEN, "FMAP: FMAP" },
	};
	struct cbmem_image img;
	int fd = open(memory, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	img_init(&img);
	img_standard(&img, entries, 1);
	assert_int_equal(pwrite(fd, img.mem, IMG_SIZE, 0), IMG_SIZE);
	img_free(&img);
	assert_int_equal(ftruncate(fd, (off_t)ROM_WINDOW_END), 0);
	if (rom)
		assert_int_equal(pwrite(fd, rom->data, rom->len, (off_t)(ROM_WINDOW_END - rom->len)),
				 (ssize_t)rom->len);
	close(fd);
}

static void make_rom(struct test_rom *rom, const char *keyfile, const char *settings_text)
{
	size_t len;
	char *keys = file_read_all(keyfile, &len, 1 << 20);

	assert_non_null(keys);
	test_rom_init(rom, 1 << 20);
	test_rom_add(rom, "fallback/romstage", 0x10, "code", 4);
	test_rom_add(rom, ROMFILE_KEYS, TYPE_RAW, keys, (uint32_t)len);
	test_rom_add(rom, ROMFILE_SETTINGS, TYPE_RAW, settings_text, (uint32_t)strlen(settings_text));
	free(keys);
}

/* romboot_run with its console lines in *text. */
static void run(struct romboot_state *st, char **text)
{
	size_t len;
	FILE *out = open_memstream(text, &len);

	assert_non_null(out);
	romboot_run(&paths, out, st);
	fclose(out);
}

static void expect(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected \"%s\" in:\n%s", want, text);
}

static void pcr7(uint8_t value[SHA256_LEN])
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	if (!tpm)
		fail_msg("%s", err);
	assert_int_equal(tpm_pcr_read(tpm, 7, value, err, sizeof(err)), 0);
	tpm_close(tpm);
}

static void measures_unpacks_and_configures(void **state)
{
	struct romboot_state st;
	struct test_rom rom;
	struct romfiles files;
	struct eventlog log;
	struct kvconf conf;
	uint8_t want[SHA256_LEN], got[SHA256_LEN];
	char err[512], *text, *path, *keys, *unpacked;
	size_t i, n7 = 0, len;

	make_rom(&rom, fx.a_pub, "timeout = 3\nbogus = 1\ntheme = dark\n");
	write_memory(&rom);
	run(&st, &text);
	assert_true(st.log_has_coreboot);
	assert_true(st.tpm);
	assert_true(st.rom_read);
	assert_true(st.measured);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.keys, 1);
	assert_true(st.settings);
	expect(text, "ROM setting ignored: unknown setting 'bogus'");
	expect(text, "2 ROM files measured into PCR 7, 1 keys in the ROM keyring");

	/* PCR 7 is what "vigil rom list" predicts for this ROM, and the log says why. */
	assert_int_equal(romfiles_read(rom.data, rom.len, &files, err, sizeof(err)), 0);
	romfiles_predict_pcr7(&files, want);
	romfiles_free(&files);
	pcr7(got);
	assert_memory_equal(want, got, SHA256_LEN);
	assert_int_equal(eventlog_load(log_path, &log, err, sizeof(err)), 0);
	assert_int_equal(log.events[0].pcr, 2);
	for (i = 0; i < log.count; i++) {
		if (log.events[i].pcr != 7)
			continue;
		assert_int_equal(log.events[i].type, EV_IPL);
		assert_string_equal((char *)log.events[i].data,
				    n7 == 0 ? "vigil ROM files: vigil/keys.asc vigil/settings"
					    : n7 == 1 ? "vigil/keys.asc" : "vigil/settings");
		n7++;
	}
	assert_int_equal(n7, 3);
	eventlog_free(&log);

	/* The files as they were in the ROM. */
	path = xasprintf("%s/keys.asc", files_dir);
	unpacked = file_read_all(path, &len, 1 << 20);
	keys = file_read_all(fx.a_pub, NULL, 1 << 20);
	assert_non_null(unpacked);
	assert_string_equal(unpacked, keys);
	free(path);
	free(unpacked);
	free(keys);

	/* The board's settings, the ROM's over them, and the keyring. */
	assert_int_equal(kvconf_load(&conf, settings, err, sizeof(err)), 0);
	assert_string_equal(kvconf_get(&conf, "board"), "qemu-q35");
	assert_string_equal(kvconf_get(&conf, "ui"), "plain");
	assert_string_equal(kvconf_get(&conf, "timeout"), "3");
	assert_string_equal(kvconf_get(&conf, "theme"), "dark");
	assert_string_equal(kvconf_get(&conf, "keyring"), gnupghome);
	assert_null(kvconf_get(&conf, "bogus"));
	kvconf_free(&conf);
	free(text);
	test_rom_free(&rom);
}

static void unreadable_rom_changes_pcr7(void **state)
{
	static const char unreadable[] = "vigil ROM files: unreadable";
	struct romboot_state st;
	struct kvconf conf;
	uint8_t want[SHA256_LEN] = { 0 }, d[SHA256_LEN], got[SHA256_LEN];
	char err[512], *text;

	write_memory(NULL);
	run(&st, &text);
	assert_true(st.tpm);
	assert_false(st.rom_read);
	assert_int_equal(st.files, 0);
	assert_int_equal(st.keys, 0);
	expect(text, "cannot read the ROM's vigil/ files: no FMAP");
	expect(text, "the ROM holds no keys");
	hash_sha256(unreadable, strlen(unreadable), d);
	hash_sha256_extend(want, d);
	pcr7(got);
	assert_memory_equal(want, got, SHA256_LEN);
	/* The menu still gets the board's settings, without a keyring. */
	assert_int_equal(kvconf_load(&conf, settings, err, sizeof(err)), 0);
	assert_string_equal(kvconf_get(&conf, "timeout"), "10");
	assert_null(kvconf_get(&conf, "keyring"));
	kvconf_free(&conf);
	free(text);
}

static void secret_key_in_rom_is_not_used(void **state)
{
	struct romboot_state st;
	struct test_rom rom;
	struct kvconf conf;
	char err[512], *text;

	make_rom(&rom, fx.b_sec, "");
	write_memory(&rom);
	run(&st, &text);
	assert_true(st.measured);
	assert_int_equal(st.keys, 0);
	expect(text, "the ROM keyring is not used: ");
	expect(text, "holds the secret key");
	assert_int_equal(kvconf_load(&conf, settings, err, sizeof(err)), 0);
	assert_null(kvconf_get(&conf, "keyring"));
	kvconf_free(&conf);
	free(text);
	test_rom_free(&rom);
}

static void without_tpm_files_are_used_unmeasured(void **state)
{
	struct romboot_state st;
	struct test_rom rom;
	char *text;

	make_rom(&rom, fx.both_pub, "ui = ncurses\n");
	write_memory(&rom);
	run(&st, &text);
	assert_false(st.tpm);
	assert_true(st.rom_read);
	assert_false(st.measured);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.keys, 2);
	expect(text, "no TPM (");
	expect(text, "basic mode");
	free(text);
	test_rom_free(&rom);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(measures_unpacks_and_configures, setup_tpm,
						teardown_tpm),
		cmocka_unit_test_setup_teardown(unreadable_rom_changes_pcr7, setup_tpm, teardown_tpm),
		cmocka_unit_test_setup_teardown(secret_key_in_rom_is_not_used, setup_tpm,
						teardown_tpm),
		cmocka_unit_test_setup_teardown(without_tpm_files_are_used_unmeasured, setup_no_tpm,
						teardown_no_tpm),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
