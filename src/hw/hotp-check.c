/* hotp-check.c - the TPM-counted HOTP check and enrolment (see hotp-check.h for why the TPM). */
#include <stdio.h>
#include <string.h>

#include "crypto/otp.h"
#include "hw/hotp-check.h"
#include "hw/tpm-counter.h"
#include "hw/tpm-esys.h"
#include "i18n.h"

/* 1 when the counter's NV index exists, 0 when not, < 0 on error. */
static int counter_defined(struct tpm *tpm, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR tr;
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(esys, HOTP_COUNTER_NV_INDEX, ESYS_TR_NONE, ESYS_TR_NONE,
				   ESYS_TR_NONE, &tr);
	if (rc == TSS2_RC_SUCCESS) {
		Esys_TR_Close(esys, &tr);
		return 1;
	}
	if (tpm_rc_base(rc) == TPM2_RC_HANDLE)
		return 0;
	return tpm_fail(rc, "looking up the HOTP counter", err, errlen);
}

int hotp_counter_read(struct tpm *tpm, uint64_t *value, int *defined, char *err,
		      size_t errlen)
{
	int ret = counter_defined(tpm, err, errlen);

	*value = 0;
	if (ret < 0)
		return HOTP_ERR_FAIL;
	*defined = ret;
	if (ret == 0)
		return 0;
	return tpm_counter_read(tpm, HOTP_COUNTER_NV_INDEX, value, err, errlen) < 0 ?
	       HOTP_ERR_FAIL : 0;
}

int hotp_enroll(struct tpm *tpm, struct hotp_token *token, const struct secret *key,
		const struct secret *admin_pin, uint64_t *next, char *err, size_t errlen)
{
	uint64_t value;
	uint32_t index;
	int created;

	/* Enrolment starts the token's counter anew: an older owner-written one is replaced. */
	if (tpm_counter_define_as(tpm, HOTP_COUNTER_NV_INDEX, TPM_COUNTER_ANYONE_WRITES, 1,
				  &index, &created, err, errlen) < 0 ||
	    tpm_counter_read(tpm, HOTP_COUNTER_NV_INDEX, &value, err, errlen) < 0)
		return HOTP_ERR_FAIL;
	if (value == UINT64_MAX) {
		snprintf(err, errlen, "the HOTP counter in NV index 0x%08x has reached its end",
			 HOTP_COUNTER_NV_INDEX);
		return HOTP_ERR_FAIL;
	}
	*next = value + 1;
	return hotp_token_enroll(token, key, admin_pin, *next, err, errlen);
}

int hotp_check(struct tpm *tpm, struct hotp_token *token, const struct secret *key,
	       enum hotp_verdict *verdict, uint64_t *counter, char *err, size_t errlen)
{
	struct hotp_token_status st;
	char code[OTP_CODE_MAX];
	int ret;

	ret = counter_defined(tpm, err, errlen);
	if (ret < 0)
		return HOTP_ERR_FAIL;
	if (ret == 0) {
		snprintf(err, errlen, _("no HOTP counter in the TPM (NV index 0x%08x): enrol the "
					"token with 'vigil hotp enroll'"), HOTP_COUNTER_NV_INDEX);
		return HOTP_ERR_FAIL;
	}
	/* Spend nothing on a token that does not answer or has no secret. */
	if (hotp_token_status(token, &st, err, errlen) < 0)
		return HOTP_ERR_FAIL;
	if (st.enrolled == 0) {
		*verdict = HOTP_CODE_NOT_ENROLLED;
		return 0;
	}
	/* The counter goes up first: should anything below fail, this code is never made again. */
	if (tpm_counter_increment(tpm, HOTP_COUNTER_NV_INDEX, counter, err, errlen) < 0)
		return HOTP_ERR_FAIL;
	if (otp_hotp(key, *counter, OTP_DIGITS, code, err, errlen) < 0)
		return HOTP_ERR_FAIL;
	ret = hotp_token_verify(token, code, verdict, err, errlen);
	explicit_bzero(code, sizeof(code));
	return ret;
}

int hotp_menu_check(void *ctx, char *status, size_t statuslen, char *err, size_t errlen)
{
	const struct secret *key = ctx;
	enum hotp_verdict verdict;
	struct hotp_token token;
	struct tpm *tpm;
	uint64_t counter;
	int ret;

	if (!key) {
		snprintf(err, errlen, _("no HOTP secret: the TPM did not release the TOTP secret"));
		return TPM_ERR_FAIL;
	}
	ret = hotp_token_open(&token, NULL, NULL, err, errlen);
	if (ret == HOTP_ERR_NO_TOKEN) {
		snprintf(err, errlen, _("no HOTP token plugged in"));
		return TPM_ERR_FAIL;
	}
	if (ret < 0)
		return TPM_ERR_FAIL;
	tpm = tpm_open(NULL, err, errlen);
	if (!tpm) {
		hotp_token_close(&token);
		return TPM_ERR_FAIL;
	}
	ret = hotp_check(tpm, &token, key, &verdict, &counter, err, errlen);
	tpm_close(tpm);
	if (ret < 0) {
		hotp_token_close(&token);
		return TPM_ERR_FAIL;
	}
	switch (verdict) {
	case HOTP_CODE_VALID:
		snprintf(status, statuslen, _("the %s accepted the code for counter %llu (it "
					      "blinks green)"), hotp_token_name(token.kind),
			 (unsigned long long)counter);
		ret = 0;
		break;
	case HOTP_CODE_INVALID:
		/* The interface's word for "the measurements do not match". */
		snprintf(err, errlen, _("the %s REJECTED the code for counter %llu (it blinks "
					"red): the firmware, the TPM or the token changed, or the "
					"counters drifted apart"), hotp_token_name(token.kind),
			 (unsigned long long)counter);
		ret = TPM_ERR_PCR_MISMATCH;
		break;
	case HOTP_CODE_NOT_ENROLLED:
		snprintf(err, errlen, _("the %s holds no HOTP secret: enrol it with "
					"'vigil hotp enroll'"), hotp_token_name(token.kind));
		ret = TPM_ERR_FAIL;
		break;
	}
	hotp_token_close(&token);
	return ret;
}
