/*
 * test-totp-tpm.c - the TOTP secret in a real (software) TPM: stored in an NV
 * index, sealed to PCR 4 as it is at menu time, its code the one liboath
 * gives for the enrolled secret, and a refusal that names the changed PCR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/spawn.h"
#include "crypto/totp-tpm.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/seal-pcrs.h"
#include "hw/tpm-counter.h"
#include "hw/tpm-nvblob.h"
#include "swtpm-fixture.h"

#define ALL_PCRS ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 7))

static char workdir[64];
static char log_file[128];

static int setup(void **state)
{
	char err[256];

	if (swtpm_setup(state) < 0)
		return -1;
	strcpy(workdir, "/tmp/vigil-totp-XXXXXX");
	if (!mkdtemp(workdir))
		return -1;
	snprintf(log_file, sizeof(log_file), "%s/eventlog.bin", workdir);
	measure_set_log_path(log_file);
	/* A log as the init starts it, without coreboot's events (none were made). */
	return measure_init(NULL, err, sizeof(err)) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	char *argv[] = { "rm", "-rf", workdir, NULL };

	measure_set_log_path(NULL);
	spawn_wait(argv);
	return swtpm_teardown(state);
}

static void boot_mode(const char *mode)
{
	char description[64], err[256];

	snprintf(description, sizeof(description), "boot mode: %s", mode);
	assert_int_equal(measure_data(MEASURE_PCR_BOOT_MODE, EV_IPL, description, mode,
				      strlen(mode), err, sizeof(err)), 0);
}

static void nv_record_round_trip(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	uint8_t big[TPM_NVBLOB_DATA_MAX + 1] = { 0 }, buf[TPM_NVBLOB_DATA_MAX];
	char err[256];
	size_t len;

	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), 1);
	assert_int_equal(tpm_nvblob_write(tpm, TOTP_NV_INDEX, (const uint8_t *)"first record",
					  12, err, sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), 0);
	assert_int_equal(len, 12);
	assert_memory_equal(buf, "first record", 12);
	/* Rewritten whole: a shorter record leaves nothing of the longer one. */
	assert_int_equal(tpm_nvblob_write(tpm, TOTP_NV_INDEX, (const uint8_t *)"2nd", 3, err,
					  sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "2nd", 3);
	assert_int_equal(tpm_nvblob_write(tpm, TOTP_NV_INDEX, big, sizeof(big), err,
					  sizeof(err)), -1);
	assert_string_equal(err, "767 bytes do not fit in NV index 0x01300100 (at most 766)");
	/* A failed write kept the record. */
	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), 0);
	assert_int_equal(len, 3);
	assert_int_equal(tpm_nvblob_remove(tpm, TOTP_NV_INDEX, err, sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), 1);
	assert_int_equal(tpm_nvblob_remove(tpm, TOTP_NV_INDEX, err, sizeof(err)), 1);
	tpm_close(tpm);
}

static void foreign_index_is_left_alone(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	uint8_t buf[TPM_NVBLOB_DATA_MAX];
	uint32_t defined;
	int created;
	char err[256];
	size_t len;

	/* Something else (here: a counter) already sits at the index. */
	assert_int_equal(tpm_counter_define(tpm, TOTP_NV_INDEX, &defined, &created, err,
					    sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_write(tpm, TOTP_NV_INDEX, (const uint8_t *)"x", 1, err,
					  sizeof(err)), -1);
	assert_non_null(strstr(err, "NV index 0x01300100 has attributes"));
	assert_non_null(strstr(err, "it belongs to something else"));
	assert_int_equal(tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err,
					 sizeof(err)), -1);
	assert_int_equal(tpm_nvblob_remove(tpm, TOTP_NV_INDEX, err, sizeof(err)), -1);
	assert_int_equal(tpm_nvblob_write(tpm, 0x81000001u, (const uint8_t *)"x", 1, err,
					  sizeof(err)), -1);
	assert_string_equal(err, "0x81000001 is not an NV index handle (0x01xxxxxx)");
	tpm_close(tpm);
}

static void pcr4_is_taken_back_to_the_menu(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	tpm_pcr_values expected, now;
	uint8_t zero[SHA256_LEN] = { 0 };
	char err[256];

	boot_mode("recovery");
	assert_int_equal(tpm_pcr_read_mask(tpm, (1u << 4) | (1u << 7), now, err, sizeof(err)), 0);
	assert_memory_not_equal(now[4], zero, SHA256_LEN);
	assert_int_equal(seal_pcrs_expected(tpm, ALL_PCRS, log_file, expected, err,
					    sizeof(err)), 0);
	assert_memory_equal(expected[4], zero, SHA256_LEN);
	assert_memory_equal(expected[7], now[7], SHA256_LEN);
	tpm_close(tpm);
}

static void unlogged_pcr4_change_refuses_to_seal(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *key = NULL;
	uint8_t digest[SHA256_LEN];
	tpm_pcr_values expected;
	char err[512];

	hash_sha256("not in the log", 14, digest);
	assert_int_equal(tpm_pcr_extend(tpm, 4, digest, err, sizeof(err)), 0);
	assert_int_equal(seal_pcrs_expected(tpm, ALL_PCRS, log_file, expected, err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "eventlog.bin does not account for PCR 4"));
	assert_int_equal(totp_tpm_seal(tpm, NULL, ALL_PCRS, NULL, &key, err, sizeof(err)), -1);
	assert_null(key);
	tpm_close(tpm);
}

