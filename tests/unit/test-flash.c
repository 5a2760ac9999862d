/*
 * test-flash.c - the boot flash through the real flashrom (its emulated
 * W25Q128FV chip, dummy programmer), and firmware updates checked, signed
 * with real gpg and put together with the real cbfstool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/flash-predict.h"
#include "hw/flash-update.h"
#include "hw/flash.h"
#include "hw/romfiles.h"
#include "test-rom-fixture.h"

#define CHIP FLASH_EMULATED_SIZE

static const char *cbfstool;

static char *path_in(const struct rom_fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

/* A 16 MiB file of one repeated byte. */
static void write_pattern(const char *path, int byte)
{
	uint8_t *buf = xmalloc(CHIP);

	memset(buf, byte, CHIP);
	assert_int_equal(rom_fixture_write(path, buf, CHIP), 0);
	free(buf);
}

static int file_has_pattern(const char *path, int byte)
{
	size_t len, i;
	uint8_t *buf = (uint8_t *)file_read_all(path, &len, 2 * CHIP);
	int ok = buf && len == CHIP;

	for (i = 0; ok && i < len; i++)
		ok = buf[i] == byte;
	free(buf);
	return ok;
}

/* A fake sysfs with one disk whose serial file (relative to its folder) says serial. */
static void make_disk(const struct rom_fixture *f, const char *name, const char *attr,
		      const char *serial)
{
	char *dir = xasprintf("%s/sys/block/%s/device", f->dir, name), *p;

	assert_int_equal(spawn_wait((char *[]){ "mkdir", "-p", dir, NULL }), 0);
	p = xasprintf("%s/dev", f->dir);
	mkdir(p, 0700);
	free(p);
	p = xasprintf("%s/sys/block/%s/%s", f->dir, name, attr);
	assert_int_equal(rom_fixture_write(p, serial, strlen(serial)), 0);
	free(p);
	free(dir);
}

static int setup(void **state)
{
	struct rom_fixture *f = xmalloc(sizeof(*f));

	if (rom_fixture_setup(f) < 0)
		return -1;
	*state = f;
	cbfstool = rom_fixture_cbfstool();
	return 0;
}

static int teardown(void **state)
{
	rom_fixture_teardown(*state);
	free(*state);
	return 0;
}

static void test_emulated_chip_on_a_disk(void **state)
{
	struct rom_fixture *f = *state;
	char *sys = path_in(f, "sys"), *dev = path_in(f, "dev"), *run = path_in(f, "run");
	char *disk = path_in(f, "dev/vdz"), *out = path_in(f, "read.bin"), *img = path_in(f, "new.bin");
	char err[1024];
	struct flash fl;

	make_disk(f, "vda", "serial", "system-disk\n");
	make_disk(f, "vdz", "serial", "vigil-flash\n");
	write_pattern(disk, 0x5a);
	assert_int_equal(flash_open_at(&fl, "emulated:vigil-flash", sys, dev, run, err, sizeof(err)), 0);
	assert_string_equal(fl.disk, disk);
	assert_int_equal(flash_read(&fl, out, err, sizeof(err)), 0);
	assert_true(file_has_pattern(out, 0x5a));

	/* What flashrom writes to its chip ends on the disk; the chip image is gone. */
	write_pattern(img, 0xc3);
	assert_int_equal(flash_write(&fl, img, err, sizeof(err)), 0);
	assert_true(file_has_pattern(disk, 0xc3));
	assert_int_not_equal(access(fl.image, F_OK), 0);
	assert_int_equal(flash_read(&fl, out, err, sizeof(err)), 0);
	assert_true(file_has_pattern(out, 0xc3));
	free(sys), free(dev), free(run), free(disk), free(out), free(img);
}

