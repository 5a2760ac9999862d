/* sign.h - sign a boot partition: build its manifest, sign it, swap the pair in atomically. */
#ifndef VIGIL_SIGN_H
#define VIGIL_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/gpg.h"
#include "crypto/manifest-build.h"
#include "crypto/manifest.h"

struct sign_opts {
	const char *gnupghome;		/* keyring with the secret key or the card's stub; NULL: default */
	const char *key;		/* fingerprint; NULL: the only signing key there */
	gpg_pin_fn pin;			/* NULL: gpg-agent's pinentry */
	void *pin_ctx;
	struct manifest_counter counter;	/* the TPM counter after its increment, or absent */
	struct manifest_walk walk;	/* progress while hashing */
};

struct sign_result {
	struct gpg_signer signer;
	size_t files;
	uint64_t bytes;
};

/*
 * Sign root: the previous pair stays valid until the new one is complete and
 * checked (the new signature is verified before it replaces the old one).
 */
int sign_boot(const char *root, const struct sign_opts *opts, struct sign_result *res,
	      char *err, size_t errlen);

#endif
