/* integrity.c - fill the integrity header from the TPM and OTP backends, and word it. */
#include <stdio.h>
#include <string.h>

#include "hw/tpm-status.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/integrity.h"

#define PCR_FIRMWARE 2
#define TOTP_DEFAULT_PERIOD 30

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static void collect_tpm(struct ui_integrity *in)
{
	char err[UI_REASON_MAX];
	unsigned char pcr[SHA256_LEN];
	struct tpm_status status;
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	if (!tpm) {
		in->tpm = UI_TPM_ABSENT;
		copy(in->tpm_reason, sizeof(in->tpm_reason), err);
		return;
	}
	in->tpm = UI_TPM_PRESENT;
	if (tpm_status_read(tpm, &status, err, sizeof(err)) == 0 && status.in_lockout) {
		uint32_t left = tpm_lockout_seconds_left(&status);

		in->tpm = UI_TPM_LOCKOUT;
		/* Short: it goes into the header line; vigil tpm status explains more. */
		if (left == UINT32_MAX)
			snprintf(in->tpm_reason, sizeof(in->tpm_reason),
				 _("until vigil tpm unlock"));
		else
			snprintf(in->tpm_reason, sizeof(in->tpm_reason),
				 _("%u min %02u s left at most"), left / 60, left % 60);
	}
	if (tpm_pcr_read(tpm, PCR_FIRMWARE, pcr, err, sizeof(err)) == 0) {
		hash_hex(pcr, SHA256_LEN, in->pcr2_hex);
		in->have_pcr2 = true;
	} else {
		copy(in->tpm_reason, sizeof(in->tpm_reason), err);
	}
	tpm_close(tpm);
}

void integrity_set_totp(struct ui_integrity *in, int result, const char *code, const char *err)
{
	in->totp_code[0] = '\0';
	if (result == 0) {
		in->totp = INTEGRITY_VERIFIED;
		copy(in->totp_code, sizeof(in->totp_code), code);
		in->totp_reason[0] = '\0';
		return;
	}
	in->totp = result == TPM_ERR_PCR_MISMATCH ? INTEGRITY_TAMPERED : INTEGRITY_UNKNOWN;
	if (result == TPM_ERR_LOCKOUT) {
		in->tpm = UI_TPM_LOCKOUT;
		copy(in->tpm_reason, sizeof(in->tpm_reason), err);
	}
	copy(in->totp_reason, sizeof(in->totp_reason), err);
}

void integrity_set_hotp(struct ui_integrity *in, int result, const char *status, const char *err)
{
	if (result == 0) {
		in->hotp = INTEGRITY_VERIFIED;
		copy(in->hotp_reason, sizeof(in->hotp_reason), status);
	} else {
		in->hotp = result == TPM_ERR_PCR_MISMATCH ? INTEGRITY_TAMPERED : INTEGRITY_UNKNOWN;
		copy(in->hotp_reason, sizeof(in->hotp_reason), err);
	}
}

static void ask_totp(struct ui_integrity *in, const struct ui_otp_backend *otp, time_t now)
{
	char code[UI_OTP_CODE_MAX], err[UI_REASON_MAX] = "";
	int r = otp->totp(otp->ctx, now, code, sizeof(code), err, sizeof(err));

	integrity_set_totp(in, r, code, err);
	in->totp_at = now;
	explicit_bzero(code, sizeof(code));
}

void integrity_collect(struct ui_integrity *in, const struct ui_otp_backend *otp, time_t now)
{
	memset(in, 0, sizeof(*in));
	in->totp_period = otp && otp->totp_period ? otp->totp_period : TOTP_DEFAULT_PERIOD;
	collect_tpm(in);
	if (otp && otp->totp && in->tpm == UI_TPM_PRESENT)
		ask_totp(in, otp, now);
	else if (in->tpm == UI_TPM_LOCKOUT)
		copy(in->totp_reason, sizeof(in->totp_reason), _("the TPM is in lockout"));
	else if (in->tpm != UI_TPM_PRESENT)
		copy(in->totp_reason, sizeof(in->totp_reason), _("needs a TPM"));
	else
		copy(in->totp_reason, sizeof(in->totp_reason),
		     _("not available yet (arrives with the TOTP work)"));
	if (otp && otp->hotp) {
		char status[UI_REASON_MAX] = "", err[UI_REASON_MAX] = "";
		int r = otp->hotp(otp->ctx, status, sizeof(status), err, sizeof(err));

		integrity_set_hotp(in, r, status, err);
	} else {
		copy(in->hotp_reason, sizeof(in->hotp_reason),
		     _("not available yet (arrives with the HOTP token work)"));
	}
}

void integrity_collect_basic(struct ui_integrity *in)
{
	memset(in, 0, sizeof(*in));
	in->totp_period = TOTP_DEFAULT_PERIOD;
	collect_tpm(in);
	in->basic = true;
	copy(in->totp_reason, sizeof(in->totp_reason), _("basic mode: not used"));
	copy(in->hotp_reason, sizeof(in->hotp_reason), _("basic mode: not used"));
}

void integrity_ask_totp(struct ui_integrity *in, const struct ui_otp_backend *otp, time_t now)
{
	if (otp && otp->totp && in->tpm == UI_TPM_PRESENT && !in->basic)
		ask_totp(in, otp, now);
}

bool integrity_refresh_totp(struct ui_integrity *in, const struct ui_otp_backend *otp,
			    time_t now, time_t *last)
{
	time_t period = in->totp_period ? in->totp_period : TOTP_DEFAULT_PERIOD;

	if (!otp || !otp->totp || in->totp != INTEGRITY_VERIFIED)
		return false;
	if (*last / period == now / period)
		return false;
	*last = now;
	ask_totp(in, otp, now);
	return true;
}

