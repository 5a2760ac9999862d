/*
 * test-rom-edit.c - "vigil rom" on ROM files made by cbfstool: keys made by gpg
 * are added, listed and removed, secret keys and bad settings are refused, a
 * failed edit leaves the ROM as it was, and PCR 2 never changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "hw/pcr-predict.h"
#include "hw/romfiles.h"
#include "test-rom-fixture.h"

static struct rom_fixture fx;
static const char *cbfstool;
static char romdir[96], rom[128], out_path[128];
static char *output;		/* stdout and stderr of the last run */
static const char *input;	/* the next run's stdin (a file), or NULL: the test's own */

static int group_setup(void **state)
{
	cbfstool = rom_fixture_cbfstool();
	if (!cbfstool)
		return 0;	/* every test skips */
	if (rom_fixture_setup(&fx) < 0)
		return -1;
	snprintf(romdir, sizeof(romdir), "%s/rom", fx.dir);
	snprintf(rom, sizeof(rom), "%s/test.rom", romdir);
	snprintf(out_path, sizeof(out_path), "%s/output", fx.dir);
	return mkdir(romdir, 0700);
}

static int group_teardown(void **state)
{
	if (cbfstool)
		rom_fixture_teardown(&fx);
	free(output);
	return 0;
}

static void need_cbfstool(void)
{
	if (!cbfstool) {
		print_message("no cbfstool (out/cbfstool, $VIGIL_CBFSTOOL or PATH): skipped\n");
		skip();
	}
}

