/* recovery.c - gate, measure and run the recovery shell (shared by every front end). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/spawn.h"
#include "crypto/hash.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/recovery.h"

#define PCR_BOOT_MODE 4

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
	uint8_t digest[SHA256_LEN];
	char why[200];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	int ret;

	if (!tpm) {
		snprintf(err, errlen, _("cannot record boot mode '%s' in PCR 4: %s"), mode, why);
		return -1;
	}
	hash_sha256(mode, strlen(mode), digest);
	ret = tpm_pcr_extend(tpm, PCR_BOOT_MODE, digest, why, sizeof(why));
	if (ret < 0)
		snprintf(err, errlen, _("cannot record boot mode '%s' in PCR 4: %s"), mode, why);
	tpm_close(tpm);
	return ret;
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
