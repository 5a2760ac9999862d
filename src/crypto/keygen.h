/* keygen.h - a new OpenPGP signing key, made in memory and protected by a passphrase. */
#ifndef VIGIL_KEYGEN_H
#define VIGIL_KEYGEN_H

#include <stddef.h>

#include "crypto/gpg.h"
#include "crypto/secret.h"

enum keygen_algo {
	KEYGEN_ED25519,		/* the default: OpenPGP cards 3.3 and later */
	KEYGEN_RSA3072,		/* for older cards (slower to make: seconds) */
};

struct keygen_opts {
	const char *homedir;	/* an empty home in memory (gpg_home_new()) */
	const char *uid;	/* "Name <email>" */
	enum keygen_algo algo;
	const struct secret *passphrase;	/* protects the key; not empty */
};

/*
 * Make one primary key that certifies and signs, without expiry, into
 * opts->homedir, and put its fingerprint into fpr. gpg also writes a
 * revocation certificate there (key_backup_write() saves it).
 *
 * Refused: a home that is not in memory, or that already holds a secret key
 * (one key per home; a failed attempt is retried in a new home, after
 * gpg_home_remove() of the old one). 0, or -1 with err.
 */
int keygen_create(const struct keygen_opts *opts, char fpr[GPG_FPR_MAX + 1],
		  char *err, size_t errlen);

#endif
