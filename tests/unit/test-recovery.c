/*
 * test-recovery.c - the recovery gate with real gpg keys: the passphrase
 * method, and the card method's signature over a fresh nonce, accepted from
 * a ROM key and refused from a foreign key, for another nonce or a second
 * time. No card in CI: the signing key is in a keyring (gpg-fixture's
 * owner home); on a card only the place where gpg-agent finds it differs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/kvconf.h"
#include "crypto/challenge.h"
#include "gpg-fixture.h"
#include "ui/recovery.h"

/* "correct horse", from Python's hashlib.scrypt (see test-passphrase-hash.c). */
#define HORSE "$vigil-scrypt$N=16384,r=8,p=1$000102030405060708090a0b0c0d0e0f" \
	      "$25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5"

static struct gpg_fixture keys;

static int group_setup(void **state)
{
	return gpg_fixture_setup(&keys);
}

static int group_teardown(void **state)
{
	gpg_fixture_teardown(&keys);
	return 0;
}

static void expect_in(const char *err, const char *text)
{
	if (!strstr(err, text))
		fail_msg("expected \"%s\" in: %s", text, err);
}

static int check(const struct recovery_auth *auth, const char *typed, char *err, size_t errlen)
{
	struct secret *s = secret_from(typed, strlen(typed));
	int r;

	err[0] = '\0';
	r = recovery_check(auth, s, err, errlen);
	secret_free(s);
	return r;
}

/* The card method with the key fpr of the owner's keyring in place of a card. */
static int card(const char *fpr, const char *pin, char *err, size_t errlen)
{
	struct recovery_card where = { keys.rom, keys.owner, fpr };
	struct recovery_auth auth;

	recovery_auth_card(&auth, &where);
	return check(&auth, pin, err, errlen);
}

static void apply(struct ui_config *cfg, const char *text)
{
	struct kvconf conf;
	char err[512];

	ui_config_init(cfg);
	assert_int_equal(kvconf_parse(&conf, text, "test.conf", err, sizeof(err)), 0);
	if (ui_config_apply(cfg, &conf, "test.conf", err, sizeof(err)) < 0)
		fail_msg("%s", err);
	kvconf_free(&conf);
}

static void passphrase_right_and_wrong(void **state)
{
	struct ui_config cfg;
	struct recovery_gate gate;
	char err[512];

	apply(&cfg, "keyring = /nonexistent/keys\nrecovery_passphrase = \"" HORSE "\"\n");
	recovery_gate_from_config(&gate, &cfg);
	assert_true(recovery_needs_auth(&cfg));
	assert_int_equal(gate.count, 1);	/* the keyring is not there: no card */
	assert_int_equal(check(&gate.methods[0], "correct horse", err, sizeof(err)), 1);
	assert_int_equal(check(&gate.methods[0], "wrong horse", err, sizeof(err)), 0);
	assert_string_equal(err, "wrong passphrase");
	assert_int_equal(check(&gate.methods[0], "", err, sizeof(err)), 0);
	ui_config_free(&cfg);
}

static void the_card_is_offered_when_the_keyring_exists(void **state)
{
	struct ui_config cfg;
	struct recovery_gate gate;
	char text[512];

	snprintf(text, sizeof(text), "keyring = %s\nrecovery_passphrase = \"" HORSE "\"\n", keys.rom);
	apply(&cfg, text);
	recovery_gate_from_config(&gate, &cfg);
	assert_int_equal(gate.count, 2);
	assert_string_equal(gate.methods[0].prompt, "Recovery passphrase: ");
	assert_string_equal(gate.methods[1].prompt, "Card PIN: ");
	assert_non_null(gate.methods[1].offer);
	/* In firmware the card signs in the ROM keyring's home, where gpg-agent learns it. */
	assert_string_equal(gate.card.keyring, keys.rom);
	assert_string_equal(gate.card.signing_home, keys.rom);
	assert_null(gate.card.key);
	ui_config_free(&cfg);

	/* The card alone, without a passphrase. */
	snprintf(text, sizeof(text), "keyring = %s\n", keys.rom);
	apply(&cfg, text);
	recovery_gate_from_config(&gate, &cfg);
	assert_int_equal(gate.count, 1);
	assert_string_equal(gate.methods[0].prompt, "Card PIN: ");
	ui_config_free(&cfg);
}

static void closed_when_nothing_can_authenticate(void **state)
{
	struct ui_config cfg;
	struct recovery_gate gate;

	apply(&cfg, "keyring = /nonexistent/keys\n");
	recovery_gate_from_config(&gate, &cfg);
	assert_true(recovery_needs_auth(&cfg));
	assert_int_equal(gate.count, 0);
	assert_string_equal(gate.closed, "the keyring /nonexistent/keys does not exist and no "
			    "recovery_passphrase is set: nothing can authenticate the owner");
	ui_config_free(&cfg);
}

