/*
 * test-hotp-check.c - the TPM-counted HOTP check on a real (software) TPM
 * against the software token: enrolment sets both counters, every check
 * spends a TPM counter value before the code leaves, and drift beyond the
 * token's window needs a new enrolment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotp-token-model.h"
#include "hw/hotp-check.h"
#include "hw/tpm-counter.h"
#include "swtpm-fixture.h"

static const char admin_pin[] = "12345678";

struct fixture {
	struct hotp_model model;
	struct hotp_token token;
	struct secret *key, *pin;
	struct tpm *tpm;
};

static struct fixture *fixture_new(enum hotp_token_kind kind)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct hotp_transport io;
	char err[256];

	assert_non_null(f);
	hotp_model_init(&f->model, kind, admin_pin);
	io = hotp_model_transport(&f->model);
	hotp_token_attach(&f->token, kind, &io);
	f->key = secret_from("12345678901234567890", 20);
	f->pin = secret_from(admin_pin, strlen(admin_pin));
	f->tpm = tpm_open(NULL, err, sizeof(err));
	if (!f->tpm)
		fail_msg("%s", err);
	return f;
}

static void fixture_free(struct fixture *f)
{
	tpm_close(f->tpm);
	secret_free(f->key);
	secret_free(f->pin);
	free(f);
}

static uint64_t tpm_value(struct fixture *f)
{
	uint64_t value;
	int defined;
	char err[256];

	assert_int_equal(hotp_counter_read(f->tpm, &value, &defined, err, sizeof(err)), 0);
	assert_true(defined);
	return value;
}

static uint64_t enroll(struct fixture *f)
{
	uint64_t next;
	char err[256];

	if (hotp_enroll(f->tpm, &f->token, f->key, f->pin, &next, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return next;
}

static enum hotp_verdict check(struct fixture *f, uint64_t *counter)
{
	enum hotp_verdict verdict;
	char err[256];

	if (hotp_check(f->tpm, &f->token, f->key, &verdict, counter, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return verdict;
}

static void enroll_then_check(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO);
	uint64_t value, next, counter;
	int defined;
	char err[256];
	enum hotp_verdict verdict;

	/* before enrolment: no counter, and no check */
	assert_int_equal(hotp_counter_read(f->tpm, &value, &defined, err, sizeof(err)), 0);
	assert_false(defined);
	assert_int_equal(hotp_check(f->tpm, &f->token, f->key, &verdict, &counter, err,
				    sizeof(err)), HOTP_ERR_FAIL);
	assert_string_equal(err, "no HOTP counter in the TPM (NV index 0x01300101): enrol the "
			    "token with 'vigil hotp enroll'");
	assert_int_equal(f->model.commands, 0);

	next = enroll(f);
	/* the token waits for the code of the value the TPM will reach next */
	assert_true(next == tpm_value(f) + 1);
	assert_true(f->model.counter == next);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	assert_true(counter == next);
	assert_true(tpm_value(f) == next);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	assert_true(counter == next + 1);
	assert_int_equal(f->model.green, 2);
	fixture_free(f);
}

/* A rejected or lost code is spent all the same: the next check uses a new one. */
static void spent_before_sent(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO);
	struct secret *right = f->key;
	uint64_t next, counter;
	enum hotp_verdict verdict;
	char err[256];

	next = enroll(f);
	/* firmware with another key (the TPM would not release the real one) */
	f->key = secret_from("firmware was changed", 20);
	assert_int_equal(check(f, &counter), HOTP_CODE_INVALID);
	assert_true(counter == next);
	assert_int_equal(f->model.red, 1);
	secret_free(f->key);
	f->key = right;
	/* the token never saw a valid code for next, yet vigil does not send it again */
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	assert_true(counter == next + 1);

	/* the answer to the code lost on the way back: spent too */
	f->model.corrupt_answers = 1000;
	f->model.corrupt_command = 0x18;
	assert_int_equal(hotp_check(f->tpm, &f->token, f->key, &verdict, &counter, err,
				    sizeof(err)), HOTP_ERR_FAIL);
	assert_true(tpm_value(f) == next + 2);
	f->model.corrupt_answers = 0;
	/* the token did accept next + 2, so next + 3 is its first in line */
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	assert_true(counter == next + 3);
	fixture_free(f);
}

/* No token, a silent token or an empty token: no counter value is spent. */
static void nothing_spent_without_a_token(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO);
	uint64_t before, counter;
	enum hotp_verdict verdict;
	char err[256];

	enroll(f);
	before = tpm_value(f);
	f->model.unplugged = true;
	assert_int_equal(hotp_check(f->tpm, &f->token, f->key, &verdict, &counter, err,
				    sizeof(err)), HOTP_ERR_FAIL);
	assert_string_equal(err, "model: the token was unplugged");
	assert_true(tpm_value(f) == before);

	/* another, empty token */
	hotp_model_init(&f->model, HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	assert_int_equal(check(f, &counter), HOTP_CODE_NOT_ENROLLED);
	assert_true(tpm_value(f) == before);
	fixture_free(f);
}

/* Checks that never reached the token: 9 are absorbed by its window, 10 are not. */
static void drift_and_reenrol(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO);
	uint64_t counter, value;
	char err[256];
	int i;

	enroll(f);
	for (i = 0; i < 9; i++)
		assert_int_equal(tpm_counter_increment(f->tpm, HOTP_COUNTER_NV_INDEX, &value, err,
						       sizeof(err)), 0);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	for (i = 0; i < 10; i++)
		assert_int_equal(tpm_counter_increment(f->tpm, HOTP_COUNTER_NV_INDEX, &value, err,
						       sizeof(err)), 0);
	assert_int_equal(check(f, &counter), HOTP_CODE_INVALID);
	/* the owner trusts the machine and enrols again: both ends agree once more */
	enroll(f);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	fixture_free(f);
}

static void nitrokey3_with_tpm(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3);
	uint64_t next, counter;

	next = enroll(f);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	assert_true(counter == next);
	assert_int_equal(check(f, &counter), HOTP_CODE_VALID);
	fixture_free(f);
}

/* The menu's backend without a key or a token says why and marks the state unknown. */
static void menu_backend_without_token(void **state)
{
	char status[160] = "", err[256];

	assert_int_equal(hotp_menu_check(NULL, status, sizeof(status), err, sizeof(err)),
			 TPM_ERR_FAIL);
	assert_string_equal(err, "no HOTP secret: the TPM did not release the TOTP secret");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(enroll_then_check, swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(spent_before_sent, swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(nothing_spent_without_a_token,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(drift_and_reenrol, swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(nitrokey3_with_tpm, swtpm_setup, swtpm_teardown),
		cmocka_unit_test(menu_backend_without_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
