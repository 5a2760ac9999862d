/* cmd-tpm-owner.c - ask for the TPM owner passphrase only when the TPM has one. */
#include <stdio.h>
#include <unistd.h>

#include "cmd-tpm-owner.h"
#include "crypto/secret.h"
#include "hw/tpm-status.h"
#include "i18n.h"

int cmd_tpm_owner_auth(struct tpm *tpm, char *err, size_t errlen)
{
	struct tpm_status st;
	struct secret *pass;
	int ret;

	if (tpm_status_read(tpm, &st, err, errlen) < 0)
		return -1;
	if (!st.owner_auth_set)
		return 0;
	pass = secret_read_line(STDIN_FILENO, _("TPM owner passphrase: "),
				TPM_HIERARCHY_AUTH_MAX, err, errlen);
	if (!pass)
		return -1;
	ret = tpm_set_owner_auth(tpm, pass, err, errlen);
	secret_free(pass);
	return ret;
}
