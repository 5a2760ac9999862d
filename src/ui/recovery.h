/*
 * recovery.h - the recovery shell: authenticated when the owner has keys,
 * recorded in PCR 4 so secrets sealed to the normal boot stay sealed.
 */
#ifndef VIGIL_RECOVERY_H
#define VIGIL_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/secret.h"
#include "ui/ui-config.h"

#define RECOVERY_SHELL "/bin/sh"
#define RECOVERY_PASSPHRASE_MAX 256
#define RECOVERY_RETRY_DELAY_S 1	/* after a wrong passphrase, against guessing */

/*
 * How the gate checks a credential. For now a passphrase (its SHA-256 in the
 * config); a smartcard signature over a fresh nonce arrives with the key work.
 * check returns 1 when accepted, 0 when wrong, -1 with err when it cannot tell.
 */
struct recovery_auth {
	int (*check)(void *ctx, const struct secret *passphrase, char *err, size_t errlen);
	void *ctx;
};

/* Keys exist (the config names a keyring, or the default one is there): the gate is closed. */
bool recovery_needs_auth(const struct ui_config *cfg);

/*
 * The checker for cfg: the passphrase hash from the config, or NULL check
 * when keys exist but nothing can authenticate the owner yet.
 */
void recovery_auth_from_config(struct recovery_auth *auth, const struct ui_config *cfg);

/* Check the passphrase (and pause after a wrong one). */
int recovery_check(const struct recovery_auth *auth, const struct secret *passphrase,
		   char *err, size_t errlen);

/* Extend PCR 4 with "recovery"; -1 with err when there is no TPM. */
int recovery_measure(char *err, size_t errlen);

/* Run the shell on this terminal and wait for it; -1 with err if it did not start. */
int recovery_run_shell(char *err, size_t errlen);

#endif