enum integrity_state integrity_firmware_state(const struct ui_integrity *in)
{
	/* The TOTP seal's policy includes PCR 2: its fate is the firmware's. */
	if (in->tpm == UI_TPM_PRESENT && in->totp != INTEGRITY_UNKNOWN)
		return in->totp;
	return INTEGRITY_UNKNOWN;
}

enum integrity_state integrity_overall(const struct ui_integrity *in)
{
	enum integrity_state fw = integrity_firmware_state(in);

	if (fw == INTEGRITY_TAMPERED || in->totp == INTEGRITY_TAMPERED ||
	    in->hotp == INTEGRITY_TAMPERED)
		return INTEGRITY_TAMPERED;
	if (fw == INTEGRITY_VERIFIED && in->hotp != INTEGRITY_TAMPERED)
		return INTEGRITY_VERIFIED;
	return INTEGRITY_UNKNOWN;
}

const char *integrity_state_word(enum integrity_state state)
{
	switch (state) {
	case INTEGRITY_VERIFIED:
		return _("verified");
	case INTEGRITY_TAMPERED:
		return _("TAMPERED");
	default:
		return _("unknown");
	}
}

int integrity_totp_seconds_left(const struct ui_integrity *in, time_t now)
{
	unsigned period = in->totp_period ? in->totp_period : TOTP_DEFAULT_PERIOD;

	return (int)(period - (unsigned long long)now % period);
}

static void pcr2_short(const struct ui_integrity *in, int hex_chars, char *out, size_t len)
{
	if (hex_chars >= SHA256_HEX_LEN || hex_chars <= 0)
		snprintf(out, len, "%s", in->pcr2_hex);
	else
		snprintf(out, len, "%.*s...", hex_chars, in->pcr2_hex);
}

static void firmware_detail(const struct ui_integrity *in, enum integrity_state st,
			    int hex_chars, char *buf, size_t len)
{
	char pcr[SHA256_HEX_LEN + 4];

	if (in->basic) {
		snprintf(buf, len, "%s", _("BASIC MODE (basic = yes): nothing is attested"));
		return;
	}
	if (in->tpm == UI_TPM_ABSENT) {
		snprintf(buf, len, _("TPM not available (%s)"), in->tpm_reason);
		return;
	}
	if (in->tpm == UI_TPM_LOCKOUT) {
		snprintf(buf, len, _("TPM in dictionary-attack lockout (%s)"), in->tpm_reason);
		return;
	}
	if (!in->have_pcr2) {
		snprintf(buf, len, _("TPM present, PCR 2 unreadable (%s)"), in->tpm_reason);
		return;
	}
	pcr2_short(in, hex_chars, pcr, sizeof(pcr));
	if (st == INTEGRITY_VERIFIED)
		snprintf(buf, len, _("PCR 2 %s, as sealed"), pcr);
	else if (st == INTEGRITY_TAMPERED)
		snprintf(buf, len, _("PCR 2 %s changed since sealing"), pcr);
	else
		snprintf(buf, len, _("TPM present, PCR 2 %s"), pcr);
}

enum integrity_state integrity_line(const struct ui_integrity *in, enum integrity_item item,
				    time_t now, int hex_chars, char *buf, size_t len)
{
	enum integrity_state st;
	char detail[UI_REASON_MAX + 80];
	const char *label;

	switch (item) {
	case INTEGRITY_FIRMWARE:
		st = integrity_firmware_state(in);
		label = _("Firmware");
		firmware_detail(in, st, hex_chars, detail, sizeof(detail));
		break;
	case INTEGRITY_TOTP:
		st = in->totp;
		label = _("TOTP");
		if (st == INTEGRITY_VERIFIED)
			snprintf(detail, sizeof(detail), _("%s (%d s left): compare with your phone"),
				 in->totp_code, integrity_totp_seconds_left(in, now));
		else
			snprintf(detail, sizeof(detail), "%s", in->totp_reason);
		break;
	default:
		st = in->hotp;
		label = _("HOTP");
		snprintf(detail, sizeof(detail), "%s", in->hotp_reason);
		break;
	}
	snprintf(buf, len, "%-9s [%s] %s", label, integrity_state_word(st), detail);
	return st;
}

void integrity_print(FILE *out, const struct ui_integrity *in, time_t now)
{
	if (in->basic)
		fprintf(out, "%s\n", _("BASIC MODE (basic = yes): nothing is attested"));
	else if (in->tpm == UI_TPM_ABSENT)
		fprintf(out, _("TPM: not available (%s)\n"), in->tpm_reason);
	else if (in->tpm == UI_TPM_LOCKOUT)
		fprintf(out, _("TPM: in dictionary-attack lockout (%s)\n"), in->tpm_reason);
	else if (in->have_pcr2)
		fprintf(out, _("Firmware measurement (PCR 2): %s\n"), in->pcr2_hex);
	else
		fprintf(out, _("TPM: %s\n"), in->tpm_reason);
	if (in->totp == INTEGRITY_VERIFIED)
		fprintf(out, _("TOTP: %s (%d s left): compare with your phone\n"), in->totp_code,
			integrity_totp_seconds_left(in, now));
	else
		fprintf(out, _("TOTP: %s: %s\n"), integrity_state_word(in->totp), in->totp_reason);
	fprintf(out, _("HOTP: %s: %s\n"), integrity_state_word(in->hotp), in->hotp_reason);
}
