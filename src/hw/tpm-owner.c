/*
 * tpm-owner.c - the owner passphrase asked for where an operation needs it,
 * through the prompt of whichever front end runs (a terminal line, a menu
 * dialog), so that no caller has to know which operations need it.
 */
#include <stdbool.h>
#include <stdio.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-status.h"

/* The front end's prompt: set once at start, owned by this module. */
static tpm_owner_prompt_fn owner_prompt;
static void *owner_prompt_ctx;

void tpm_set_owner_prompt(tpm_owner_prompt_fn fn, void *ctx)
{
	owner_prompt = fn;
	owner_prompt_ctx = ctx;
}

void tpm_get_owner_prompt(tpm_owner_prompt_fn *fn, void **ctx)
{
	*fn = owner_prompt;
	*ctx = owner_prompt_ctx;
}

int tpm_owner_ready(struct tpm *tpm, const char *what, bool ask, char *err, size_t errlen)
{
	struct tpm_status st;
	struct secret *pass;
	char why[256];
	int ret;

	if (tpm_holds_owner_auth(tpm))
		return 0;
	if (tpm_status_read(tpm, &st, err, errlen) < 0)
		return -1;
	if (!st.owner_auth_set)
		return 0;
	if (!ask) {
		snprintf(err, errlen, "%s needs the TPM owner passphrase, which is not asked for "
			 "here", what);
		return TPM_ERR_AUTH;
	}
	if (!owner_prompt) {
		snprintf(err, errlen, "%s needs the TPM owner passphrase, and nothing here can "
			 "ask for it", what);
		return TPM_ERR_AUTH;
	}
	pass = owner_prompt(owner_prompt_ctx, what, why, sizeof(why));
	if (!pass) {
		snprintf(err, errlen, "%s needs the TPM owner passphrase: %s", what, why);
		return TPM_ERR_AUTH;
	}
	ret = tpm_set_owner_auth(tpm, pass, err, errlen);
	secret_free(pass);
	return ret;
}
