/* totp-reseal.c - seal a new TOTP secret from the menu and prepare its one-time enrolment. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/otp-qr.h"
#include "crypto/otp.h"
#include "crypto/totp-tpm.h"
#include "hw/flash-predict.h"
#include "hw/tpm.h"
#include "i18n.h"
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

/* Seal a new secret (for the firmware in the flash when future is not NULL) and fill e. */
static int reseal(struct ui_session *s, bool ansi, struct ui_enrolment *e,
		  const struct totp_future *future, char *err, size_t errlen)
{
	/* file NULL: the NV index the menu's header reads (totp_tpm_menu_code). */
	struct totp_store store = { .future = future };
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
	ret = totp_tpm_seal(tpm, &store, mask, NULL, &key, err, errlen);
	tpm_close(tpm);
	if (ret < 0)
		return -1;
	tpm_pcr_mask_format(mask, e->pcrs, sizeof(e->pcrs));
	e->uri = otp_uri(TOTP_LABEL_DEFAULT, key);
	e->grouped = grouped_base32(key);
	e->qr = otp_qr_text((const char *)e->uri->data, ansi, &e->qr_modules, e->qr_err,
			    sizeof(e->qr_err));
	secret_free(key);
	if (!future) {
		integrity_ask_totp(&s->integrity, &s->otp, time(NULL));
		return 0;
	}
	/* Not for the running firmware: no code until the next power-on, and why. */
	s->integrity.totp = INTEGRITY_UNKNOWN;
	s->integrity.totp_code[0] = '\0';
	snprintf(s->integrity.totp_reason, sizeof(s->integrity.totp_reason),
		 _("sealed for the firmware in the flash: the code shows from the next power-on"));
	return 0;
}

int ui_totp_reseal(struct ui_session *s, bool ansi, struct ui_enrolment *e,
		   char *err, size_t errlen)
{
	return reseal(s, ansi, e, NULL, err, errlen);
}

int ui_totp_reseal_predicted(struct ui_session *s, bool ansi, const struct flash_prediction *next,
			     struct ui_enrolment *e, char *err, size_t errlen)
{
	struct totp_future future = { .mask = (1u << 2) | (1u << 7) };

	memcpy(future.pcrs[2], next->pcr2, SHA256_LEN);
	memcpy(future.pcrs[7], next->pcr7, SHA256_LEN);
	return reseal(s, ansi, e, &future, err, errlen);
}

int ui_totp_reseal_for_flash(struct ui_session *s, bool ansi, struct ui_enrolment *e,
			     char *err, size_t errlen)
{
	struct flash_prediction next;
	struct flash flash;

	memset(e, 0, sizeof(*e));
	if (flash_open(&flash, s->cfg.flash, err, errlen) < 0 ||
	    flash_predict(&flash, &next, err, errlen) < 0)
		return -1;
	return ui_totp_reseal_predicted(s, ansi, &next, e, err, errlen);
}

void ui_enrolment_wipe(struct ui_enrolment *e)
{
	secret_free(e->qr);
	secret_free(e->grouped);
	secret_free(e->uri);
	memset(e, 0, sizeof(*e));
}
