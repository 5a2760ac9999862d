/* otp-backends.c - wire the TPM-sealed TOTP secret and the HOTP token into the menu header. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/totp-tpm.h"
#include "hw/hotp-check.h"
#include "hw/hotp-token.h"
#include "i18n.h"
#include "ui/otp-backends.h"

/* Menus on the VT and the serial console start together: one talks to the token at a time. */
static int take_turn(void)
{
	int fd;

	if (mkdir("/run/vigil", 0700) < 0 && errno != EEXIST)
		return -1;
	fd = open(HOTP_LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int hotp_with_sealed_key(void *ctx, char *status, size_t statuslen, char *err,
				size_t errlen)
{
	struct hotp_token token;
	struct secret *key = NULL;
	char why[UI_REASON_MAX];
	int ret, turn;

	(void)ctx;
	/* No token, no question for the TPM (and no counter value spent). */
	ret = hotp_token_open(&token, NULL, NULL, err, errlen);
	if (ret == HOTP_ERR_NO_TOKEN) {
		snprintf(err, errlen, _("no HOTP token plugged in"));
		return TPM_ERR_FAIL;
	}
	if (ret < 0)
		return TPM_ERR_FAIL;
	hotp_token_close(&token);
	if (totp_tpm_unseal_stored(NULL, &key, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("not checked: the TPM did not release the secret (%s)"), why);
		return TPM_ERR_FAIL;
	}
	turn = take_turn();
	ret = hotp_menu_check(key, status, statuslen, err, errlen);
	if (turn >= 0)
		close(turn);
	secret_free(key);
	return ret;
}

void ui_otp_backends(struct ui_otp_backend *otp)
{
	memset(otp, 0, sizeof(*otp));
	otp->totp = totp_tpm_menu_code;	/* ctx NULL: the secret in the TPM's NV */
	otp->hotp = hotp_with_sealed_key;
}
