/* test-tpm-flush.c - before kexec every transient object and session goes, on swtpm (no resource manager). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-flush.h"
#include "swtpm-fixture.h"

/* tss2's TPM2_TRANSIENT_FIRST shifts 0x80 into an int's sign bit (UBSan says so). */
#define TRANSIENT_FIRST ((TPM2_HANDLE)0x80000000u)

/* How many handles of first's kind the TPM holds now. */
static uint32_t loaded(TPM2_HANDLE first)
{
	struct tpm *tpm = swtpm_open_tpm();
	TPMS_CAPABILITY_DATA *data = NULL;
	TPMI_YES_NO more;
	uint32_t n = 0, i;

	assert_int_equal(Esys_GetCapability(tpm_esys(tpm), ESYS_TR_NONE, ESYS_TR_NONE,
					    ESYS_TR_NONE, TPM2_CAP_HANDLES, first,
					    TPM2_MAX_CAP_HANDLES, &more, &data), 0);
	/* Asked for sessions, the TPM lists HMAC (0x02...) and policy (0x03...) ones alike. */
	for (i = 0; i < data->data.handles.count; i++)
		if ((data->data.handles.handle[i] >> TPM2_HR_SHIFT) == (first >> TPM2_HR_SHIFT) ||
		    (first >> TPM2_HR_SHIFT) == TPM2_HT_LOADED_SESSION)
			n++;
	Esys_Free(data);
	tpm_close(tpm);
	return n;
}

/* Leave two primary keys and a policy session loaded, as a crashed program would. */
static void leave_things_loaded(void)
{
	TPM2B_SENSITIVE_CREATE no_auth = { 0 };
	TPM2B_DATA none = { 0 };
	TPML_PCR_SELECTION no_pcrs = { 0 };
	TPMT_SYM_DEF no_sym = { .algorithm = TPM2_ALG_NULL };
	TPM2B_PUBLIC tmpl = {
		.publicArea = {
			.type = TPM2_ALG_KEYEDHASH,
			.nameAlg = TPM2_ALG_SHA256,
			.objectAttributes = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_SIGN_ENCRYPT |
				TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
				TPMA_OBJECT_SENSITIVEDATAORIGIN,
			.parameters.keyedHashDetail.scheme = {
				.scheme = TPM2_ALG_HMAC,
				.details.hmac.hashAlg = TPM2_ALG_SHA256,
			},
		},
	};
	struct tpm *tpm = swtpm_open_tpm();
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR a, b, session;

	assert_int_equal(Esys_CreatePrimary(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					    ESYS_TR_NONE, &no_auth, &tmpl, &none, &no_pcrs, &a,
					    NULL, NULL, NULL, NULL), 0);
	tmpl.publicArea.unique.keyedHash.size = 1;	/* another key */
	assert_int_equal(Esys_CreatePrimary(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					    ESYS_TR_NONE, &no_auth, &tmpl, &none, &no_pcrs, &b,
					    NULL, NULL, NULL, NULL), 0);
	assert_int_equal(Esys_StartAuthSession(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					       ESYS_TR_NONE, ESYS_TR_NONE, NULL, TPM2_SE_POLICY,
					       &no_sym, TPM2_ALG_SHA256, &session), 0);
	/* Closing the connection flushes nothing: the simulator has no resource manager. */
	tpm_close(tpm);
}

static void everything_loaded_is_flushed(void **state)
{
	unsigned flushed = 0;
	char err[256];

	(void)state;
	leave_things_loaded();
	assert_int_equal(loaded(TRANSIENT_FIRST), 2);
	assert_int_equal(loaded(TPM2_LOADED_SESSION_FIRST), 1);
	if (tpm_flush_transients(NULL, &flushed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(flushed, 3);
	assert_int_equal(loaded(TRANSIENT_FIRST), 0);
	assert_int_equal(loaded(TPM2_LOADED_SESSION_FIRST), 0);
	/* An empty TPM is fine too. */
	assert_int_equal(tpm_flush_transients(NULL, &flushed, err, sizeof(err)), 0);
	assert_int_equal(flushed, 0);
}

static void unreachable_tpm_is_an_error(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(tpm_flush_transients("device:/nonexistent/tpm0", NULL, err,
					      sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/tpm0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(everything_loaded_is_flushed, swtpm_setup,
						swtpm_teardown),
		cmocka_unit_test(unreachable_tpm_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
