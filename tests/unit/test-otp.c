/* test-otp.c - TOTP/HOTP against the RFCs' vectors and oathtool, base32 and otpauth URIs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/otp.h"

/* RFC 6238 appendix B and RFC 4226 appendix D use this ASCII key for SHA-1. */
#define RFC_KEY "12345678901234567890"

static void totp_matches_rfc6238(void **state)
{
	static const struct { time_t t; const char *code; } vectors[] = {
		{ 59, "94287082" }, { 1111111109, "07081804" }, { 1111111111, "14050471" },
		{ 1234567890, "89005924" }, { 2000000000, "69279037" },
		{ 20000000000, "65353130" },
	};
	struct secret *key = secret_from(RFC_KEY, 20);
	char code[OTP_CODE_MAX], err[128];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		assert_int_equal(otp_totp(key, vectors[i].t, 8, code, err, sizeof(err)), 0);
		assert_string_equal(code, vectors[i].code);
		/* Six digits are the last six of eight. */
		assert_int_equal(otp_totp(key, vectors[i].t, 6, code, err, sizeof(err)), 0);
		assert_string_equal(code, vectors[i].code + 2);
	}
	assert_int_equal(otp_totp(key, 59, 5, code, err, sizeof(err)), -1);
	assert_string_equal(err, "one-time passwords have 6 to 8 digits, not 5");
	secret_free(key);
}

static void hotp_matches_rfc4226(void **state)
{
	static const char *const codes[] = {
		"755224", "287082", "359152", "969429", "338314",
		"254676", "287922", "162583", "399871", "520489",
	};
	struct secret *key = secret_from(RFC_KEY, 20);
	char code[OTP_CODE_MAX], err[128];
	uint64_t counter;

	for (counter = 0; counter < 10; counter++) {
		assert_int_equal(otp_hotp(key, counter, 6, code, err, sizeof(err)), 0);
		assert_string_equal(code, codes[counter]);
	}
	secret_free(key);
}

static void seconds_left_counts_down(void **state)
{
	assert_int_equal(totp_seconds_left(0), 30);
	assert_int_equal(totp_seconds_left(1), 29);
	assert_int_equal(totp_seconds_left(29), 1);
	assert_int_equal(totp_seconds_left(30), 30);
	assert_int_equal(totp_seconds_left(1111111109), 1);
}

/* Run oathtool with stdout in a file and return what it printed, without the newline. */
static char *run_oathtool(const char *b32, time_t t)
{
	char path[] = "/tmp/vigil-test-oathtool-XXXXXX", now[32];
	char *argv[] = { "oathtool", "--totp", "-b", (char *)b32, "--now", now, NULL };
	int fd = mkstemp(path), saved = dup(STDOUT_FILENO), status;
	char *out;

	assert_true(fd >= 0 && saved >= 0);
	snprintf(now, sizeof(now), "@%lld", (long long)t);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	status = spawn_wait(argv);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	assert_int_equal(status, 0);
	out = file_read_all(path, NULL, 4096);
	unlink(path);
	assert_non_null(out);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static void totp_agrees_with_oathtool(void **state)
{
	static const time_t times[] = { 0, 59, 1111111109, 1700000000, 1735689599, 4102444800 };
	static const uint8_t seed[OTP_SECRET_LEN] = {
		0x3d, 0xc6, 0xca, 0xa4, 0x82, 0x4a, 0x6d, 0x28, 0x87, 0x67,
		0xb2, 0x33, 0x1e, 0x20, 0xb4, 0x31, 0x66, 0xcb, 0x85, 0xd9,
	};
	struct secret *key = secret_from(seed, sizeof(seed)), *b32 = otp_base32_encode(key);
	char code[OTP_CODE_MAX], err[128];
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		char *theirs = run_oathtool((const char *)b32->data, times[i]);

		assert_int_equal(otp_totp(key, times[i], OTP_DIGITS, code, err, sizeof(err)), 0);
		assert_string_equal(code, theirs);
		free(theirs);
	}
	secret_free(b32);
	secret_free(key);
}

static void base32_round_trip(void **state)
{
	struct secret *key = secret_from(RFC_KEY, 20), *b32 = otp_base32_encode(key), *back;
	char err[128];

	assert_string_equal((char *)b32->data, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(b32->len, 32);
	back = otp_base32_decode((char *)b32->data, err, sizeof(err));
	assert_non_null(back);
	assert_int_equal(back->len, 20);
	assert_memory_equal(back->data, RFC_KEY, 20);
	secret_free(back);
	secret_free(b32);
	/* Padding is dropped for phones; 5 bytes need none. */
	key->len = 4;
	b32 = otp_base32_encode(key);
	assert_string_equal((char *)b32->data, "GEZDGNA");
	secret_free(b32);
	assert_null(otp_base32_decode("not base32!", err, sizeof(err)));
	assert_non_null(strstr(err, "not a base32 secret"));
	secret_free(key);
}

static void uri_encodes_the_label(void **state)
{
	struct secret *key = secret_from(RFC_KEY, 20), *uri;

	uri = otp_uri("vigil", key);
	assert_string_equal((char *)uri->data, "otpauth://totp/vigil?secret="
			    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=vigil");
	assert_int_equal(uri->len, strlen((char *)uri->data));
	secret_free(uri);
	uri = otp_uri("vigil:Jo's x230 & co/ü~", key);
	assert_string_equal((char *)uri->data, "otpauth://totp/vigil%3AJo%27s%20x230%20%26%20co"
			    "%2F%C3%BC~?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=vigil");
	secret_free(uri);
	secret_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totp_matches_rfc6238),
		cmocka_unit_test(hotp_matches_rfc4226),
		cmocka_unit_test(seconds_left_counts_down),
		cmocka_unit_test(totp_agrees_with_oathtool),
		cmocka_unit_test(base32_round_trip),
		cmocka_unit_test(uri_encodes_the_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
