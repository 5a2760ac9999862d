/*
 * test-tpm-owner-prompt.c - after 'take ownership' on swtpm: the owner
 * passphrase is asked for exactly where an operation needs it, and what runs
 * at every boot (unsealing, the HOTP counter) does not need it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hw/tpm-counter.h"
#include "hw/tpm-esys.h"
#include "hw/tpm-nvblob.h"
#include "hw/tpm-seal.h"
#include "hw/tpm-status.h"
#include "swtpm-fixture.h"

#define RECORD_INDEX 0x01310000u
#define OWNER_PASS "owner pass"

/* The prompt the tests give the TPM module: counts calls, answers with answer. */
struct prompt {
	int calls;
	const char *answer;	/* NULL: the user cancels */
	char what[128];
};

static struct secret *test_prompt(void *ctx, const char *what, char *why, size_t whylen)
{
	struct prompt *p = ctx;

	p->calls++;
	snprintf(p->what, sizeof(p->what), "%s", what);
	if (!p->answer) {
		snprintf(why, whylen, "cancelled at the console");
		return NULL;
	}
	return secret_from(p->answer, strlen(p->answer));
}

static void take_ownership(void)
{
	struct secret *pass = secret_from(OWNER_PASS, strlen(OWNER_PASS));
	struct tpm *tpm = swtpm_open_tpm();
	char err[256];

	if (tpm_take_ownership(tpm, pass, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	tpm_close(tpm);
	secret_free(pass);
}

static int teardown(void **state)
{
	tpm_set_owner_prompt(NULL, NULL);
	return swtpm_teardown(state);
}

static void prompt_is_asked_once_and_only_when_needed(void **state)
{
	struct prompt p = { .answer = OWNER_PASS };
	struct tpm *tpm;
	uint32_t index;
	uint64_t value;
	char err[256];
	int created;

	(void)state;
	tpm_set_owner_prompt(test_prompt, &p);
	/* No owner passphrase yet: nothing to ask. */
	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	tpm_close(tpm);
	assert_int_equal(p.calls, 0);

	take_ownership();
	tpm = swtpm_open_tpm();
	/* Reading is free; the first owner operation asks, the next ones reuse it. */
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), 0);
	assert_int_equal(p.calls, 0);
	assert_int_equal(tpm_counter_increment(tpm, index, &value, err, sizeof(err)), 0);
	assert_int_equal(p.calls, 1);
	assert_non_null(strstr(p.what, "incrementing NV counter"));
	assert_int_equal(tpm_nvblob_write(tpm, RECORD_INDEX, (const uint8_t *)"abc", 3,
					  err, sizeof(err)), 0);
	assert_int_equal(p.calls, 1);
	tpm_close(tpm);
}

static void wrong_or_cancelled_passphrase_changes_nothing(void **state)
{
	struct prompt p = { .answer = "not it" };
	struct tpm *tpm;
	uint32_t index;
	uint64_t value, before;
	char err[256];
	int created;

	(void)state;
	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	assert_int_equal(tpm_counter_read(tpm, index, &before, err, sizeof(err)), 0);
	tpm_close(tpm);
	take_ownership();
	tpm_set_owner_prompt(test_prompt, &p);

	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_counter_increment(tpm, index, &value, err, sizeof(err)),
			 TPM_ERR_AUTH);
	tpm_close(tpm);
	p.answer = NULL;
	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_counter_increment(tpm, index, &value, err, sizeof(err)),
			 TPM_ERR_AUTH);
	assert_non_null(strstr(err, "needs the TPM owner passphrase: cancelled at the console"));
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), 0);
	assert_int_equal(value, before);
	tpm_close(tpm);
	assert_int_equal(p.calls, 2);
}