static void test_emulated_nvme_serial_and_missing_disk(void **state)
{
	struct rom_fixture *f = *state;
	char *sys = path_in(f, "sys"), *dev = path_in(f, "dev"), *run = path_in(f, "run");
	char err[1024];
	struct flash fl;

	make_disk(f, "nvme0n1", "device/serial", "chip-on-nvme   \n");
	assert_int_equal(flash_open_at(&fl, "emulated:chip-on-nvme", sys, dev, run, err, sizeof(err)), 0);
	assert_non_null(strstr(fl.disk, "/dev/nvme0n1"));

	assert_int_equal(flash_open_at(&fl, "emulated:no-such", sys, dev, run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'no-such'"));
	assert_int_equal(flash_open_at(&fl, "emulated:", sys, dev, run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "serial"));
	assert_int_equal(flash_open_at(&fl, "emulated:../x", sys, dev, run, err, sizeof(err)), -1);
	assert_int_equal(flash_open_at(&fl, "internal extra", sys, dev, run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "internal extra"));
	/* No setting: the machine's own flash controller. */
	assert_int_equal(flash_open_at(&fl, NULL, sys, dev, run, err, sizeof(err)), 0);
	assert_string_equal(fl.programmer, "internal");
	free(sys), free(dev), free(run);
}

static void test_flashrom_failure_is_explained(void **state)
{
	struct rom_fixture *f = *state;
	char *out = path_in(f, "never.bin"), err[1024];
	struct flash fl;

	assert_int_equal(flash_open(&fl, "dummy:emulate=NO-SUCH-CHIP", err, sizeof(err)), 0);
	assert_int_equal(flash_read(&fl, out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NO-SUCH-CHIP"));
	assert_non_null(strstr(err, "flashrom could not read"));
	assert_int_not_equal(access(out, F_OK), 0);
	free(out);
}

/* A 16 MiB coreboot-like ROM for board "Test Board part", its payload saying payload. */
static void make_rom(const char *path, const char *part, const char *payload,
		     const char *settings)
{
	char info[256], *file = xasprintf("%s.part", path);

	assert_int_equal(rom_fixture_make_rom(cbfstool, path, CHIP, true), 0);
	snprintf(info, sizeof(info), "COREBOOT_VERSION: 4.15-test\nMAINBOARD_VENDOR: Test\n"
		 "MAINBOARD_PART_NUMBER: %s\n", part);
	assert_int_equal(rom_fixture_write(file, info, strlen(info)), 0);
	assert_int_equal(spawn_wait((char *[]){ (char *)cbfstool, (char *)path, "add", "-f", file,
					       "-n", "build_info", "-t", "raw", NULL }), 0);
	assert_int_equal(rom_fixture_write(file, payload, strlen(payload)), 0);
	assert_int_equal(spawn_wait((char *[]){ (char *)cbfstool, (char *)path, "remove", "-n",
					       "fallback/payload", NULL }), 0);
	assert_int_equal(spawn_wait((char *[]){ (char *)cbfstool, (char *)path, "add", "-f", file,
					       "-n", "fallback/payload", "-t", "raw", NULL }), 0);
	if (settings) {
		assert_int_equal(rom_fixture_write(file, settings, strlen(settings)), 0);
		assert_int_equal(spawn_wait((char *[]){ (char *)cbfstool, (char *)path, "add", "-f",
						       file, "-n", ROMFILE_SETTINGS, "-t", "raw",
						       NULL }), 0);
	}
	unlink(file);
	free(file);
}

static void sign(const struct rom_fixture *f, const char *key, const char *file, const char *sig)
{
	assert_int_equal(spawn_wait((char *[]){ "gpg", "--homedir", (char *)f->home, "--batch",
					       "--quiet", "--yes", "--local-user", (char *)key,
					       "--detach-sign", "-o", (char *)sig, (char *)file,
					       NULL }), 0);
}

/* Every percentage a write reported, in order. */
struct progress_log {
	uint64_t seen[200];
	size_t n;
};

static void log_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress_log *log = ctx;

	assert_int_equal(total, 100);
	if (log->n < sizeof(log->seen) / sizeof(log->seen[0]))
		log->seen[log->n++] = done;
}

static char *rom_settings(const char *path)
{
	struct romfiles files;
	const struct romfile *s;
	char err[256], *out = NULL;
	size_t len;
	uint8_t *rom = (uint8_t *)file_read_all(path, &len, 2 * CHIP);

	assert_non_null(rom);
	assert_int_equal(romfiles_read(rom, len, &files, err, sizeof(err)), 0);
	s = romfiles_get(&files, ROMFILE_SETTINGS);
	if (s)
		out = xstrdup((const char *)s->data);
	romfiles_free(&files);
	free(rom);
	return out;
}

static void test_update_keeps_owner_files_and_needs_a_signature(void **state)
{
	struct rom_fixture *f = *state;
	char *chip = path_in(f, "chip.rom"), *newrom = path_in(f, "new.rom");
	char *sig = path_in(f, "new.rom.sig"), *work = path_in(f, "work"), *prog, *s;
	char err[2048];
	struct flash_update u;
	struct flash fl;
	struct flash_update_opts o = { .new_rom = newrom, .gnupghome = f->home, .cbfstool = cbfstool,
				       .work_dir = work };
	struct progress_log progress = { .n = 0 };
	struct flash_prediction passed, before, fresh, of_file;
	uint8_t *rom;
	size_t len;
	bool blocks = false;

	if (!cbfstool) {
		print_message("no cbfstool (out/cbfstool, $VIGIL_CBFSTOOL or PATH): skipped\n");
		skip();
	}
	make_rom(chip, "Board 1", "old payload", "timeout = 7\n");
	make_rom(newrom, "Board 1", "new payload", "timeout = 3\n");
	prog = xasprintf("dummy:emulate=%s,image=%s", FLASH_EMULATED_CHIP, chip);
	assert_int_equal(flash_open(&fl, prog, err, sizeof(err)), 0);

	/* Unsigned: refused, naming the signature file it looked for and the sha256. */
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "new.rom.sig"));
	assert_non_null(strstr(err, "sha256"));

	/* Signed over other bytes: refused even when unsigned updates are allowed. */
	sign(f, f->a, chip, sig);
	o.allow_unsigned = true;
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not good"));
	o.allow_unsigned = false;

	/* Signed by A, whose key the keyring holds: the owner's settings ride along. */
	sign(f, f->a, newrom, sig);
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), 0);
	assert_true(u.is_signed);
	assert_string_equal(u.signer.fpr, f->a);
	assert_string_equal(u.info.board, "Test Board 1");
	assert_string_equal(u.info.version, "4.15-test");
	assert_int_equal(u.carried, 1);
	s = rom_settings(u.image);
	assert_string_equal(s, "timeout = 7\n");
	free(s);
	/* The flash is untouched until written. */
	s = rom_settings(chip);
	assert_string_equal(s, "timeout = 7\n");
	free(s);
	/* The prediction handed on (to seal the TOTP secret) is the new firmware's. */
	flash_update_prediction(&u, &passed);
	assert_int_equal(flash_predict(&fl, &before, err, sizeof(err)), 0);
	assert_memory_not_equal(passed.pcr2, before.pcr2, SHA256_LEN);
	/* The progress comes from flashrom's own block log: it rises from 0 through
	 * the erase blocks (5-90) and verification to 100, never backwards. */
	assert_int_equal(flash_update_write(&u, &fl, log_progress, &progress, err, sizeof(err)), 0);
	assert_true(progress.n >= 4);
	assert_int_equal(progress.seen[0], 0);
	assert_int_equal(progress.seen[progress.n - 1], 100);
	for (size_t i = 1; i < progress.n; i++)
		assert_true(progress.seen[i] >= progress.seen[i - 1]);
	for (size_t i = 0; i < progress.n && !blocks; i++)
		blocks = progress.seen[i] > 5 && progress.seen[i] < 90;
	assert_true(blocks);
	assert_int_equal(spawn_wait((char *[]){ "cmp", "-s", u.image, chip, NULL }), 0);
	flash_update_done(&u);
	assert_int_not_equal(access(u.image, F_OK), 0);
	/* It is what the flash, read again after the write, predicts. */
	assert_int_equal(flash_predict(&fl, &fresh, err, sizeof(err)), 0);
	assert_memory_equal(&passed, &fresh, sizeof(fresh));

	/* Erasing settings flashes the signed ROM exactly as it is. */
	o.erase_settings = true;
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), 0);
	assert_int_equal(spawn_wait((char *[]){ "cmp", "-s", u.image, newrom, NULL }), 0);
	/* And its prediction is the signed ROM's own, vigil/ files and all. */
	flash_update_prediction(&u, &passed);
	rom = (uint8_t *)file_read_all(newrom, &len, 2 * CHIP);
	assert_non_null(rom);
	assert_int_equal(rom_predict(rom, len, &of_file, err, sizeof(err)), 0);
	assert_memory_equal(&passed, &of_file, sizeof(of_file));
	assert_memory_not_equal(passed.pcr7, fresh.pcr7, SHA256_LEN);
	free(rom);
	flash_update_done(&u);
	free(chip), free(newrom), free(sig), free(work), free(prog);
}

