/* test-tpm-seal.c - sealing to PCRs and passphrases against a real (software) TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "crypto/secret.h"
#include "hw/tpm-seal.h"
#include "hw/tpm.h"
#include "swtpm-fixture.h"

#define PCR_MASK(n) (1u << (n))

static const char secret_text[] = "12345678901234567890";

static struct secret *text_secret(const char *text)
{
	return secret_from(text, strlen(text));
}

static void extend_with(struct tpm *tpm, unsigned pcr, const char *what)
{
	uint8_t digest[SHA256_LEN];
	char err[256];

	hash_sha256(what, strlen(what), digest);
	if (tpm_pcr_extend(tpm, pcr, digest, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static void seal_then_unseal_returns_secret(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct tpm_sealed sealed;
	char err[256];

	assert_int_equal(tpm_seal(tpm, data, 0x9f, NULL, NULL, &sealed, err, sizeof(err)), 0);
	assert_int_equal(sealed.pcr_mask, 0x9f);
	assert_false(sealed.with_passphrase);
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)), 0);
	assert_int_equal(out->len, data->len);
	assert_memory_equal(out->data, data->data, data->len);
	secret_free(out);
	secret_free(data);
	tpm_close(tpm);
}

static void unseal_refused_after_extend_names_the_pcr(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct tpm_sealed sealed;
	uint32_t changed;
	char err[256];

	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(4) | PCR_MASK(7) | PCR_MASK(16), NULL,
				  NULL, &sealed, err, sizeof(err)), 0);
	extend_with(tpm, 16, "something else was booted");
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_null(out);
	assert_string_equal(err, "the PCR values differ from those at sealing time");
	assert_int_equal(tpm_sealed_changed_pcrs(tpm, &sealed, &changed, err, sizeof(err)), 0);
	assert_int_equal(changed, PCR_MASK(16));
	secret_free(data);
	tpm_close(tpm);
}

static void seal_to_future_pcr_value(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct tpm_sealed sealed;
	tpm_pcr_values future;
	uint8_t digest[SHA256_LEN];
	char err[256];

	/* PCR 4 as it will be once the menu has extended the boot mode. */
	assert_int_equal(tpm_pcr_read_mask(tpm, PCR_MASK(4), future, err, sizeof(err)), 0);
	hash_sha256("normal", 6, digest);
	hash_sha256_extend(future[4], digest);
	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(4), future, NULL, &sealed, err,
				  sizeof(err)), 0);
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	extend_with(tpm, 4, "normal");
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, secret_text, strlen(secret_text));
	secret_free(out);
	secret_free(data);
	tpm_close(tpm);
}

static void passphrase_right_and_wrong(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct secret *right = text_secret("correct horse"), *wrong = text_secret("battery");
	struct tpm_sealed sealed;
	char err[256];

	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(7), NULL, right, &sealed, err,
				  sizeof(err)), 0);
	assert_true(sealed.with_passphrase);
	assert_int_equal(tpm_unseal(tpm, &sealed, wrong, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_string_equal(err, "wrong passphrase");
	assert_null(out);
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_int_equal(tpm_unseal(tpm, &sealed, right, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, secret_text, strlen(secret_text));
	secret_free(out);
	secret_free(right);
	secret_free(wrong);
	secret_free(data);
	tpm_close(tpm);
}

static void file_round_trip_and_damage(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct tpm_sealed sealed, loaded;
	char path[] = "/tmp/vigil-test-seal-XXXXXX", err[256];
	char *bytes;
	size_t len;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(0) | PCR_MASK(7), NULL, NULL, &sealed,
				  err, sizeof(err)), 0);
	assert_int_equal(tpm_sealed_save(&sealed, path, err, sizeof(err)), 0);
	assert_int_equal(tpm_sealed_load(&loaded, path, err, sizeof(err)), 0);
	assert_int_equal(loaded.pcr_mask, sealed.pcr_mask);
	assert_memory_equal(loaded.pcrs[7], sealed.pcrs[7], SHA256_LEN);
	assert_int_equal(tpm_unseal(tpm, &loaded, NULL, &out, err, sizeof(err)), 0);
	secret_free(out);

	bytes = file_read_all(path, &len, 8192);
	assert_non_null(bytes);
	/* Truncated, with trailing bytes, or with a foreign magic: refused with a reason. */
	assert_int_equal(tpm_sealed_unmarshal(&loaded, (uint8_t *)bytes, len - 1, err,
					      sizeof(err)), -1);
	assert_non_null(strstr(err, "truncated or damaged"));
	assert_int_equal(tpm_sealed_unmarshal(&loaded, (uint8_t *)bytes, len + 1, err,
					      sizeof(err)), -1);
	assert_string_equal(err, "the sealed object has 1 unexpected trailing bytes");
	bytes[0] = 'X';
	assert_int_equal(tpm_sealed_unmarshal(&loaded, (uint8_t *)bytes, len, err,
					      sizeof(err)), -1);
	assert_string_equal(err, "not a vigil sealed object (bad magic)");
	free(bytes);
	unlink(path);
	assert_int_equal(tpm_sealed_load(&loaded, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	secret_free(data);
	tpm_close(tpm);
}

static void tampered_record_is_refused(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = text_secret(secret_text), *out = NULL;
	struct tpm_sealed sealed;
	uint32_t changed;
	char err[256];

	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(2) | PCR_MASK(7), NULL, NULL, &sealed,
				  err, sizeof(err)), 0);
	/* Recording other values than the policy's does not get past the TPM. */
	sealed.pcrs[2][0] ^= 1;
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)),
			 TPM_ERR_PCR_MISMATCH);
	assert_int_equal(tpm_sealed_changed_pcrs(tpm, &sealed, &changed, err, sizeof(err)), 0);
	assert_int_equal(changed, PCR_MASK(2));
	sealed.pcrs[2][0] ^= 1;
	sealed.private_area[sealed.private_len - 1] ^= 1;
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)), TPM_ERR_FAIL);
	assert_non_null(strstr(err, "made by another TPM"));
	secret_free(data);
	tpm_close(tpm);
}

static void bad_arguments_are_named(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = secret_new(200), *pass = secret_new(40);
	struct tpm_sealed sealed;
	char err[256];

	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(7), NULL, NULL, &sealed, err,
				  sizeof(err)), -1);
	assert_string_equal(err, "a sealed secret must be 1-128 bytes, not 200");
	data->len = 20;
	assert_int_equal(tpm_seal(tpm, data, 0, NULL, NULL, &sealed, err, sizeof(err)), -1);
	assert_string_equal(err, "sealing needs a selection of PCRs 0-23");
	assert_int_equal(tpm_seal(tpm, data, PCR_MASK(7), NULL, pass, &sealed, err,
				  sizeof(err)), -1);
	assert_string_equal(err, "the passphrase is longer than 32 bytes");
	data->len = 200;
	secret_free(pass);
	secret_free(data);
	tpm_close(tpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(seal_then_unseal_returns_secret,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(unseal_refused_after_extend_names_the_pcr,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(seal_to_future_pcr_value,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(passphrase_right_and_wrong,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(file_round_trip_and_damage,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(tampered_record_is_refused,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(bad_arguments_are_named,
						swtpm_setup, swtpm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
