/* test-passphrase-hash.c - scrypt hashes checked against Python's, fresh salts, every bad field named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/passphrase-hash.h"

#define SALT "000102030405060708090a0b0c0d0e0f"

/*
 * Made with an independent scrypt (Python's hashlib.scrypt, from OpenSSL):
 *   hashlib.scrypt(pw.encode(), salt=bytes(range(16)), n=N, r=8, p=P, dklen=32).hex()
 */
static const char horse[] = "$vigil-scrypt$N=16384,r=8,p=1$" SALT
			    "$25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5";
static const char umlauts[] = "$vigil-scrypt$N=16384,r=8,p=2$" SALT
			      "$29beb72754394fd4c2120f1f8344d10884f3bed6f69b3e41cf296066ce90f2a5";

static int check(const char *stored, const char *typed)
{
	struct passphrase_hash h;
	struct secret *s = secret_from(typed, strlen(typed));
	char err[256];
	int r;

	if (passphrase_hash_parse(&h, stored, err, sizeof(err)) < 0)
		fail_msg("%s: %s", stored, err);
	r = passphrase_hash_check(&h, s, err, sizeof(err));
	secret_free(s);
	return r;
}

static void right_and_wrong_passphrases(void **state)
{
	assert_int_equal(check(horse, "correct horse"), 1);
	assert_int_equal(check(horse, "correct horse "), 0);
	assert_int_equal(check(horse, "Correct horse"), 0);
	assert_int_equal(check(horse, "correct hors"), 0);
	assert_int_equal(check(horse, ""), 0);
	/* The bytes as typed: UTF-8, no normalisation; p=2 runs two lanes. */
	assert_int_equal(check(umlauts, "Grüße, vigil"), 1);
	assert_int_equal(check(umlauts, "Grusse, vigil"), 0);
}

static void parse_and_format_agree(void **state)
{
	struct passphrase_hash h;
	char err[256], *text;

	assert_int_equal(passphrase_hash_parse(&h, umlauts, err, sizeof(err)), 0);
	assert_int_equal(h.n, 16384);
	assert_int_equal(h.r, 8);
	assert_int_equal(h.p, 2);
	assert_int_equal(h.salt[15], 0x0f);
	assert_int_equal(h.key[0], 0x29);
	text = passphrase_hash_format(&h);
	assert_string_equal(text, umlauts);
	free(text);
}

static void a_fresh_salt_every_time(void **state)
{
	struct secret *s = secret_from("correct horse", 13);
	struct passphrase_hash a, b, back;
	char err[256], *ta, *tb;

	assert_int_equal(passphrase_hash_new(&a, s, err, sizeof(err)), 0);
	assert_int_equal(passphrase_hash_new(&b, s, err, sizeof(err)), 0);
	ta = passphrase_hash_format(&a);
	tb = passphrase_hash_format(&b);
	/* The defaults are in the text, so a later change of them keeps old hashes working. */
	assert_memory_equal(ta, "$vigil-scrypt$N=65536,r=8,p=2$", 30);
	assert_string_not_equal(ta, tb);
	assert_memory_not_equal(a.salt, b.salt, sizeof(a.salt));
	assert_memory_not_equal(a.key, b.key, sizeof(a.key));
	assert_int_equal(passphrase_hash_parse(&back, tb, err, sizeof(err)), 0);
	assert_int_equal(passphrase_hash_check(&a, s, err, sizeof(err)), 1);
	assert_int_equal(passphrase_hash_check(&back, s, err, sizeof(err)), 1);
	free(ta);
	free(tb);
	secret_free(s);
}

static void empty_passphrase_is_not_hashed(void **state)
{
	struct secret *s = secret_from("", 0);
	struct passphrase_hash h;
	char err[256];

	assert_int_equal(passphrase_hash_new(&h, s, err, sizeof(err)), -1);
	assert_string_equal(err, "the passphrase is empty");
	secret_free(s);
}

static void expect_refused(const char *text, const char *why)
{
	struct passphrase_hash h;
	char err[256] = "";

	if (passphrase_hash_parse(&h, text, err, sizeof(err)) == 0)
		fail_msg("accepted: %s", text);
	if (strcmp(err, why))
		fail_msg("for %s\n  expected: %s\n  got:      %s", text, why, err);
}

#define HASH "25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5"

static void malformed_values_say_what_is_wrong(void **state)
{
	expect_refused("", "it does not start with $vigil-scrypt$");
	expect_refused("$scrypt$ln=14,r=8,p=1$" SALT "$" HASH, "it does not start with $vigil-scrypt$");
	expect_refused("25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5",
		       "it does not start with $vigil-scrypt$");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$" SALT,
		       "expected $vigil-scrypt$N=...,r=8,p=...$SALT$HASH");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$" SALT "$" HASH "$",
		       "expected $vigil-scrypt$N=...,r=8,p=...$SALT$HASH");
	expect_refused("$vigil-scrypt$N=16384,p=1,r=8$" SALT "$" HASH,
		       "the parameters 'N=16384,p=1,r=8' are not N=...,r=...,p=...");
	expect_refused("$vigil-scrypt$N=16384,r=8$" SALT "$" HASH,
		       "the parameters 'N=16384,r=8' are not N=...,r=...,p=...");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1,x=2$" SALT "$" HASH,
		       "the parameters 'N=16384,r=8,p=1,x=2' are not N=...,r=...,p=...");
	expect_refused("$vigil-scrypt$N=016384,r=8,p=1$" SALT "$" HASH,
		       "the parameters 'N=016384,r=8,p=1' are not N=...,r=...,p=...");
	expect_refused("$vigil-scrypt$N=+16384,r=8,p=1$" SALT "$" HASH,
		       "the parameters 'N=+16384,r=8,p=1' are not N=...,r=...,p=...");
	expect_refused("$vigil-scrypt$N=20000,r=8,p=1$" SALT "$" HASH,
		       "N=20000 is not a power of two from N=16384 to N=262144");
	expect_refused("$vigil-scrypt$N=1024,r=8,p=1$" SALT "$" HASH,
		       "N=1024 is not a power of two from N=16384 to N=262144");
	expect_refused("$vigil-scrypt$N=524288,r=8,p=1$" SALT "$" HASH,
		       "N=524288 is not a power of two from N=16384 to N=262144");
	expect_refused("$vigil-scrypt$N=16384,r=1,p=1$" SALT "$" HASH, "r=1: only r=8 is supported");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=0$" SALT "$" HASH, "p=0 is not from p=1 to p=16");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=17$" SALT "$" HASH,
		       "p=17 is not from p=1 to p=16");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$0001$" HASH,
		       "the salt is not 32 lower-case hex digits");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$000102030405060708090A0B0C0D0E0F$" HASH,
		       "the salt is not 32 lower-case hex digits");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$" SALT "$" HASH "00",
		       "the hash is not 64 lower-case hex digits");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$" SALT "$",
		       "the hash is not 64 lower-case hex digits");
	expect_refused("$vigil-scrypt$N=16384,r=8,p=1$" SALT "$" HASH " ",
		       "the hash is not 64 lower-case hex digits");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(right_and_wrong_passphrases),
		cmocka_unit_test(parse_and_format_agree),
		cmocka_unit_test(a_fresh_salt_every_time),
		cmocka_unit_test(empty_passphrase_is_not_hashed),
		cmocka_unit_test(malformed_values_say_what_is_wrong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
