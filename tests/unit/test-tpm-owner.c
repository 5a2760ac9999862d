/* test-tpm-owner.c - owner and lockout passphrases, DA settings, lockout and clear on swtpm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/tpm-counter.h"
#include "hw/tpm-nvblob.h"
#include "hw/tpm-seal.h"
#include "hw/tpm-status.h"
#include "swtpm-fixture.h"

#define RECORD_INDEX 0x01310000u

/* A TPM with an owner: passphrase "owner pass" for both hierarchies, 10 tries. */
static struct tpm *owned_tpm(struct secret **pass)
{
	struct tpm *tpm = swtpm_open_tpm();
	char err[256];

	*pass = secret_from("owner pass", 10);
	if (tpm_da_set(tpm, 10, 600, 1, NULL, err, sizeof(err)) < 0 ||
	    tpm_take_ownership(tpm, *pass, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return tpm;
}

static void owner_operations_need_the_passphrase(void **state)
{
	struct secret *pass, *data = secret_from("seed", 4), *out = NULL;
	struct tpm *tpm = owned_tpm(&pass), *other;
	struct tpm_sealed sealed;
	struct tpm_status st;
	uint8_t buf[16];
	uint32_t index;
	uint64_t value;
	size_t len;
	char err[256];
	int created;

	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_true(st.owner_auth_set);
	assert_true(st.lockout_auth_set);
	/* The context that took ownership goes on with the new passphrase. */
	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_write(tpm, RECORD_INDEX, (const uint8_t *)"abc", 3,
					  err, sizeof(err)), 0);
	assert_int_equal(tpm_seal(tpm, data, 1u << 7, NULL, NULL, &sealed, err, sizeof(err)), 0);
	tpm_close(tpm);

	/* Without it (and nothing to ask with) every owner operation is refused, named. */
	other = swtpm_open_tpm();
	assert_int_equal(tpm_counter_increment(other, index, &value, err, sizeof(err)),
			 TPM_ERR_AUTH);
	assert_non_null(strstr(err, "incrementing NV counter"));
	assert_non_null(strstr(err, "needs the TPM owner passphrase"));
	assert_int_equal(tpm_nvblob_write(other, RECORD_INDEX, (const uint8_t *)"xyz", 3,
					  err, sizeof(err)), TPM_ERR_AUTH);
	assert_non_null(strstr(err, "writing NV index 0x01310000"));
	/* Unsealing is not one: the storage root key persisted at sealing time serves. */
	assert_int_equal(tpm_unseal(other, &sealed, NULL, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, "seed", 4);
	secret_free(out);
	out = NULL;
	/* Reading needs no owner: the menu reads before anyone types. */
	assert_int_equal(tpm_counter_read(other, index, &value, err, sizeof(err)), 0);
	assert_int_equal(value, 1);
	assert_int_equal(tpm_nvblob_read(other, RECORD_INDEX, buf, sizeof(buf), &len,
					 err, sizeof(err)), 0);
	assert_memory_equal(buf, "abc", 3);

	/* With it, the same context works. */
	assert_int_equal(tpm_set_owner_auth(other, pass, err, sizeof(err)), 0);
	assert_int_equal(tpm_counter_increment(other, index, &value, err, sizeof(err)), 0);
	assert_int_equal(value, 2);
	assert_int_equal(tpm_nvblob_write(other, RECORD_INDEX, (const uint8_t *)"xyz", 3,
					  err, sizeof(err)), 0);
	assert_int_equal(tpm_unseal(other, &sealed, NULL, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, "seed", 4);
	secret_free(out);
	assert_int_equal(tpm_nvblob_remove(other, RECORD_INDEX, err, sizeof(err)), 0);
	tpm_close(other);
	secret_free(data);
	secret_free(pass);
}

static void passphrase_too_long_is_refused(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *pass = secret_new(TPM_HIERARCHY_AUTH_MAX + 1);
	char err[256];

	assert_int_equal(tpm_set_owner_auth(tpm, pass, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "owner passphrase is longer than 32"));
	assert_int_equal(tpm_take_ownership(tpm, pass, err, sizeof(err)), -1);
	tpm_close(tpm);
	secret_free(pass);
}

static void da_parameters_read_back_with_lockout_passphrase(void **state)
{
	struct secret *pass;
	struct tpm *tpm = owned_tpm(&pass), *other;
	struct tpm_status st;
	char err[256];

	assert_int_equal(tpm_da_set(tpm, 7, 300, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_int_equal(st.max_tries, 7);
	assert_int_equal(st.recovery_time, 300);
	assert_int_equal(st.lockout_recovery, 1);
	tpm_close(tpm);
	other = swtpm_open_tpm();
	assert_int_equal(tpm_da_set(other, 3, 3, 1, NULL, err, sizeof(err)), TPM_ERR_AUTH);
	assert_non_null(strstr(err, "dictionary-attack parameters"));
	assert_int_equal(tpm_status_read(other, &st, err, sizeof(err)), 0);
	assert_int_equal(st.max_tries, 7);
	tpm_close(other);
	secret_free(pass);
}

static void wrong_passphrases_lock_out_until_unlocked(void **state)
{
	struct secret *pass, *wrong = secret_from("guess", 5), *right = secret_from("pin", 3);
	struct secret *data = secret_from("seed", 4), *out = NULL;
	struct tpm *tpm = owned_tpm(&pass), *other;
	struct tpm_sealed sealed;
	struct tpm_status st;
	uint32_t index;
	char err[256];
	int created;

	assert_int_equal(tpm_da_set(tpm, 2, 600, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(tpm_seal(tpm, data, 1u << 7, NULL, right, &sealed, err, sizeof(err)), 0);
	/* Hierarchy passphrases are exempt from DA (TPM 2.0 spec): no lockout from these. */
	other = swtpm_open_tpm();
	assert_int_equal(tpm_set_owner_auth(other, wrong, err, sizeof(err)), 0);
	assert_int_equal(tpm_counter_define(other, 0, &index, &created, err, sizeof(err)),
			 TPM_ERR_AUTH);
	assert_int_equal(tpm_counter_define(other, 0, &index, &created, err, sizeof(err)),
			 TPM_ERR_AUTH);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_int_equal(st.failed_tries, 0);
	/* Wrong passphrases of a sealed object are not. */
	assert_int_equal(tpm_unseal(tpm, &sealed, wrong, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_int_equal(tpm_unseal(tpm, &sealed, wrong, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_int_equal(tpm_unseal(tpm, &sealed, right, &out, err, sizeof(err)),
			 TPM_ERR_LOCKOUT);
	assert_non_null(strstr(err, "lockout"));
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_true(st.in_lockout);
	assert_int_equal(st.failed_tries, 2);
	assert_int_equal(tpm_lockout_seconds_left(&st), 600);
	/* A wrong lockout passphrase is refused and blocks lockout auth for 1 s. */
	assert_int_equal(tpm_da_reset(other, wrong, err, sizeof(err)), TPM_ERR_AUTH);
	assert_int_equal(tpm_da_reset(tpm, NULL, err, sizeof(err)), TPM_ERR_LOCKOUT);
	tpm_close(other);
	sleep(2);
	if (tpm_da_reset(tpm, NULL, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_false(st.in_lockout);
	assert_int_equal(st.failed_tries, 0);
	assert_int_equal(tpm_unseal(tpm, &sealed, right, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, "seed", 4);
	secret_free(out);
	tpm_close(tpm);
	secret_free(data);
	secret_free(right);
	secret_free(wrong);
	secret_free(pass);
}

static void lockout_time_left(void **state)
{
	struct tpm_status st = { .in_lockout = 0, .failed_tries = 3, .max_tries = 3,
				 .recovery_time = 60 };

	assert_int_equal(tpm_lockout_seconds_left(&st), 0);
	st.in_lockout = 1;
	assert_int_equal(tpm_lockout_seconds_left(&st), 60);
	st.failed_tries = 5;
	assert_int_equal(tpm_lockout_seconds_left(&st), 180);
	st.recovery_time = 0;
	assert_int_equal(tpm_lockout_seconds_left(&st), UINT32_MAX);
}

static void clear_removes_ownership_and_nv(void **state)
{
	struct secret *pass, *data = secret_from("seed", 4), *out = NULL;
	struct tpm *tpm = owned_tpm(&pass), *other;
	struct tpm_sealed sealed;
	struct tpm_status st;
	uint8_t buf[16];
	uint32_t index;
	uint64_t value;
	size_t len;
	char err[256];
	int created;

	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	assert_int_equal(tpm_nvblob_write(tpm, RECORD_INDEX, (const uint8_t *)"abc", 3,
					  err, sizeof(err)), 0);
	assert_int_equal(tpm_seal(tpm, data, 1u << 7, NULL, NULL, &sealed, err, sizeof(err)), 0);
	tpm_close(tpm);
	/* Clearing needs the lockout passphrase. */
	other = swtpm_open_tpm();
	assert_int_equal(tpm_clear(other, err, sizeof(err)), TPM_ERR_AUTH);
	assert_non_null(strstr(err, "clearing the TPM"));
	tpm_close(other);
	sleep(2);
	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_set_lockout_auth(tpm, pass, err, sizeof(err)), 0);
	assert_int_equal(tpm_clear(tpm, err, sizeof(err)), 0);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_false(st.owner_auth_set);
	assert_false(st.lockout_auth_set);
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is not defined"));
	assert_int_equal(tpm_nvblob_read(tpm, RECORD_INDEX, buf, sizeof(buf), &len,
					 err, sizeof(err)), 1);
	/* A new owner seed: what was sealed before is gone for good. */
	assert_true(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)) < 0);
	assert_null(out);
	/* And the empty owner auth works again, in this context and a new one. */
	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	tpm_close(tpm);
	other = swtpm_open_tpm();
	assert_int_equal(tpm_counter_increment(other, index, &value, err, sizeof(err)), 0);
	tpm_close(other);
	secret_free(data);
	secret_free(pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lockout_time_left),
		cmocka_unit_test_setup_teardown(owner_operations_need_the_passphrase,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(passphrase_too_long_is_refused,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(da_parameters_read_back_with_lockout_passphrase,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(wrong_passphrases_lock_out_until_unlocked,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(clear_removes_ownership_and_nv,
						swtpm_setup, swtpm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
