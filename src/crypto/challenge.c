/* challenge.c - fresh nonces to sign, and the one-time check of the signature against a keyring. */
#include <gcrypt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto/challenge.h"
#include "crypto/gcrypt-init.h"
#include "crypto/hash.h"
#include "i18n.h"

void challenge_new(struct challenge *c, const char *purpose)
{
	uint8_t nonce[CHALLENGE_NONCE_LEN];
	char hex[2 * CHALLENGE_NONCE_LEN + 1];
	int n;

	crypto_init();
	gcry_randomize(nonce, sizeof(nonce), GCRY_STRONG_RANDOM);
	hash_hex(nonce, sizeof(nonce), hex);
	n = snprintf(c->text, sizeof(c->text), "vigil-challenge 1\npurpose %.64s\nnonce %s\n", purpose,
		     hex);
	c->len = n > 0 && (size_t)n < sizeof(c->text) ? (size_t)n : 0;
	c->pending = c->len > 0;
}

int challenge_verify(struct challenge *c, const char *keyring, const void *sig, size_t sig_len,
		     struct gpg_signer *signer, char *err, size_t errlen)
{
	enum gpg_verdict v;
	char why[512];

	memset(signer, 0, sizeof(*signer));
	if (!c->pending) {
		snprintf(err, errlen, _("the challenge was already answered: a nonce counts once"));
		return 0;
	}
	c->pending = false;
	v = gpg_verify_detached(keyring, c->text, c->len, sig, sig_len, signer, why, sizeof(why));
	switch (v) {
	case GPG_GOOD:
		return 1;
	case GPG_FAILED:
		snprintf(err, errlen, "%s", why);
		return -1;
	case GPG_BAD_SIGNATURE:
		/* gpg's own words speak of manifests; here it is the nonce that differs. */
		if (signer->fpr[0])
			snprintf(err, errlen, _("the signature by %s is not over this challenge (made "
						"for another nonce, or damaged)"), signer->fpr);
		else
			snprintf(err, errlen, _("the answer is not a signature over this challenge: %s"),
				 why);
		return 0;
	default:
		snprintf(err, errlen, "%s", why);
		return 0;
	}
}
