/* otp.h - TOTP (RFC 6238) and HOTP (RFC 4226) codes, base32 and otpauth:// URIs, through liboath. */
#ifndef VIGIL_OTP_H
#define VIGIL_OTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto/secret.h"

#define OTP_SECRET_LEN 20	/* bytes: one HMAC-SHA-1 block's worth, as phones expect */
#define TOTP_STEP 30		/* seconds per code */
#define OTP_DIGITS 6
#define OTP_CODE_MAX 10		/* room for 8 digits and a NUL */

/* The TOTP code (HMAC-SHA-1, 30 s steps from the epoch) for time now. */
int otp_totp(const struct secret *key, time_t now, unsigned digits, char code[OTP_CODE_MAX],
	     char *err, size_t errlen);
/* The HOTP code for counter. */
int otp_hotp(const struct secret *key, uint64_t counter, unsigned digits,
	     char code[OTP_CODE_MAX], char *err, size_t errlen);
/* Seconds until the TOTP code of time now changes (1-30). */
unsigned totp_seconds_left(time_t now);

/* Base32 (RFC 4648, upper case, no padding) of key, as NUL-terminated text in secure memory. */
struct secret *otp_base32_encode(const struct secret *key);
/* Key from base32 text (case and padding as oathtool accepts); NULL and err if invalid. */
struct secret *otp_base32_decode(const char *text, char *err, size_t errlen);

/*
 * "otpauth://totp/LABEL?secret=BASE32&issuer=vigil" with LABEL percent-encoded,
 * as NUL-terminated text in secure memory (it holds the secret).
 */
struct secret *otp_uri(const char *label, const struct secret *key);

#endif
