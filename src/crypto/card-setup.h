/*
 * card-setup.h - set up the owner's OpenPGP card through gpg (gpgme): reset
 * it to the factory state, change its PINs, make a key on it, or move a key
 * made in memory onto it. Every call works in one GnuPG home whose
 * scdaemon reaches the card; each returns 0, or -1 with err saying what the
 * card or gpg refused.
 */
#ifndef VIGIL_CARD_SETUP_H
#define VIGIL_CARD_SETUP_H

#include <stddef.h>

#include "crypto/gpg.h"
#include "crypto/secret.h"

/* What every OpenPGP card has after a factory reset (OpenPGP card specification 3.4, 4.3). */
#define CARD_FACTORY_PIN "123456"
#define CARD_FACTORY_ADMIN_PIN "12345678"

enum card_pin {
	CARD_PIN_USER,		/* PW1: signing, deciphering */
	CARD_PIN_ADMIN,		/* PW3: changing the card */
};

/* The shortest PIN the specification allows, and the longest vigil hands to a card. */
size_t card_pin_min(enum card_pin which);
#define CARD_PIN_MAX 64

/* Can pin be a new PIN (length, no line break)? 0, or -1 with err. */
int card_pin_check(enum card_pin which, const struct secret *pin, char *err, size_t errlen);

/*
 * Stop homedir's scdaemon, so that it lets go of the card: a card serves
 * one scdaemon at a time, and another home is about to use it.
 */
void card_release(const char *homedir);

/*
 * Erase the card: every key on it, its data, and both PINs back to the
 * factory values. Needs no PIN (gpg blocks the Admin PIN on purpose first).
 */
int card_factory_reset(const char *homedir, char *err, size_t errlen);

/* Change a PIN from old to new; new is checked for length and line breaks first. */
int card_change_pin(const char *homedir, enum card_pin which, const struct secret *old,
		    const struct secret *new_pin, char *err, size_t errlen);

/*
 * Make the signing, encryption and authentication keys on the card (the
 * card's key attributes decide the algorithm) with user id uid, no expiry and
 * no copy of any secret off the card; fpr gets the primary key's fingerprint.
 * The home then holds the public key and stubs pointing at the card. Keys
 * already on the card are replaced.
 */
int card_generate(const char *homedir, const char *uid, const struct secret *admin,
		  const struct secret *pin, char fpr[GPG_FPR_MAX + 1], char *err, size_t errlen);

/*
 * Move the secret primary key fpr (which signs) of homedir onto the card's
 * signature slot, unlocked with passphrase. Afterwards the home holds only a
 * stub: the secret exists on the card (and in any backup made before).
 */
int card_move_key(const char *homedir, const char *fpr, const struct secret *passphrase,
		  const struct secret *admin, char *err, size_t errlen);

#endif
