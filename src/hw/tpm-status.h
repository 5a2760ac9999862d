/* tpm-status.h - is there a TPM, which version, is it usable, and its lockout state. */
#ifndef VIGIL_TPM_STATUS_H
#define VIGIL_TPM_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"
#include "hw/tpm.h"

enum tpm_presence {
	TPM_ABSENT,		/* the kernel found no TPM */
	TPM_VERSION_1_2,	/* a TPM 1.2: vigil does not support it (yet) */
	TPM_VERSION_2_0,
};

/* Ask the kernel (sysfs_class: NULL for /sys/class/tpm) which TPM there is. */
enum tpm_presence tpm_probe(const char *sysfs_class);

struct tpm_status {
	char manufacturer[5];		/* four ASCII letters, as in "IBM " or "STM " */
	int storage_disabled;		/* the owner hierarchy is switched off */
	int in_lockout;			/* dictionary-attack lockout */
	uint32_t failed_tries;		/* lockout counter */
	uint32_t max_tries;		/* failures before lockout */
	uint32_t recovery_time;		/* seconds to forget one failure */
	uint32_t lockout_recovery;	/* seconds after a failed lockout-auth use */
};

int tpm_status_read(struct tpm *tpm, struct tpm_status *st, char *err, size_t errlen);

/* Dictionary-attack parameters and reset, authorised by the lockout passphrase (NULL: empty). */
int tpm_da_set(struct tpm *tpm, uint32_t max_tries, uint32_t recovery_time,
	       uint32_t lockout_recovery, const struct secret *lockout_auth,
	       char *err, size_t errlen);
int tpm_da_reset(struct tpm *tpm, const struct secret *lockout_auth, char *err, size_t errlen);

#endif