static void test_update_refuses_other_board_and_size(void **state)
{
	struct rom_fixture *f = *state;
	char *chip = path_in(f, "chip2.rom"), *other = path_in(f, "other.rom");
	char *small = path_in(f, "small.rom"), *work = path_in(f, "work2"), *prog;
	char *orig = path_in(f, "chip2.orig");
	char err[2048];
	struct flash_update u;
	struct flash fl;
	struct flash_update_opts o = { .gnupghome = f->home, .cbfstool = cbfstool, .work_dir = work,
				       .allow_unsigned = true };

	if (!cbfstool) {
		print_message("no cbfstool (out/cbfstool, $VIGIL_CBFSTOOL or PATH): skipped\n");
		skip();
	}
	make_rom(chip, "Board 1", "payload", NULL);
	make_rom(other, "Board 2", "payload", NULL);
	assert_int_equal(rom_fixture_make_rom(cbfstool, small, 1u << 20, true), 0);
	assert_int_equal(spawn_wait((char *[]){ "cp", chip, orig, NULL }), 0);
	prog = xasprintf("dummy:emulate=%s,image=%s", FLASH_EMULATED_CHIP, chip);
	assert_int_equal(flash_open(&fl, prog, err, sizeof(err)), 0);

	o.new_rom = other;
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is for Test Board 2, but this machine is Test Board 1"));
	o.new_rom = small;
	assert_int_equal(flash_update_prepare(&u, &fl, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "1048576 bytes"));
	/* Nothing was written. */
	assert_int_equal(spawn_wait((char *[]){ "cmp", "-s", chip, orig, NULL }), 0);
	free(chip), free(other), free(small), free(work), free(prog), free(orig);
}

