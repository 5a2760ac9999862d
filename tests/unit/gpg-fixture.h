/* gpg-fixture.h - real GnuPG keys for tests: the owner's secret keyring and a "ROM" public keyring. */
#ifndef VIGIL_GPG_FIXTURE_H
#define VIGIL_GPG_FIXTURE_H

#include "crypto/gpg.h"

#define GPG_FIXTURE_PIN "correct horse"

struct gpg_fixture {
	char dir[64];		/* everything below here is removed at teardown */
	char owner[96];		/* secret keys of all the keys below */
	char rom[96];		/* public keys of rsa, ed, expired, revoked (+ its revocation), locked */
	char rsa[GPG_FPR_MAX + 1];	/* RSA 3072 */
	char ed[GPG_FPR_MAX + 1];	/* ed25519 */
	char stranger[GPG_FPR_MAX + 1];	/* ed25519, not in the ROM keyring */
	char expired[GPG_FPR_MAX + 1];	/* ed25519 made in 2020, expired a day later */
	char revoked[GPG_FPR_MAX + 1];	/* ed25519, revoked in the ROM keyring */
	char locked[GPG_FPR_MAX + 1];	/* ed25519 protected by GPG_FIXTURE_PIN */
};

/*
 * Generate the keys with gpg --batch (slow for RSA: call once per test
 * program, from the group setup) and build both keyrings. The owner's
 * gpg-agent caches no passphrase, so every signing asks again.
 */
int gpg_fixture_setup(struct gpg_fixture *f);
void gpg_fixture_teardown(struct gpg_fixture *f);

/* Sign file into sig_out with gpg itself, pretending it is faked_time (gpg's --faked-system-time). */
int gpg_fixture_sign_at(const struct gpg_fixture *f, const char *fpr, const char *faked_time,
			const char *file, const char *sig_out);

#endif
