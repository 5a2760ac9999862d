/* test-boot-verify-entry.c - the boot policy (verify, no keys, unverified, forbidden) and the PCR 4 boot mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/kexec.h"
#include "boot/verify-entry.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "hw/measure.h"
#include "hw/tpm.h"
#include "swtpm-fixture.h"

static char workdir[] = "/tmp/vigil-bootmode-XXXXXX";

static void policy(void **state)
{
	(void)state;
	/* keys, unverified, restricted */
	assert_int_equal(boot_check_choose(true, false, false), BOOT_CHECK_VERIFY);
	assert_int_equal(boot_check_choose(true, false, true), BOOT_CHECK_VERIFY);
	assert_int_equal(boot_check_choose(false, false, false), BOOT_CHECK_NO_KEYS);
	assert_int_equal(boot_check_choose(false, false, true), BOOT_CHECK_NO_KEYS);
	assert_int_equal(boot_check_choose(true, true, false), BOOT_CHECK_UNVERIFIED);
	assert_int_equal(boot_check_choose(false, true, false), BOOT_CHECK_UNVERIFIED);
	/* Restricted: never unverified, keys or not. */
	assert_int_equal(boot_check_choose(true, true, true), BOOT_CHECK_FORBIDDEN);
	assert_int_equal(boot_check_choose(false, true, true), BOOT_CHECK_FORBIDDEN);
}

static void modes(void **state)
{
	(void)state;
	assert_string_equal(boot_check_mode(BOOT_CHECK_VERIFY), "normal");
	assert_string_equal(boot_check_mode(BOOT_CHECK_NO_KEYS), "normal");
	assert_string_equal(boot_check_mode(BOOT_CHECK_UNVERIFIED), "unverified");
}

static void unmounted_entry_is_an_error(void **state)
{
	struct boot_entry e = { .name = (char *)"lost" };
	struct bootverify_result res;

	(void)state;
	assert_int_equal(verify_entry(&e, "/nonexistent", NULL, &res), BV_ERROR);
	assert_non_null(strstr(res.message, "entry 'lost' is not on a mounted partition"));
}

static int tpm_setup(void **state)
{
	char err[256], log[160];

	if (swtpm_setup(state) < 0)
		return -1;
	strcpy(workdir, "/tmp/vigil-bootmode-XXXXXX");
	if (!mkdtemp(workdir))
		return -1;
	snprintf(log, sizeof(log), "%s/eventlog.bin", workdir);
	measure_set_log_path(log);
	return measure_init(NULL, err, sizeof(err)) < 0 ? -1 : 0;
}

static int tpm_teardown(void **state)
{
	char *argv[] = { "rm", "-rf", workdir, NULL };

	measure_set_log_path(NULL);
	spawn_wait(argv);
	return swtpm_teardown(state);
}

/* PCR 4 from zero after one extend with SHA-256(word). */
static void expect_pcr4(const char *word)
{
	uint8_t digest[SHA256_LEN], buf[2 * SHA256_LEN] = { 0 }, want[SHA256_LEN], got[SHA256_LEN];
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	assert_non_null(tpm);
	hash_sha256(word, strlen(word), digest);
	memcpy(buf + SHA256_LEN, digest, SHA256_LEN);
	hash_sha256(buf, sizeof(buf), want);
	assert_int_equal(tpm_pcr_read(tpm, 4, got, err, sizeof(err)), 0);
	tpm_close(tpm);
	assert_memory_equal(got, want, SHA256_LEN);
}

static bool log_has(const char *text)
{
	size_t len;
	char *log = file_read_all(measure_log_path(), &len, 1 << 20);
	bool found;

	assert_non_null(log);
	found = memmem(log, len, text, strlen(text) + 1) != NULL;
	free(log);
	return found;
}

static void before_kexec_records_the_mode(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { .boot_mode = KEXEC_MODE_UNVERIFIED };
	char err[512];

	(void)state;
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
	expect_pcr4("unverified");
	assert_true(log_has("boot mode: unverified"));
}

static void before_kexec_normal_by_default(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { 0 };
	char err[512];

	(void)state;
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
	expect_pcr4("normal");
	assert_true(log_has("boot mode: normal"));
}

static void before_kexec_without_tpm_goes_on(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { 0 };
	char err[512];

	(void)state;
	setenv("VIGIL_TCTI", "device:/nonexistent", 1);
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy),
		cmocka_unit_test(modes),
		cmocka_unit_test(unmounted_entry_is_an_error),
		cmocka_unit_test_setup_teardown(before_kexec_records_the_mode, tpm_setup,
						tpm_teardown),
		cmocka_unit_test_setup_teardown(before_kexec_normal_by_default, tpm_setup,
						tpm_teardown),
		cmocka_unit_test(before_kexec_without_tpm_goes_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
