/* test-ui-integrity.c - integrity states become the right words (for monochrome) and colours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hw/tpm.h"
#include "ui/integrity.h"
#include "ui/theme.h"

#define PCR2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void present(struct ui_integrity *in)
{
	memset(in, 0, sizeof(*in));
	in->tpm = UI_TPM_PRESENT;
	in->have_pcr2 = true;
	strcpy(in->pcr2_hex, PCR2);
	in->totp_period = 30;
}

static void unsealed_totp_verifies_firmware(void **state)
{
	struct ui_integrity in;
	char line[256];

	present(&in);
	integrity_set_totp(&in, 0, "123456", NULL);
	assert_int_equal(integrity_firmware_state(&in), INTEGRITY_VERIFIED);
	assert_int_equal(integrity_line(&in, INTEGRITY_TOTP, 1000000010, 64, line, sizeof(line)),
			 INTEGRITY_VERIFIED);
	/* 1000000010 % 30 == 20: 10 s left. */
	assert_non_null(strstr(line, "[verified] 123456 (10 s left)"));
	assert_int_equal(integrity_line(&in, INTEGRITY_FIRMWARE, 0, 64, line, sizeof(line)),
			 INTEGRITY_VERIFIED);
	assert_non_null(strstr(line, "[verified] PCR 2 " PCR2 ", as sealed"));
}

static void pcr_mismatch_is_tampered(void **state)
{
	struct ui_integrity in;
	char line[256];

	present(&in);
	integrity_set_totp(&in, TPM_ERR_PCR_MISMATCH, NULL, "PCR 2 differs");
	assert_int_equal(integrity_overall(&in), INTEGRITY_TAMPERED);
	assert_int_equal(integrity_line(&in, INTEGRITY_FIRMWARE, 0, 16, line, sizeof(line)),
			 INTEGRITY_TAMPERED);
	assert_non_null(strstr(line, "[TAMPERED] PCR 2 0123456789abcdef... changed since sealing"));
	assert_int_equal(theme_role_for_state(INTEGRITY_TAMPERED), ROLE_TAMPERED);
	integrity_line(&in, INTEGRITY_TOTP, 0, 16, line, sizeof(line));
	assert_non_null(strstr(line, "[TAMPERED] PCR 2 differs"));
}

static void no_totp_backend_is_unknown_with_reason(void **state)
{
	struct ui_integrity in;
	char line[256];

	present(&in);
	strcpy(in.totp_reason, "not available yet");
	assert_int_equal(integrity_overall(&in), INTEGRITY_UNKNOWN);
	assert_int_equal(integrity_line(&in, INTEGRITY_FIRMWARE, 0, 16, line, sizeof(line)),
			 INTEGRITY_UNKNOWN);
	assert_string_equal(line, "Firmware  [unknown] TPM present, PCR 2 0123456789abcdef...");
	integrity_line(&in, INTEGRITY_TOTP, 0, 16, line, sizeof(line));
	assert_string_equal(line, "TOTP      [unknown] not available yet");
}

static void absent_tpm_and_lockout_are_spelled_out(void **state)
{
	struct ui_integrity in;
	char line[256];

	memset(&in, 0, sizeof(in));
	strcpy(in.tpm_reason, "no /dev/tpmrm0");
	assert_int_equal(integrity_line(&in, INTEGRITY_FIRMWARE, 0, 16, line, sizeof(line)),
			 INTEGRITY_UNKNOWN);
	assert_string_equal(line, "Firmware  [unknown] TPM not available (no /dev/tpmrm0)");
	present(&in);
	integrity_set_totp(&in, TPM_ERR_LOCKOUT, NULL, "lockout");
	assert_int_equal(in.tpm, UI_TPM_LOCKOUT);
	integrity_line(&in, INTEGRITY_FIRMWARE, 0, 16, line, sizeof(line));
	assert_non_null(strstr(line, "[unknown] TPM in dictionary-attack lockout (lockout)"));
}

static void hotp_states(void **state)
{
	struct ui_integrity in;
	char line[256];

	present(&in);
	integrity_set_totp(&in, 0, "000001", NULL);
	integrity_set_hotp(&in, 0, "token agreed", NULL);
	assert_int_equal(integrity_overall(&in), INTEGRITY_VERIFIED);
	assert_int_equal(integrity_line(&in, INTEGRITY_HOTP, 0, 16, line, sizeof(line)),
			 INTEGRITY_VERIFIED);
	assert_string_equal(line, "HOTP      [verified] token agreed");
	integrity_set_hotp(&in, TPM_ERR_PCR_MISMATCH, NULL, "token blinked red");
	assert_int_equal(integrity_overall(&in), INTEGRITY_TAMPERED);
}

static int fake_totp(void *ctx, time_t now, char *code, size_t len, char *err, size_t errlen)
{
	int *calls = ctx;

	(*calls)++;
	snprintf(code, len, "%06ld", (long)(now / 30) % 1000000);
	return 0;
}

static void totp_refreshes_once_per_period(void **state)
{
	int calls = 0;
	struct ui_otp_backend otp = { .totp = fake_totp, .ctx = &calls, .totp_period = 30 };
	struct ui_integrity in;
	time_t last = 60;

	present(&in);
	integrity_set_totp(&in, 0, "000002", NULL);
	assert_false(integrity_refresh_totp(&in, &otp, 89, &last));
	assert_true(integrity_refresh_totp(&in, &otp, 90, &last));
	assert_string_equal(in.totp_code, "000003");
	assert_false(integrity_refresh_totp(&in, &otp, 100, &last));
	assert_int_equal(calls, 1);
	assert_int_equal(integrity_totp_seconds_left(&in, 90), 30);
	assert_int_equal(integrity_totp_seconds_left(&in, 119), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unsealed_totp_verifies_firmware),
		cmocka_unit_test(pcr_mismatch_is_tampered),
		cmocka_unit_test(no_totp_backend_is_unknown_with_reason),
		cmocka_unit_test(absent_tpm_and_lockout_are_spelled_out),
		cmocka_unit_test(hotp_states),
		cmocka_unit_test(totp_refreshes_once_per_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