static void menu_shows_the_code_of_the_enrolled_secret(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *key = NULL;
	char code[OTP_CODE_MAX], want[OTP_CODE_MAX], err[512];
	time_t now = 1764115200;

	assert_int_equal(totp_tpm_menu_code(NULL, now, code, sizeof(code), err, sizeof(err)),
			 TPM_ERR_FAIL);
	assert_string_equal(err, "no TOTP secret is sealed yet (vigil totp seal)");
	assert_int_equal(totp_tpm_seal(tpm, NULL, ALL_PCRS, NULL, &key, err, sizeof(err)), 0);
	assert_int_equal(key->len, OTP_SECRET_LEN);
	assert_int_equal(otp_totp(key, now, OTP_DIGITS, want, err, sizeof(err)), 0);
	tpm_close(tpm);
	assert_int_equal(totp_tpm_menu_code(NULL, now, code, sizeof(code), err, sizeof(err)), 0);
	assert_string_equal(code, want);
	/* Leaving the menu for the recovery shell changes PCR 4: no code, and why. */
	boot_mode("recovery");
	assert_int_equal(totp_tpm_menu_code(NULL, now, code, sizeof(code), err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_string_equal(err, "changed since sealing: PCR 4 (boot mode (a boot, the recovery "
			    "shell or an unverified boot happened))");
	secret_free(key);
}

static void sealing_in_recovery_targets_the_menu(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct totp_store store = { .file = NULL };
	struct tpm_sealed sealed;
	struct secret *key = NULL;
	uint8_t zero[SHA256_LEN] = { 0 };
	char code[OTP_CODE_MAX], err[512];
	uint32_t changed;

	boot_mode("recovery");
	assert_int_equal(totp_tpm_seal(tpm, &store, ALL_PCRS, NULL, &key, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_load(tpm, &store, &sealed, err, sizeof(err)), 0);
	assert_int_equal(sealed.pcr_mask, ALL_PCRS);
	assert_memory_equal(sealed.pcrs[4], zero, SHA256_LEN);
	/* Not now (PCR 4 says recovery), but at the next boot's menu. */
	assert_int_equal(totp_tpm_code(tpm, &sealed, NULL, 0, code, &changed, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_int_equal(changed, 1u << 4);
	secret_free(key);
	tpm_close(tpm);
}

static void file_store_and_firmware_change(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	char path[160], code[OTP_CODE_MAX], err[512];
	struct totp_store store = { .file = path };
	struct tpm_sealed sealed;
	struct secret *key = NULL;
	uint8_t digest[SHA256_LEN];
	uint32_t changed;

	snprintf(path, sizeof(path), "%s/totp.sealed", workdir);
	assert_int_equal(totp_tpm_seal(tpm, &store, ALL_PCRS, NULL, &key, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_load(tpm, &store, &sealed, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_code(tpm, &sealed, NULL, 0, code, &changed, err, sizeof(err)),
			 0);
	/* A different payload: coreboot would have measured something else into PCR 2. */
	hash_sha256("another payload", 15, digest);
	assert_int_equal(tpm_pcr_extend(tpm, 2, digest, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_code(tpm, &sealed, NULL, 0, code, &changed, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_int_equal(changed, 1u << 2);
	assert_string_equal(err, "changed since sealing: PCR 2 (firmware: coreboot stages and "
			    "the vigil payload)");
	secret_free(key);
	tpm_close(tpm);
}

/* Sealed for the next power-on: refused now, shown once PCR 7 has the predicted value. */
static void sealed_for_the_flash_shows_after_the_change(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct totp_future future = { .mask = 1u << 7 };
	struct totp_store store = { .future = &future };
	struct tpm_sealed sealed;
	struct secret *key = NULL;
	uint8_t digest[SHA256_LEN], now7[SHA256_LEN];
	char code[OTP_CODE_MAX], want[OTP_CODE_MAX], err[512];
	uint32_t changed;

	/* What PCR 7 will be once the new ROM files are measured: now, extended by them. */
	hash_sha256("vigil/settings of the new flash", 31, digest);
	assert_int_equal(tpm_pcr_read(tpm, 7, now7, err, sizeof(err)), 0);
	memcpy(future.pcrs[7], now7, SHA256_LEN);
	hash_sha256_extend(future.pcrs[7], digest);
	assert_int_equal(totp_tpm_seal(tpm, &store, ALL_PCRS, NULL, &key, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_load(tpm, &store, &sealed, err, sizeof(err)), 0);
	assert_memory_equal(sealed.pcrs[7], future.pcrs[7], SHA256_LEN);
	assert_int_equal(totp_tpm_code(tpm, &sealed, NULL, 0, code, &changed, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_int_equal(changed, 1u << 7);
	/* The next power-on's PCR 7: the code of the secret enrolled now. */
	assert_int_equal(tpm_pcr_extend(tpm, 7, digest, err, sizeof(err)), 0);
	assert_int_equal(totp_tpm_code(tpm, &sealed, NULL, 0, code, &changed, err, sizeof(err)),
			 0);
	assert_int_equal(otp_totp(key, 0, OTP_DIGITS, want, err, sizeof(err)), 0);
	assert_string_equal(code, want);
	secret_free(key);
	tpm_close(tpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(nv_record_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_index_is_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(pcr4_is_taken_back_to_the_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(unlogged_pcr4_change_refuses_to_seal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(menu_shows_the_code_of_the_enrolled_secret, setup,
						teardown),
		cmocka_unit_test_setup_teardown(sealing_in_recovery_targets_the_menu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(file_store_and_firmware_change, setup, teardown),
		cmocka_unit_test_setup_teardown(sealed_for_the_flash_shows_after_the_change, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