/* Run vigil with args; its exit status, with stdout and stderr in output. */
static int vigil(const char *arg0, ...)
{
	char *argv[16];
	size_t n = 0;
	va_list ap;
	pid_t pid;
	int status, fd;

	argv[n++] = VIGIL_BIN;
	argv[n++] = "rom";
	argv[n++] = "--cbfstool";
	argv[n++] = (char *)cbfstool;
	va_start(ap, arg0);
	for (argv[n] = (char *)arg0; argv[n]; argv[n] = va_arg(ap, char *))
		n++;
	va_end(ap);
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		dup2(fd, 2);
		if (input && (fd = open(input, O_RDONLY)) >= 0)
			dup2(fd, 0);
		setenv("LANGUAGE", "C", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	free(output);
	output = file_read_all(out_path, NULL, 1 << 20);
	assert_non_null(output);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void expect_output(const char *text)
{
	if (!strstr(output, text))
		fail_msg("expected \"%s\" in:\n%s", text, output);
}

static void predict_pcr2(uint8_t pcr[SHA256_LEN])
{
	struct pcr_prediction pred;
	char err[256];
	size_t len;
	uint8_t *data = (uint8_t *)file_read_all(rom, &len, 64 << 20);

	assert_non_null(data);
	if (pcr2_predict(data, len, &pred, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	memcpy(pcr, pred.pcr, SHA256_LEN);
	free(data);
}

/* Only test.rom in its folder: no copy of the ROM left behind. */
static void no_leftovers(void)
{
	struct dirent *e;
	DIR *d = opendir(romdir);

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "test.rom"))
			fail_msg("left behind: %s", e->d_name);
	closedir(d);
}

static void keys_added_listed_removed(void **state)
{
	uint8_t before[SHA256_LEN], after[SHA256_LEN];

	need_cbfstool();
	assert_int_equal(rom_fixture_make_rom(cbfstool, rom, 256 * 1024, true), 0);
	predict_pcr2(before);
	assert_int_equal(vigil("key", "list", rom, NULL), 0);
	expect_output("no keys in");
	assert_int_equal(vigil("key", "add", rom, fx.a_pub, NULL), 0);
	expect_output("1 new keys");
	assert_int_equal(vigil("key", "add", rom, fx.both_pub, NULL), 0);
	expect_output("1 new keys");
	assert_int_equal(vigil("key", "list", rom, NULL), 0);
	expect_output(fx.a);
	expect_output("A <a@vigil.test>");
	expect_output(fx.b);
	/* Raw files are not measured by coreboot: PCR 2 stays. */
	predict_pcr2(after);
	assert_memory_equal(before, after, SHA256_LEN);
	assert_int_equal(vigil("list", rom, NULL), 0);
	expect_output("vigil/keys.asc");
	expect_output("PCR 7 sha256: ");
	expect_output("PCR 2 sha256: ");

	assert_int_equal(vigil("key", "remove", rom, fx.a, NULL), 0);
	assert_int_equal(vigil("key", "list", rom, NULL), 0);
	assert_null(strstr(output, fx.a));
	expect_output(fx.b);
	assert_int_equal(vigil("key", "remove", rom, fx.a, NULL), 1);
	expect_output("no key");
	assert_int_equal(vigil("key", "remove", rom, "12AB", NULL), 1);
	expect_output("is not a key fingerprint");
	assert_int_equal(vigil("key", "remove", rom, fx.b, NULL), 0);
	expect_output("the ROM holds no keys now");
	assert_int_equal(vigil("list", rom, NULL), 0);
	expect_output("no vigil/ files");
	predict_pcr2(after);
	assert_memory_equal(before, after, SHA256_LEN);
	no_leftovers();
}

static void refuses_secret_and_junk_keys(void **state)
{
	char *before, *after, *junk;
	size_t len, len2;

	need_cbfstool();
	assert_int_equal(rom_fixture_make_rom(cbfstool, rom, 256 * 1024, false), 0);
	assert_int_equal(vigil("key", "add", rom, fx.a_pub, NULL), 0);
	before = file_read_all(rom, &len, 64 << 20);
	assert_int_equal(vigil("key", "add", rom, fx.b_sec, NULL), 1);
	expect_output("holds the secret key");
	expect_output(fx.b);
	junk = xasprintf("%s/junk.asc", fx.dir);
	assert_int_equal(rom_fixture_write(junk, "hello\n", 6), 0);
	assert_int_equal(vigil("key", "add", rom, junk, NULL), 1);
	expect_output("holds no OpenPGP key");
	assert_int_equal(vigil("key", "add", rom, "/nonexistent.asc", NULL), 1);
	expect_output("key file /nonexistent.asc: No such file or directory");
	after = file_read_all(rom, &len2, 64 << 20);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	no_leftovers();
	free(junk);
	free(before);
	free(after);
}

static void settings_set_and_get(void **state)
{
	char *before, *after;
	size_t len, len2;

	need_cbfstool();
	assert_int_equal(rom_fixture_make_rom(cbfstool, rom, 256 * 1024, false), 0);
	assert_int_equal(vigil("set", rom, "timeout=5", "ui=plain", "cmdline_add=quiet splash",
			       NULL), 0);
	assert_int_equal(vigil("get", rom, "timeout", NULL), 0);
	assert_string_equal(output, "5\n");
	assert_int_equal(vigil("get", rom, NULL), 0);
	assert_string_equal(output, "timeout = 5\nui = plain\ncmdline_add = quiet splash\n");
	before = file_read_all(rom, &len, 64 << 20);
	assert_int_equal(vigil("set", rom, "timeout=7", "bogus=1", NULL), 1);
	expect_output("unknown setting 'bogus'");
	assert_int_equal(vigil("set", rom, "headless=perhaps", NULL), 1);
	expect_output("setting 'headless': 'perhaps' is not valid");
	after = file_read_all(rom, &len2, 64 << 20);
	assert_memory_equal(before, after, len);
	assert_int_equal(vigil("get", rom, "theme", NULL), 1);
	expect_output("theme is not set");
	assert_int_equal(vigil("get", rom, "colour", NULL), 1);
	expect_output("unknown setting 'colour'");
	assert_int_equal(vigil("set", rom, "timeout=", "ui=", "cmdline_add=", NULL), 0);
	assert_int_equal(vigil("list", rom, NULL), 0);
	expect_output("no vigil/ files");
	no_leftovers();
	free(before);
	free(after);
}

static void expect_rom_unchanged(const char *before, size_t len)
{
	size_t len2;
	char *after = file_read_all(rom, &len2, 64 << 20);

	assert_non_null(after);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(after);
	no_leftovers();
}

static void failed_edit_leaves_rom_alone(void **state)
{
	char *before, big[1100];
	size_t len;

	need_cbfstool();
	/* 1 KiB of flash, half of it CBFS: a small setting fits, keys do not. */
	assert_int_equal(rom_fixture_make_rom(cbfstool, rom, 1024, false), 0);
	assert_int_equal(vigil("set", rom, "timeout=3", NULL), 0);
	before = file_read_all(rom, &len, 64 << 20);
	assert_int_equal(vigil("key", "add", rom, fx.both_pub, NULL), 1);
	expect_output("cbfstool could not add a file");
	expect_rom_unchanged(before, len);
	memset(big, 'x', sizeof(big));
	memcpy(big, "cmdline_add=", 12);
	big[1000] = '\0';
	assert_int_equal(vigil("set", rom, big, NULL), 1);
	expect_output("cbfstool could not add a file");
	expect_rom_unchanged(before, len);

	/* No cbfstool at all: the message says how to give one. */
	cbfstool = "/nonexistent/cbfstool";
	assert_int_equal(vigil("set", rom, "timeout=4", NULL), 1);
	cbfstool = rom_fixture_cbfstool();
	expect_output("--cbfstool PATH");
	expect_rom_unchanged(before, len);
	free(before);
}

/* "vigil rom recovery-passphrase ROM" with lines on stdin (not a terminal). */
static int set_passphrase(const char *lines)
{
	char path[128];
	int ret;

	snprintf(path, sizeof(path), "%s/passphrase-input", fx.dir);
	assert_int_equal(rom_fixture_write(path, lines, strlen(lines)), 0);
	input = path;
	ret = vigil("recovery-passphrase", rom, NULL);
	input = NULL;
	return ret;
}

static void recovery_passphrase_hashed_into_the_settings(void **state)
{
	char *line, *before, *stored;
	size_t len;

	need_cbfstool();
	assert_int_equal(rom_fixture_make_rom(cbfstool, rom, 256 * 1024, false), 0);
	assert_int_equal(vigil("set", rom, "timeout=5", NULL), 0);
	assert_int_equal(set_passphrase("correct horse\ncorrect horse\n"), 0);
	/* It prints the setting line, for a board config too. */
	assert_memory_equal(output, "recovery_passphrase = \"$vigil-scrypt$N=65536,r=8,p=2$", 52);
	line = strdup(output);
	assert_int_equal(vigil("get", rom, "recovery_passphrase", NULL), 0);
	stored = output;
	assert_int_equal(strlen(stored), strlen(line) - 24);	/* no key, spaces or quotes */
	assert_memory_equal(stored, line + 23, strlen(stored) - 1);
	assert_int_equal(vigil("get", rom, "timeout", NULL), 0);
	assert_string_equal(output, "5\n");

	/* A typing error, nothing, or a missing repeat change nothing. */
	before = file_read_all(rom, &len, 64 << 20);
	assert_int_equal(set_passphrase("correct horse\ncorrect hose\n"), 1);
	expect_output("vigil rom recovery-passphrase: the two passphrases differ");
	assert_int_equal(set_passphrase("\n\n"), 1);
	expect_output("the passphrase is empty");
	assert_int_equal(set_passphrase("correct horse\n"), 1);
	expect_output("the passphrase must be given twice: no passphrase given (end of input)");
	expect_rom_unchanged(before, len);
	free(before);

	/* vigil rom set checks a hand-made value, naming what is wrong. */
	assert_int_equal(vigil("set", rom, "recovery_passphrase=$vigil-scrypt$N=1000,r=8,p=1$"
			       "000102030405060708090a0b0c0d0e0f$"
			       "25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5",
			       NULL), 1);
	expect_output("setting 'recovery_passphrase': N=1000 is not a power of two from N=16384 "
		      "to N=262144 (");
	assert_int_equal(vigil("set", rom, "recovery_passphrase_sha256=abc", NULL), 1);
	expect_output("unknown setting 'recovery_passphrase_sha256'");
	free(line);
	no_leftovers();
}

/* The real ROM of the demo, if it was built: keys go in, PCR 2 stays. */
static void real_coreboot_rom(void **state)
{
	static const char real[] = VIGIL_TEST_OUT "/coreboot.rom";
	uint8_t before[SHA256_LEN], after[SHA256_LEN];
	char *data;
	size_t len;

	need_cbfstool();
	data = file_read_all(real, &len, 64 << 20);
	if (!data) {
		print_message("%s not built (contrib/build.sh): skipped\n", real);
		skip();
	}
	assert_int_equal(rom_fixture_write(rom, data, len), 0);
	free(data);
	predict_pcr2(before);
	assert_int_equal(vigil("key", "add", rom, fx.both_pub, NULL), 0);
	assert_int_equal(vigil("set", rom, "timeout=3", "theme=dark", NULL), 0);
	predict_pcr2(after);
	assert_memory_equal(before, after, SHA256_LEN);
	assert_int_equal(vigil("key", "list", rom, NULL), 0);
	expect_output(fx.a);
	no_leftovers();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_added_listed_removed),
		cmocka_unit_test(refuses_secret_and_junk_keys),
		cmocka_unit_test(settings_set_and_get),
		cmocka_unit_test(failed_edit_leaves_rom_alone),
		cmocka_unit_test(recovery_passphrase_hashed_into_the_settings),
		cmocka_unit_test(real_coreboot_rom),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