/* vigil rom --flash: the action runs on the flash's copy, and a changed copy is written back. */
static void test_rom_command_on_the_flash(void **state)
{
	struct rom_fixture *f = *state;
	char *chip = path_in(f, "chip3.rom"), *conf = path_in(f, "board3.conf"), *text, *s;
	char *out = path_in(f, "rom-flash.out");
	size_t len;

	if (!cbfstool) {
		print_message("no cbfstool (out/cbfstool, $VIGIL_CBFSTOOL or PATH): skipped\n");
		skip();
	}
	make_rom(chip, "Board 1", "payload", "timeout = 7\n");
	text = xasprintf("flash = dummy:emulate=%s,image=%s\n", FLASH_EMULATED_CHIP, chip);
	assert_int_equal(rom_fixture_write(conf, text, strlen(text)), 0);
	assert_int_equal(spawn_wait((char *[]){ VIGIL_BIN, "rom", "--cbfstool", (char *)cbfstool,
					       "--flash", "--board-config", conf, "set",
					       "timeout=9", "theme=high-contrast", NULL }), 0);
	s = rom_settings(chip);
	assert_non_null(strstr(s, "timeout = \"9\""));
	assert_non_null(strstr(s, "theme = \"high-contrast\""));
	free(s);
	/* The same values again: the copy is unchanged, so nothing is written. */
	assert_int_equal(spawn_wait_to_file((char *[]){ VIGIL_BIN, "rom", "--cbfstool",
							(char *)cbfstool, "--flash", "--board-config",
							conf, "set", "timeout=9", NULL }, out), 0);
	s = file_read_all(out, &len, 1 << 16);
	assert_non_null(s);
	assert_null(strstr(s, "writing"));
	free(s);
	/* Reading needs no write either. */
	assert_int_equal(spawn_wait_to_file((char *[]){ VIGIL_BIN, "rom", "--cbfstool",
							(char *)cbfstool, "--flash", "--board-config",
							conf, "get", "timeout", NULL }, out), 0);
	s = file_read_all(out, &len, 1 << 16);
	assert_string_equal(s, "9\n");
	free(s);
	/* A bad value changes nothing and fails. */
	assert_int_not_equal(spawn_wait((char *[]){ VIGIL_BIN, "rom", "--cbfstool", (char *)cbfstool,
						   "--flash", "--board-config", conf, "set",
						   "timeout=soon", NULL }), 0);
	s = rom_settings(chip);
	assert_non_null(strstr(s, "timeout = \"9\""));
	free(s);
	free(chip), free(conf), free(text), free(out);
}

