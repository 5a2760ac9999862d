/* totp-reseal.c - seal a new TOTP secret from the menu and prepare its one-time enrolment. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/otp-qr.h"
#include "crypto/otp.h"
#include "crypto/totp-tpm.h"
#include "hw/tpm.h"
#include "ui/totp-reseal.h"

/* "ABCD EFGH ..." from base32 text, for typing into a phone by hand. */
static struct secret *grouped_base32(const struct secret *key)
{
	struct secret *b32 = otp_base32_encode(key), *out;
	size_t i, n = 0;

	out = secret_new(b32->len + b32->len / 4 + 1);
	for (i = 0; i < b32->len; i++) {
		if (i && i % 4 == 0)
			out->data[n++] = ' ';
		out->data[n++] = b32->data[i];
	}
	out->len = n;
	secret_free(b32);
	return out;
}

int ui_totp_reseal(struct ui_session *s, bool ansi, struct ui_enrolment *e,
		   char *err, size_t errlen)
{
	struct secret *key = NULL;
	struct tpm *tpm;
	uint32_t mask;
	int ret;

	memset(e, 0, sizeof(*e));
	if (tpm_pcr_mask_parse(TOTP_PCRS_DEFAULT, &mask, err, errlen) < 0)
		return -1;
	tpm = tpm_open(NULL, err, errlen);
	if (!tpm)
		return -1;
	/* store NULL: the NV index the menu's header reads (totp_tpm_menu_code). */
	ret = totp_tpm_seal(tpm, NULL, mask, NULL, &key, err, errlen);
	tpm_close(tpm);
	if (ret < 0)
		return -1;
	tpm_pcr_mask_format(mask, e->pcrs, sizeof(e->pcrs));
	e->uri = otp_uri(TOTP_LABEL_DEFAULT, key);
	e->grouped = grouped_base32(key);
	e->qr = otp_qr_text((const char *)e->uri->data, ansi, &e->qr_modules, e->qr_err,
			    sizeof(e->qr_err));
	secret_free(key);
	integrity_ask_totp(&s->integrity, &s->otp, time(NULL));
	return 0;
}

void ui_enrolment_wipe(struct ui_enrolment *e)
{
	secret_free(e->qr);
	secret_free(e->grouped);
	secret_free(e->uri);
	memset(e, 0, sizeof(*e));
}
