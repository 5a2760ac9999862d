/* gpg.h - detached OpenPGP signatures through gpgme, against one GnuPG home directory. */
#ifndef VIGIL_GPG_H
#define VIGIL_GPG_H

#include <stdbool.h>
#include <stddef.h>

#include <gpgme.h>

/* v4 fingerprints are 40 hex digits, v5 ones 64. */
#define GPG_FPR_MAX 64

struct gpg_signer {
	char fpr[GPG_FPR_MAX + 1];	/* primary key fingerprint (or the issuer, if unknown) */
	char uid[256];			/* first user id, for messages; may be empty */
};

enum gpg_verdict {
	GPG_GOOD,
	GPG_BAD_SIGNATURE,	/* does not match the data, or not a signature at all */
	GPG_UNKNOWN_KEY,	/* the signing key is not in the keyring */
	GPG_KEY_EXPIRED,
	GPG_KEY_REVOKED,
	GPG_SIG_EXPIRED,
	GPG_FAILED,		/* gpg itself could not run */
};

/*
 * A gpgme context for OpenPGP on homedir (NULL: GnuPG's default), offline
 * (no key servers, no automatic key retrieval). NULL with err on failure.
 */
gpgme_ctx_t gpg_context(const char *homedir, char *err, size_t errlen);

/*
 * Verify a detached signature over data. Trust comes only from the keyring:
 * every key in homedir is trusted, nothing else is, and the web of trust is
 * ignored. Every signature in sig must be good. err explains anything but
 * GPG_GOOD; signer is filled in as far as known.
 */
enum gpg_verdict gpg_verify_detached(const char *homedir, const void *data, size_t len,
				     const void *sig, size_t sig_len, struct gpg_signer *signer,
				     char *err, size_t errlen);

/*
 * Ask for a key's passphrase or a card's PIN: write it NUL-terminated into pin
 * (pinlen bytes) and return 0, or return -1 to cancel. again is true after a
 * wrong entry. The PIN is wiped after use and never logged.
 */
typedef int (*gpg_pin_fn)(void *ctx, const char *hint, bool again, char *pin, size_t pinlen);

struct gpg_sign_opts {
	const char *homedir;	/* NULL: GnuPG's default */
	const char *key;	/* fingerprint; NULL: the only signing key in homedir */
	gpg_pin_fn pin;		/* NULL: gpg-agent's own pinentry */
	void *pin_ctx;
};

/* Make an ASCII-armoured detached signature over data into *sig (allocated). */
int gpg_sign_detached(const struct gpg_sign_opts *opts, const void *data, size_t len,
		      char **sig, size_t *sig_len, struct gpg_signer *signer,
		      char *err, size_t errlen);

/*
 * Have gpg-agent of homedir learn the inserted OpenPGP card (what
 * gpg --card-status does): afterwards the card's keys whose public halves are
 * in homedir can sign there. 0, or -1 with err (no card, no reader, ...).
 */
int gpg_card_learn(const char *homedir, char *err, size_t errlen);

#define GPG_SECRET_ARMOR "-----BEGIN PGP PRIVATE KEY BLOCK-----"
#define GPG_PUBLIC_ARMOR "-----BEGIN PGP PUBLIC KEY BLOCK-----"

/*
 * Export key fpr of ctx's home (mode: 0 public, GPGME_EXPORT_MODE_SECRET)
 * into *text (gpgme_free), which must start with armor (set ctx's armour
 * first). 0, or -1 with err.
 */
int gpg_export_armored(gpgme_ctx_t ctx, const char *fpr, gpgme_export_mode_t mode,
		       const char *armor, char **text, size_t *len, char *err, size_t errlen);

#endif
