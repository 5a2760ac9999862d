/* sign.h - sign a boot partition: build its manifest, sign it, swap the pair in atomically. */
#ifndef VIGIL_SIGN_H
#define VIGIL_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/gpg.h"
#include "crypto/manifest-build.h"
#include "crypto/manifest.h"

/*
 * The rollback counter that signing moves on (the TPM's, in firmware and on
 * the running OS). The manifest records the value the counter has once
 * this signing is done.
 */
struct sign_counter {
	/* The current value of nv_index, defining the counter when it is missing (*created). */
	int (*current)(void *ctx, uint32_t nv_index, uint64_t *value, bool *created,
		       char *err, size_t errlen);
	/* Increment nv_index by one; *value gets the value after. */
	int (*increment)(void *ctx, uint32_t nv_index, uint64_t *value, char *err, size_t errlen);
	void *ctx;
};

/* The TPM's NV counters (tpm_open(NULL): $VIGIL_TCTI or the kernel's resource manager). */
extern const struct sign_counter sign_tpm_counter;

struct sign_opts {
	const char *gnupghome;		/* keyring with the secret key or the card's stub; NULL: default */
	const char *key;		/* fingerprint; NULL: the only signing key there */
	gpg_pin_fn pin;			/* NULL: gpg-agent's pinentry */
	void *pin_ctx;
	struct manifest_counter counter;	/* recorded as given (--counter), or absent */
	/*
	 * Or, when not NULL: move this counter at nv_index (0: the default) and
	 * record its new value; counter must then be absent.
	 */
	const struct sign_counter *move_counter;
	uint32_t nv_index;
	struct manifest_walk walk;	/* progress while hashing */
};

struct sign_result {
	struct gpg_signer signer;
	size_t files;
	uint64_t bytes;
	struct manifest_counter counter;	/* what the manifest records */
	bool counter_created;			/* move_counter defined it just now */
};

/*
 * Sign root: the previous pair stays valid until the new one is complete and
 * checked (the new signature is verified before it replaces the old one).
 *
 * With move_counter, the counter moves only once the new pair is signed and
 * checked, just before the swap: a failed signing (wrong PIN, no card)
 * leaves the counter, and so the old pair, as they were. (Except the first
 * time: the counter is created before signing, and from then on a manifest
 * signed without a counter is refused as a rollback.) A crash between
 * the increment and the swap leaves the old pair older than the counter:
 * refused as a rollback until the owner signs again, the safe side. A
 * counter created now already starts above every value an earlier counter
 * of this TPM had (a TPM 2.0 rule), so it is recorded without an increment.
 */
int sign_boot(const char *root, const struct sign_opts *opts, struct sign_result *res,
	      char *err, size_t errlen);

#endif
