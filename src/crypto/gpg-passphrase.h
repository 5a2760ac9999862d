/* gpg-passphrase.h - hand a passphrase the caller already holds to gpg (loopback pinentry). */
#ifndef VIGIL_GPG_PASSPHRASE_H
#define VIGIL_GPG_PASSPHRASE_H

#include <stdbool.h>

#include <gpgme.h>

#include "crypto/secret.h"

struct gpg_passphrase_feed {
	const struct secret *passphrase;
	bool asked;	/* gpg asked for it */
	bool refused;	/* gpg asked again: it did not accept the passphrase */
};

/*
 * Answer every passphrase question gpg asks on ctx with feed->passphrase,
 * once: asked again, the operation is cancelled (and feed->refused set).
 * feed must live as long as ctx uses it.
 */
gpgme_error_t gpg_feed_passphrase(gpgme_ctx_t ctx, struct gpg_passphrase_feed *feed);

#endif
