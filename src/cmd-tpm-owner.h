/* cmd-tpm-owner.h - commands that write under the TPM's owner hierarchy ask for its passphrase. */
#ifndef VIGIL_CMD_TPM_OWNER_H
#define VIGIL_CMD_TPM_OWNER_H

#include <stddef.h>

#include "hw/tpm.h"

/*
 * When the TPM's owner hierarchy has a passphrase ('vigil tpm take-ownership'),
 * read it (without echo on a terminal) and give it to tpm, so NV writes and
 * sealing are authorised. Nothing to do without one. -1 with err.
 */
int cmd_tpm_owner_auth(struct tpm *tpm, char *err, size_t errlen);

#endif
