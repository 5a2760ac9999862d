/* recovery.c - gate, measure and run the recovery shell (shared by every front end). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/spawn.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "i18n.h"
#include "ui/recovery.h"

const char *recovery_keyring(const struct ui_config *cfg)
{
	return cfg->keyring ? cfg->keyring : UI_DEFAULT_KEYRING;
}

bool recovery_needs_auth(const struct ui_config *cfg)
{
	/* A passphrase the owner set closes the gate too, keys or not. */
	return cfg->keyring || cfg->recovery_passphrase || access(UI_DEFAULT_KEYRING, F_OK) == 0;
}

static int check_passphrase(void *ctx, const struct secret *typed, char *err, size_t errlen)
{
	int r = passphrase_hash_check(ctx, typed, err, errlen);

	if (r == 0)
		snprintf(err, errlen, _("wrong passphrase"));
	return r;
}

void recovery_auth_passphrase(struct recovery_auth *auth, struct passphrase_hash *hash)
{
	auth->intro = N_("The recovery shell is locked: it needs the owner's passphrase.");
	auth->prompt = N_("Recovery passphrase: ");
	auth->offer = NULL;	/* always asked first */
	auth->check = check_passphrase;
	auth->ctx = hash;
}

void recovery_gate_from_config(struct recovery_gate *gate, const struct ui_config *cfg)
{
	memset(gate, 0, sizeof(*gate));
	if (cfg->recovery_passphrase) {
		gate->passphrase = *cfg->recovery_passphrase;
		recovery_auth_passphrase(&gate->methods[gate->count++], &gate->passphrase);
	}
	/* The card needs a keyring to check its signature against. */
	if (access(recovery_keyring(cfg), F_OK) == 0) {
		gate->card.keyring = recovery_keyring(cfg);
		gate->card.signing_home = gate->card.keyring;
		recovery_auth_card(&gate->methods[gate->count++], &gate->card);
	}
	if (!gate->count && recovery_needs_auth(cfg))
		snprintf(gate->closed, sizeof(gate->closed),
			 _("the keyring %s does not exist and no recovery_passphrase is set: "
			   "nothing can authenticate the owner"), recovery_keyring(cfg));
}

int recovery_check(const struct recovery_auth *auth, const struct secret *typed,
		   char *err, size_t errlen)
{
	int r;

	r = auth->check(auth->ctx, typed, err, errlen);
	if (r == 0)
		sleep(RECOVERY_RETRY_DELAY_S);
	return r;
}

int recovery_measure(char *err, size_t errlen)
{
	static const char mode[] = "recovery";
	char why[200];

	/* Logged too, so the OS and 'vigil pcr check' can account for PCR 4. */
	if (measure_data(MEASURE_PCR_BOOT_MODE, EV_IPL, "boot mode: recovery", mode, strlen(mode),
			 why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("cannot record boot mode '%s' in PCR 4: %s"), mode, why);
		return -1;
	}
	return 0;
}

int recovery_run_shell(char *err, size_t errlen)
{
	static char shell[] = RECOVERY_SHELL;
	char *argv[] = { shell, NULL };

	if (spawn_wait(argv) < 0) {
		snprintf(err, errlen, _("cannot start the recovery shell %s: %s"), RECOVERY_SHELL,
			 strerror(errno));
		return -1;
	}
	return 0;
}
