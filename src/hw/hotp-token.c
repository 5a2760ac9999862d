/* hotp-token.c - one interface to every supported token: pick its protocol, check what goes in. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hw/hotp-proto.h"

const char *hotp_token_name(enum hotp_token_kind kind)
{
	switch (kind) {
	case HOTP_TOKEN_NITROKEY_PRO: return "Nitrokey Pro";
	case HOTP_TOKEN_NITROKEY_STORAGE: return "Nitrokey Storage";
	case HOTP_TOKEN_LIBREM_KEY: return "Librem Key";
	case HOTP_TOKEN_NITROKEY_3: return "Nitrokey 3";
	}
	return "unknown token";
}

void hotp_token_attach(struct hotp_token *t, enum hotp_token_kind kind,
		       const struct hotp_transport *io)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->io = *io;
	t->fd = -1;
}

void hotp_token_close(struct hotp_token *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	t->channel = 0;
}

int hotp_token_status(struct hotp_token *t, struct hotp_token_status *st,
		      char *err, size_t errlen)
{
	st->enrolled = -1;
	if (t->kind == HOTP_TOKEN_NITROKEY_3)
		return nk3_status(t, st, err, errlen);
	return nkpro_status(t, st, err, errlen);
}

int hotp_token_enroll(struct hotp_token *t, const struct secret *key,
		      const struct secret *admin_pin, uint64_t counter,
		      char *err, size_t errlen)
{
	if (t->kind == HOTP_TOKEN_NITROKEY_3)
		return nk3_enroll(t, key, admin_pin, counter, err, errlen);
	return nkpro_enroll(t, key, admin_pin, counter, err, errlen);
}

int hotp_token_verify(struct hotp_token *t, const char *code, enum hotp_verdict *verdict,
		      char *err, size_t errlen)
{
	uint32_t value = 0;
	size_t i;

	/* The tokens take the code as a number and compare 6 digits. */
	if (strlen(code) != 6 || strspn(code, "0123456789") != 6) {
		snprintf(err, errlen, "'%s' is not a 6-digit HOTP code", code);
		return HOTP_ERR_FAIL;
	}
	for (i = 0; i < 6; i++)
		value = value * 10 + (uint32_t)(code[i] - '0');
	if (t->kind == HOTP_TOKEN_NITROKEY_3)
		return nk3_verify(t, value, verdict, err, errlen);
	return nkpro_verify(t, value, verdict, err, errlen);
}