static void seal_seed(struct tpm *tpm, const struct secret *data, struct tpm_sealed *sealed)
{
	char err[256];

	if (tpm_seal(tpm, data, 1u << 7, NULL, NULL, sealed, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

/* A new context unseals sealed to "seed", with nobody to ask for anything. */
static void expect_seed_unseals(const struct tpm_sealed *sealed)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *out = NULL;
	char err[256];

	if (tpm_unseal(tpm, sealed, NULL, &out, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_memory_equal(out->data, "seed", 4);
	secret_free(out);
	tpm_close(tpm);
}

/* Remove the key at vigil's storage root key handle, if any (as an older vigil left things). */
static void remove_persistent_key(struct tpm *tpm)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR old, none;

	if (Esys_TR_FromTPMPublic(esys, TPM_SRK_HANDLE, ESYS_TR_NONE, ESYS_TR_NONE,
				  ESYS_TR_NONE, &old) != TSS2_RC_SUCCESS)
		return;
	assert_int_equal(Esys_EvictControl(esys, ESYS_TR_RH_OWNER, old, ESYS_TR_PASSWORD,
					   ESYS_TR_NONE, ESYS_TR_NONE, TPM_SRK_HANDLE, &none), 0);
	/* ESAPI keeps the evicted object's handle open: a later lookup would fail. */
	Esys_TR_Close(esys, &old);
}

/* What was sealed before ownership was taken still unseals after, with nobody to ask. */
static void sealed_before_ownership_unseals_after(void **state)
{
	struct secret *data = secret_from("seed", 4);
	struct tpm_sealed sealed;
	struct tpm *tpm;

	(void)state;
	tpm = swtpm_open_tpm();
	seal_seed(tpm, data, &sealed);
	tpm_close(tpm);
	take_ownership();
	expect_seed_unseals(&sealed);
	secret_free(data);
}

/* Put a primary key of another template at vigil's storage root key handle. */
static void plant_foreign_key(struct tpm *tpm)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	TPM2B_DATA none = { 0 };
	TPML_PCR_SELECTION no_pcrs = { 0 };
	TPM2B_PUBLIC tmpl = {
		.publicArea = {
			.type = TPM2_ALG_ECC,
			.nameAlg = TPM2_ALG_SHA256,
			.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
				TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
				TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT,
			.parameters.eccDetail = {
				.symmetric = { .algorithm = TPM2_ALG_AES, .keyBits.aes = 128,
					       .mode.aes = TPM2_ALG_CFB },
				.scheme.scheme = TPM2_ALG_NULL,
				.curveID = TPM2_ECC_NIST_P256,
				.kdf.scheme = TPM2_ALG_NULL,
			},
			.unique.ecc = { .x = { .size = 4, .buffer = "evil" } },
		},
	};
	ESYS_TR key, kept;

	assert_int_equal(Esys_CreatePrimary(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
					    ESYS_TR_NONE, ESYS_TR_NONE, &no_auth, &tmpl, &none,
					    &no_pcrs, &key, NULL, NULL, NULL, NULL), 0);
	remove_persistent_key(tpm);
	assert_int_equal(Esys_EvictControl(esys, ESYS_TR_RH_OWNER, key, ESYS_TR_PASSWORD,
					   ESYS_TR_NONE, ESYS_TR_NONE, TPM_SRK_HANDLE, &kept), 0);
	Esys_TR_Close(esys, &kept);
	Esys_FlushContext(esys, key);
}

/* A key someone else put at the handle opens nothing, and sealing anew replaces it. */
static void foreign_key_at_the_handle_fails_closed(void **state)
{
	struct secret *data = secret_from("seed", 4), *out = NULL;
	struct tpm_sealed sealed;
	struct tpm *tpm;
	char err[256];

	(void)state;
	tpm = swtpm_open_tpm();
	seal_seed(tpm, data, &sealed);
	plant_foreign_key(tpm);
	assert_true(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "the sealed object was made by another TPM"));
	assert_null(out);
	/* Sealing never uses the planted key: it makes its own and puts it back. */
	seal_seed(tpm, data, &sealed);
	tpm_close(tpm);
	expect_seed_unseals(&sealed);
	secret_free(data);
}

/*
 * Taking ownership persists the key, so blobs sealed without it still open;
 * without it, unsealing (at boot) never asks and says to seal again.
 */
static void unsealing_never_asks(void **state)
{
	struct secret *data = secret_from("seed", 4), *out = NULL;
	struct secret *pass = secret_from(OWNER_PASS, strlen(OWNER_PASS));
	struct prompt p = { .answer = OWNER_PASS };
	struct tpm_sealed sealed;
	struct tpm *tpm;
	char err[256];

	(void)state;
	tpm = swtpm_open_tpm();
	seal_seed(tpm, data, &sealed);
	remove_persistent_key(tpm);
	tpm_close(tpm);
	take_ownership();
	tpm_set_owner_prompt(test_prompt, &p);
	expect_seed_unseals(&sealed);
	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_set_owner_auth(tpm, pass, err, sizeof(err)), 0);
	remove_persistent_key(tpm);
	tpm_close(tpm);

	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_unseal(tpm, &sealed, NULL, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_non_null(strstr(err, "seal the secret again"));
	assert_int_equal(p.calls, 0);
	assert_null(out);
	tpm_close(tpm);
	secret_free(pass);
	secret_free(data);
}

/* The HOTP counter moves at every boot, before anyone could type the owner passphrase. */
static void anyone_writes_counter_moves_without_owner(void **state)
{
	struct prompt p = { .answer = NULL };
	struct tpm *tpm;
	uint32_t index;
	uint64_t value;
	char err[256];
	int created;

	(void)state;
	tpm = swtpm_open_tpm();
	/* An owner-written counter there first (as enrolled by older vigil): replaced. */
	assert_int_equal(tpm_counter_define(tpm, RECORD_INDEX, &index, &created,
					    err, sizeof(err)), 0);
	assert_int_equal(tpm_counter_increment(tpm, index, &value, err, sizeof(err)), 0);
	assert_int_equal(value, 2);
	assert_int_equal(tpm_counter_define_as(tpm, RECORD_INDEX, TPM_COUNTER_ANYONE_WRITES, 0,
					       &index, &created, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only the owner may increment"));
	assert_int_equal(tpm_counter_define_as(tpm, RECORD_INDEX, TPM_COUNTER_ANYONE_WRITES, 1,
					       &index, &created, err, sizeof(err)), 0);
	assert_int_equal(created, 1);
	/* A TPM starts a new counter at the highest count it has had: never back. */
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), 0);
	assert_int_equal(value, 3);
	tpm_close(tpm);

	take_ownership();
	tpm_set_owner_prompt(test_prompt, &p);
	tpm = swtpm_open_tpm();
	if (tpm_counter_increment(tpm, index, &value, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(value, 4);
	assert_int_equal(p.calls, 0);
	/* Defining it again keeps it: same kind, nothing asked. */
	assert_int_equal(tpm_counter_define_as(tpm, RECORD_INDEX, TPM_COUNTER_ANYONE_WRITES, 1,
					       &index, &created, err, sizeof(err)), 0);
	assert_int_equal(created, 0);
	assert_int_equal(p.calls, 0);
	tpm_close(tpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(prompt_is_asked_once_and_only_when_needed,
						swtpm_setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_or_cancelled_passphrase_changes_nothing,
						swtpm_setup, teardown),
		cmocka_unit_test_setup_teardown(sealed_before_ownership_unseals_after,
						swtpm_setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_key_at_the_handle_fails_closed,
						swtpm_setup, teardown),
		cmocka_unit_test_setup_teardown(unsealing_never_asks, swtpm_setup, teardown),
		cmocka_unit_test_setup_teardown(anyone_writes_counter_moves_without_owner,
						swtpm_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
