/* cmd-tpm-owner.h - the command line's way to ask for the TPM owner passphrase. */
#ifndef VIGIL_CMD_TPM_OWNER_H
#define VIGIL_CMD_TPM_OWNER_H

#include <stddef.h>

#include "hw/tpm.h"

/*
 * A tpm_owner_prompt_fn reading the passphrase from standard input (without
 * echo on a terminal). main() sets it for every command; the menus set their own.
 */
struct secret *cmd_tpm_owner_prompt(void *ctx, const char *what, char *why, size_t whylen);

#endif
