/* cmd-tpm-owner.c - the TPM owner passphrase from standard input, asked only when needed. */
#include <stdio.h>
#include <unistd.h>

#include "cmd-tpm-owner.h"
#include "crypto/secret.h"
#include "i18n.h"

struct secret *cmd_tpm_owner_prompt(void *ctx, const char *what, char *why, size_t whylen)
{
	(void)ctx;
	/* On a terminal, say what it is for; scripts feeding a pipe see one prompt. */
	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("The TPM has an owner passphrase (%s).\n"), what);
	return secret_read_line(STDIN_FILENO, _("TPM owner passphrase: "),
				TPM_HIERARCHY_AUTH_MAX, why, whylen);
}
