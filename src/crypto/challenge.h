/* challenge.h - prove that the owner holds a key: it signs a fresh random nonce, a keyring checks the signature. */
#ifndef VIGIL_CHALLENGE_H
#define VIGIL_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/gpg.h"

#define CHALLENGE_NONCE_LEN 32
#define CHALLENGE_TEXT_MAX 192

/*
 * What the key signs (text, so a person who sees it knows what it is for):
 *   vigil-challenge 1
 *   purpose recovery shell
 *   nonce <64 hex digits>
 * The purpose line keeps a signature made for one use from serving another.
 */
struct challenge {
	char text[CHALLENGE_TEXT_MAX];
	size_t len;
	bool pending;		/* false once an answer was checked: a nonce counts once */
};

/* A new challenge with a nonce from libgcrypt's strong random generator. */
void challenge_new(struct challenge *c, const char *purpose);

/*
 * Check an answer: a detached OpenPGP signature over c's text by a key in
 * keyring (a GnuPG home: every key there is trusted, nothing else is).
 * 1 accepted; 0 refused, with err saying why (another nonce, a key not in
 * the keyring, an answer already checked); -1 when GnuPG could not check it.
 * Either way the challenge is spent: a second answer is refused.
 */
int challenge_verify(struct challenge *c, const char *keyring, const void *sig, size_t sig_len,
		     struct gpg_signer *signer, char *err, size_t errlen);

#endif
