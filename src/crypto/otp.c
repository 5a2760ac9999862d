/* otp.c - one-time passwords and their enrolment text, all arithmetic left to liboath. */
#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/otp.h"

#define OTP_ISSUER "vigil"

static int otp_ready(char *err, size_t errlen)
{
	static int ready;
	int rc;

	if (ready)
		return 0;
	rc = oath_init();
	if (rc != OATH_OK) {
		snprintf(err, errlen, "cannot initialise liboath: %s", oath_strerror(rc));
		return -1;
	}
	ready = 1;
	return 0;
}

static int check_digits(unsigned digits, char *err, size_t errlen)
{
	if (digits >= 6 && digits <= 8)
		return 0;
	snprintf(err, errlen, "one-time passwords have 6 to 8 digits, not %u", digits);
	return -1;
}

int otp_totp(const struct secret *key, time_t now, unsigned digits, char code[OTP_CODE_MAX],
	     char *err, size_t errlen)
{
	int rc;

	if (otp_ready(err, errlen) < 0 || check_digits(digits, err, errlen) < 0)
		return -1;
	rc = oath_totp_generate((const char *)key->data, key->len, now, TOTP_STEP,
				OATH_TOTP_DEFAULT_START_TIME, digits, code);
	if (rc != OATH_OK) {
		snprintf(err, errlen, "computing the TOTP code failed: %s", oath_strerror(rc));
		return -1;
	}
	return 0;
}

int otp_hotp(const struct secret *key, uint64_t counter, unsigned digits,
	     char code[OTP_CODE_MAX], char *err, size_t errlen)
{
	int rc;

	if (otp_ready(err, errlen) < 0 || check_digits(digits, err, errlen) < 0)
		return -1;
	rc = oath_hotp_generate((const char *)key->data, key->len, counter, digits, false,
				OATH_HOTP_DYNAMIC_TRUNCATION, code);
	if (rc != OATH_OK) {
		snprintf(err, errlen, "computing the HOTP code failed: %s", oath_strerror(rc));
		return -1;
	}
	return 0;
}

unsigned totp_seconds_left(time_t now)
{
	return (unsigned)(TOTP_STEP - (now % TOTP_STEP + TOTP_STEP) % TOTP_STEP);
}

/* liboath allocates with malloc: move the result into secure memory and wipe the original. */
static struct secret *take_text(char *text, size_t len)
{
	struct secret *s = secret_from(text, len);

	explicit_bzero(text, len);
	free(text);
	return s;
}

struct secret *otp_base32_encode(const struct secret *key)
{
	char *text = NULL, err[128];
	size_t len = 0;
	int rc;

	if (otp_ready(err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil: %s\n", err);
		abort();
	}
	rc = oath_base32_encode((const char *)key->data, key->len, &text, &len);
	if (rc != OATH_OK) {
		fprintf(stderr, "vigil: base32 encoding failed: %s\n", oath_strerror(rc));
		abort();
	}
	/* Phones want it unpadded. */
	while (len > 0 && text[len - 1] == '=')
		len--;
	return take_text(text, len);
}

struct secret *otp_base32_decode(const char *text, char *err, size_t errlen)
{
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	if (otp_ready(err, errlen) < 0)
		return NULL;
	rc = oath_base32_decode(text, strlen(text), &bytes, &len);
	if (rc != OATH_OK) {
		snprintf(err, errlen, "not a base32 secret: %s", oath_strerror(rc));
		return NULL;
	}
	return take_text(bytes, len);
}

/* RFC 3986: everything but unreserved characters becomes %XX. */
static size_t percent_encode(const char *in, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (out)
				out[n] = (char)c;
			n++;
		} else {
			if (out) {
				out[n] = '%';
				out[n + 1] = hex[c >> 4];
				out[n + 2] = hex[c & 15];
			}
			n += 3;
		}
	}
	return n;
}

struct secret *otp_uri(const char *label, const struct secret *key)
{
	static const char scheme[] = "otpauth://totp/", secret_param[] = "?secret=",
			  issuer_param[] = "&issuer=" OTP_ISSUER;
	struct secret *b32 = otp_base32_encode(key), *uri;
	size_t label_len = percent_encode(label, NULL), off = 0;

	uri = secret_new(strlen(scheme) + label_len + strlen(secret_param) + b32->len +
			 strlen(issuer_param));
	memcpy(uri->data, scheme, strlen(scheme));
	off += strlen(scheme);
	off += percent_encode(label, (char *)uri->data + off);
	memcpy(uri->data + off, secret_param, strlen(secret_param));
	off += strlen(secret_param);
	memcpy(uri->data + off, b32->data, b32->len);
	off += b32->len;
	memcpy(uri->data + off, issuer_param, strlen(issuer_param));
	secret_free(b32);
	return uri;
}