static void a_passphrase_alone_closes_the_gate(void **state)
{
	struct ui_config cfg;

	apply(&cfg, "recovery_passphrase = \"" HORSE "\"\n");
	assert_true(recovery_needs_auth(&cfg));
	ui_config_free(&cfg);
	apply(&cfg, "timeout = 3\n");
	if (access(UI_DEFAULT_KEYRING, F_OK) < 0)
		assert_false(recovery_needs_auth(&cfg));
	ui_config_free(&cfg);
}

static void card_signature_by_a_rom_key_opens(void **state)
{
	char err[768];

	if (card(keys.ed, "", err, sizeof(err)) != 1)
		fail_msg("ed25519: %s", err);
	if (card(keys.rsa, "", err, sizeof(err)) != 1)
		fail_msg("rsa3072: %s", err);
}

static void card_signature_by_a_foreign_key_is_refused(void **state)
{
	char err[768];

	assert_int_equal(card(keys.stranger, "", err, sizeof(err)), 0);
	expect_in(err, "the card's answer is refused: the signing key ");
	expect_in(err, "is not in the keyring");
	/* A key the ROM holds but has revoked is no better. */
	assert_int_equal(card(keys.revoked, "", err, sizeof(err)), 0);
	expect_in(err, "is revoked");
}

static void card_pin_is_given_once(void **state)
{
	char err[768];

	if (card(keys.locked, GPG_FIXTURE_PIN, err, sizeof(err)) != 1)
		fail_msg("locked key with its PIN: %s", err);
	if (card(keys.locked, "123456", err, sizeof(err)) != 0)
		fail_msg("wrong PIN: %s", err);
	expect_in(err, "the PIN was not accepted: ");
	expect_in(err, "Bad passphrase");	/* a card says "Bad PIN" */
	/* An empty PIN is not handed to gpg at all: a card would count it as a wrong try. */
	assert_int_equal(card(keys.locked, "", err, sizeof(err)), 0);
	assert_string_equal(err, "no PIN typed");
}

static void no_card_no_key_says_so(void **state)
{
	struct recovery_card where = { keys.rom, keys.rom, NULL };
	struct recovery_auth auth;
	char err[768];

	/* The ROM keyring has public keys only: without a card nothing can sign there. */
	recovery_auth_card(&auth, &where);
	assert_int_equal(check(&auth, "123456", err, sizeof(err)), -1);
	expect_in(err, "cannot sign with the OpenPGP card: no OpenPGP card found");
}

/* Sign c's text with key fpr of the owner's keyring. */
static char *sign(const struct challenge *c, const char *fpr, size_t *len)
{
	struct gpg_sign_opts opts = { keys.owner, fpr, NULL, NULL };
	struct gpg_signer signer;
	char err[512], *sig;

	if (gpg_sign_detached(&opts, c->text, c->len, &sig, len, &signer, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return sig;
}

static void stale_and_replayed_nonces_are_refused(void **state)
{
	struct challenge old, fresh;
	struct gpg_signer signer;
	char err[512], *sig;
	size_t len;

	challenge_new(&old, "recovery shell");
	challenge_new(&fresh, "recovery shell");
	assert_true(old.pending && fresh.pending);
	assert_string_not_equal(old.text, fresh.text);
	assert_memory_equal(old.text, "vigil-challenge 1\npurpose recovery shell\nnonce ", 46);
	sig = sign(&old, keys.ed, &len);
	/* An answer to the old nonce does not open the gate for the new one. */
	assert_int_equal(challenge_verify(&fresh, keys.rom, sig, len, &signer, err, sizeof(err)), 0);
	expect_in(err, "is not over this challenge");
	expect_in(err, keys.ed + strlen(keys.ed) - 16);	/* a bad signature names its key id */
	assert_int_equal(challenge_verify(&old, keys.rom, sig, len, &signer, err, sizeof(err)), 1);
	assert_string_equal(signer.fpr, keys.ed);
	/* Nor twice for its own. */
	assert_int_equal(challenge_verify(&old, keys.rom, sig, len, &signer, err, sizeof(err)), 0);
	assert_string_equal(err, "the challenge was already answered: a nonce counts once");
	free(sig);
}

static void junk_is_not_an_answer(void **state)
{
	struct challenge c;
	struct gpg_signer signer;
	char err[512];

	challenge_new(&c, "recovery shell");
	assert_int_equal(challenge_verify(&c, keys.rom, "hello", 5, &signer, err, sizeof(err)), 0);
	expect_in(err, "not an OpenPGP signature");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passphrase_right_and_wrong),
		cmocka_unit_test(the_card_is_offered_when_the_keyring_exists),
		cmocka_unit_test(closed_when_nothing_can_authenticate),
		cmocka_unit_test(a_passphrase_alone_closes_the_gate),
		cmocka_unit_test(card_signature_by_a_rom_key_opens),
		cmocka_unit_test(card_signature_by_a_foreign_key_is_refused),
		cmocka_unit_test(card_pin_is_given_once),
		cmocka_unit_test(no_card_no_key_says_so),
		cmocka_unit_test(stale_and_replayed_nonces_are_refused),
		cmocka_unit_test(junk_is_not_an_answer),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
