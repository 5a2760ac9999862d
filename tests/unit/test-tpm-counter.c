/* test-tpm-counter.c - NV counters define, increment, read and stay monotonic on a real (software) TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hw/tpm-counter.h"
#include "hw/tpm-esys.h"
#include "swtpm-fixture.h"

static void define_increment_read(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	uint32_t index, second;
	uint64_t first_value, value;
	int created, i;
	char err[256];

	assert_int_equal(tpm_counter_define(tpm, 0, &index, &created, err, sizeof(err)), 0);
	assert_int_equal(index, TPM_COUNTER_FIRST_INDEX);
	assert_true(created);
	assert_int_equal(tpm_counter_read(tpm, index, &first_value, err, sizeof(err)), 0);
	for (i = 1; i <= 3; i++) {
		assert_int_equal(tpm_counter_increment(tpm, index, &value, err, sizeof(err)), 0);
		assert_true(value == first_value + (uint64_t)i);
	}
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), 0);
	assert_true(value == first_value + 3);

	/* Defining it again keeps it; the next generated index is the one after. */
	assert_int_equal(tpm_counter_define(tpm, index, &second, &created, err, sizeof(err)), 0);
	assert_int_equal(second, index);
	assert_false(created);
	assert_int_equal(tpm_counter_define(tpm, 0, &second, &created, err, sizeof(err)), 0);
	assert_int_equal(second, TPM_COUNTER_FIRST_INDEX + 1);
	assert_true(created);
	assert_int_equal(tpm_counter_read(tpm, index, &value, err, sizeof(err)), 0);
	assert_true(value == first_value + 3);
	tpm_close(tpm);
}

static void redefined_counter_does_not_go_back(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	uint32_t index;
	uint64_t before, after;
	ESYS_TR tr;
	int created, i;
	char err[256];

	assert_int_equal(tpm_counter_define(tpm, 0x01300042, &index, &created, err,
					    sizeof(err)), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(tpm_counter_increment(tpm, index, &before, err, sizeof(err)), 0);
	/* The owner may delete and recreate it: a TPM restarts it at its highest value. */
	assert_int_equal(Esys_TR_FromTPMPublic(esys, index, ESYS_TR_NONE, ESYS_TR_NONE,
					       ESYS_TR_NONE, &tr), 0);
	assert_int_equal(Esys_NV_UndefineSpace(esys, ESYS_TR_RH_OWNER, tr, ESYS_TR_PASSWORD,
					       ESYS_TR_NONE, ESYS_TR_NONE), 0);
	assert_int_equal(tpm_counter_read(tpm, index, &after, err, sizeof(err)), -1);
	assert_string_equal(err, "NV counter 0x01300042 is not defined");
	assert_int_equal(tpm_counter_define(tpm, index, &index, &created, err, sizeof(err)), 0);
	assert_true(created);
	assert_int_equal(tpm_counter_read(tpm, index, &after, err, sizeof(err)), 0);
	assert_true(after >= before);
	tpm_close(tpm);
}

static void define_ordinary_index(ESYS_CONTEXT *esys, uint32_t index, TPMA_NV attrs)
{
	TPM2B_NV_PUBLIC pub = { 0 };
	TPM2B_AUTH no_auth = { 0 };
	ESYS_TR tr;

	pub.nvPublic.nvIndex = index;
	pub.nvPublic.nameAlg = TPM2_ALG_SHA256;
	pub.nvPublic.attributes = attrs;
	pub.nvPublic.dataSize = 8;
	assert_int_equal(Esys_NV_DefineSpace(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD,
					     ESYS_TR_NONE, ESYS_TR_NONE, &no_auth, &pub, &tr), 0);
	Esys_TR_Close(esys, &tr);
}

static void foreign_index_is_refused(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	uint32_t index;
	uint64_t value;
	int created;
	char err[256];

	/* An ordinary index could be rewritten with a lower value: never a rollback counter. */
	define_ordinary_index(esys, 0x01300007, TPMA_NV_OWNERWRITE | TPMA_NV_AUTHWRITE |
			      TPMA_NV_AUTHREAD);
	assert_int_equal(tpm_counter_define(tpm, 0x01300007, &index, &created, err,
					    sizeof(err)), -1);
	assert_string_equal(err, "NV index 0x01300007 is an ordinary index, not a counter");
	assert_int_equal(tpm_counter_read(tpm, 0x01300007, &value, err, sizeof(err)), -1);
	assert_string_equal(err, "NV index 0x01300007 is an ordinary index, not a counter");
	assert_int_equal(tpm_counter_increment(tpm, 0x01300007, &value, err, sizeof(err)), -1);

	define_ordinary_index(esys, 0x01300008, (TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT) |
			      TPMA_NV_AUTHWRITE | TPMA_NV_AUTHREAD);
	assert_int_equal(tpm_counter_define(tpm, 0x01300008, &index, &created, err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "NV index 0x01300008 is a counter but with attributes "));

	assert_int_equal(tpm_counter_define(tpm, 0x81000001, &index, &created, err,
					    sizeof(err)), -1);
	assert_string_equal(err, "0x81000001 is not an NV index handle (0x01xxxxxx)");
	tpm_close(tpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(define_increment_read, swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(redefined_counter_does_not_go_back,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(foreign_index_is_refused,
						swtpm_setup, swtpm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
