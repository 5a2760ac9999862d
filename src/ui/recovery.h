/*
 * recovery.h - the recovery shell: authenticated when the owner has keys,
 * recorded in PCR 4 so secrets sealed to the normal boot stay sealed.
 */
#ifndef VIGIL_RECOVERY_H
#define VIGIL_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/passphrase-hash.h"
#include "crypto/secret.h"
#include "ui/ui-config.h"

#define RECOVERY_SHELL "/bin/sh"	/* busybox's ash in the payload */
#define RECOVERY_PASSPHRASE_MAX PASSPHRASE_MAX	/* also the longest PIN */
#define RECOVERY_RETRY_DELAY_S 1	/* after a wrong answer, against guessing */
#define RECOVERY_METHODS_MAX 2

/*
 * One way to authenticate the owner: the front end shows intro, reads a
 * secret after prompt (the passphrase, or the card's PIN) and hands it to
 * check, which returns 1 when accepted, 0 when refused (err says why), -1
 * with err when it cannot tell (no card, gpg failed).
 */
struct recovery_auth {
	const char *intro;	/* one line saying what is asked for (N_ marked) */
	const char *prompt;	/* before the typed secret (N_ marked) */
	const char *offer;	/* how to pick this method when another is asked first (N_ marked) */
	int (*check)(void *ctx, const struct secret *typed, char *err, size_t errlen);
	void *ctx;
};

/*
 * The card method's places. In firmware both homes are the ROM keyring:
 * gpg-agent finds the card's key there once it has seen the card. The tests
 * put a secret key in signing_home instead: the same path, only the key is
 * in a keyring rather than on a card.
 */
struct recovery_card {
	const char *keyring;		/* the ROM's public keys: the signature must verify here */
	const char *signing_home;	/* where gpg-agent finds the signing key */
	const char *key;		/* fingerprint; NULL: the only signing key there */
};

/* The ways in, in the order offered: the passphrase (when set), the card (when a keyring exists). */
struct recovery_gate {
	struct recovery_auth methods[RECOVERY_METHODS_MAX];
	size_t count;
	struct passphrase_hash passphrase;	/* the passphrase method's ctx */
	struct recovery_card card;		/* the card method's ctx */
	char closed[512];			/* why, when there is no method */
};

/* Keys exist (the config names a keyring, or the default one is there), or a passphrase is set. */
bool recovery_needs_auth(const struct ui_config *cfg);

/* The keyring the config names, else the default one. */
const char *recovery_keyring(const struct ui_config *cfg);

/*
 * The methods cfg allows. gate must stay where it is (the methods point
 * into it). With no method the gate stays closed, and closed says why.
 */
void recovery_gate_from_config(struct recovery_gate *gate, const struct ui_config *cfg);

/* The methods themselves (the gate uses these; the tests too). */
void recovery_auth_passphrase(struct recovery_auth *auth, struct passphrase_hash *hash);
void recovery_auth_card(struct recovery_auth *auth, struct recovery_card *card);

/* Check what the owner typed for auth (and pause after a refusal). */
int recovery_check(const struct recovery_auth *auth, const struct secret *typed,
		   char *err, size_t errlen);

/* Extend PCR 4 with "recovery"; -1 with err when there is no TPM. */
int recovery_measure(char *err, size_t errlen);

/* Run the shell on this terminal and wait for it; -1 with err if it did not start. */
int recovery_run_shell(char *err, size_t errlen);

#endif
