/* recovery.c - gate, measure and run the recovery shell (shared by every front end). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/spawn.h"
#include "crypto/hash.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "i18n.h"
#include "ui/recovery.h"

bool recovery_needs_auth(const struct ui_config *cfg)
{
	return cfg->keyring || access(UI_DEFAULT_KEYRING, F_OK) == 0;
}

static int check_sha256(void *ctx, const struct secret *passphrase, char *err, size_t errlen)
{
	const char *want = ctx;
	uint8_t digest[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	unsigned diff = 0;
	size_t i;

	if (strlen(want) != SHA256_HEX_LEN) {
		snprintf(err, errlen, _("the configured passphrase hash is not SHA-256"));
		return -1;
	}
	hash_sha256(passphrase->data, passphrase->len, digest);
	hash_hex(digest, SHA256_LEN, hex);
	/* Compare every digit, so timing says nothing about how much matched. */
	for (i = 0; i < SHA256_HEX_LEN; i++)
		diff |= (unsigned)(hex[i] ^ want[i]);
	explicit_bzero(digest, sizeof(digest));
	explicit_bzero(hex, sizeof(hex));
	return diff == 0;
}

void recovery_auth_from_config(struct recovery_auth *auth, const struct ui_config *cfg)
{
	auth->check = cfg->recovery_sha256 ? check_sha256 : NULL;
	auth->ctx = cfg->recovery_sha256;
}

int recovery_check(const struct recovery_auth *auth, const struct secret *passphrase,
		   char *err, size_t errlen)
{
	int r;

	if (!auth->check) {
		snprintf(err, errlen, _("keys exist but no way to authenticate is configured "
					"(smartcard authentication arrives with the key work)"));
		return -1;
	}
	r = auth->check(auth->ctx, passphrase, err, errlen);
	if (r == 0) {
		sleep(RECOVERY_RETRY_DELAY_S);
		snprintf(err, errlen, _("wrong passphrase"));
	}
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