/* flash_predict reads the chip and computes what vigil rom list / pcr predict print. */
static void test_prediction_from_the_flash(void **state)
{
	struct rom_fixture *f = *state;
	char *chip = path_in(f, "chip4.rom"), *prog, err[1024];
	struct flash_prediction from_flash, from_file;
	struct pcr_prediction pcr2;
	struct romfiles files;
	uint8_t *rom, pcr7[SHA256_LEN];
	size_t len;
	struct flash fl;

	if (!cbfstool) {
		print_message("no cbfstool (out/cbfstool, $VIGIL_CBFSTOOL or PATH): skipped\n");
		skip();
	}
	make_rom(chip, "Board 1", "payload", "timeout = 7\n");
	prog = xasprintf("dummy:emulate=%s,image=%s", FLASH_EMULATED_CHIP, chip);
	assert_int_equal(flash_open(&fl, prog, err, sizeof(err)), 0);
	assert_int_equal(flash_predict(&fl, &from_flash, err, sizeof(err)), 0);
	rom = (uint8_t *)file_read_all(chip, &len, 2 * CHIP);
	assert_int_equal(rom_predict(rom, len, &from_file, err, sizeof(err)), 0);
	assert_int_equal(pcr2_predict(rom, len, &pcr2, err, sizeof(err)), 0);
	assert_int_equal(romfiles_read(rom, len, &files, err, sizeof(err)), 0);
	romfiles_predict_pcr7(&files, pcr7);
	assert_memory_equal(from_flash.pcr2, pcr2.pcr, SHA256_LEN);
	assert_memory_equal(from_flash.pcr7, pcr7, SHA256_LEN);
	assert_memory_equal(&from_flash, &from_file, sizeof(from_file));
	/* Not a ROM: said, not guessed. */
	memset(rom, 0xff, len);
	assert_int_equal(rom_predict(rom, len, &from_file, err, sizeof(err)), -1);
	romfiles_free(&files);
	free(rom), free(chip), free(prog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emulated_chip_on_a_disk),
		cmocka_unit_test(test_emulated_nvme_serial_and_missing_disk),
		cmocka_unit_test(test_flashrom_failure_is_explained),
		cmocka_unit_test(test_update_keeps_owner_files_and_needs_a_signature),
		cmocka_unit_test(test_update_refuses_other_board_and_size),
		cmocka_unit_test(test_rom_command_on_the_flash),
		cmocka_unit_test(test_prediction_from_the_flash),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
