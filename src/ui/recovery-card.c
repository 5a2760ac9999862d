/*
 * recovery-card.c - the recovery gate's card method: the owner's OpenPGP
 * card signs a fresh nonce, and the signature must verify against the ROM
 * keyring. Whether gpg-agent finds the key on a card or in a keyring makes
 * no difference to this code: the tests use a key in a keyring.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/challenge.h"
#include "crypto/gpg.h"
#include "i18n.h"
#include "ui/recovery.h"

#define CHALLENGE_PURPOSE "recovery shell"

struct pin_once {
	const struct secret *pin;
	bool given;		/* gpg asked for it: a failure after that is the PIN's */
	bool missing;		/* gpg asked, but nothing was typed */
};

/*
 * The PIN the owner typed, once. A card blocks after three wrong PINs, so a
 * wrong one is never sent again on its own: the owner types it anew.
 */
static int give_pin(void *ctx, const char *hint, bool again, char *pin, size_t pinlen)
{
	struct pin_once *p = ctx;

	(void)hint;
	if (p->pin->len == 0)
		p->missing = true;	/* never spend one of the card's tries on nothing */
	if (again || p->missing || p->pin->len >= pinlen)
		return -1;
	p->given = true;
	memcpy(pin, p->pin->data, p->pin->len);
	pin[p->pin->len] = '\0';
	return 0;
}

static int check_card(void *ctx, const struct secret *pin, char *err, size_t errlen)
{
	const struct recovery_card *card = ctx;
	struct pin_once once = { pin, false, false };
	struct gpg_sign_opts opts = { card->signing_home, card->key, give_pin, &once };
	struct gpg_signer signer;
	struct challenge ch;
	char why[512], card_why[256], *sig = NULL;
	size_t sig_len = 0;
	int r;

	/* A fresh GnuPG home knows the card's keys only after it has seen the card. */
	if (gpg_card_learn(card->signing_home, card_why, sizeof(card_why)) == 0)
		card_why[0] = '\0';
	challenge_new(&ch, CHALLENGE_PURPOSE);
	if (gpg_sign_detached(&opts, ch.text, ch.len, &sig, &sig_len, &signer, why,
			      sizeof(why)) < 0) {
		if (once.missing) {
			snprintf(err, errlen, _("no PIN typed"));
			return 0;
		}
		if (once.given) {
			snprintf(err, errlen, _("the PIN was not accepted: %s"), why);
			return 0;
		}
		if (card_why[0])
			snprintf(err, errlen, _("cannot sign with the OpenPGP card: %s (%s)"), card_why,
				 why);
		else
			snprintf(err, errlen, _("cannot sign with the OpenPGP card: %s"), why);
		return -1;
	}
	r = challenge_verify(&ch, card->keyring, sig, sig_len, &signer, why, sizeof(why));
	free(sig);
	if (r != 1)
		snprintf(err, errlen, _("the card's answer is refused: %s"), why);
	return r;
}

void recovery_auth_card(struct recovery_auth *auth, struct recovery_card *card)
{
	auth->intro = N_("Insert the owner's OpenPGP card: it signs a fresh challenge.");
	auth->prompt = N_("Card PIN: ");
	auth->offer = N_("Press Enter with nothing typed to use the owner's OpenPGP card instead.");
	auth->check = check_card;
	auth->ctx = card;
}
