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
	int owner_auth_set;		/* the owner hierarchy has a passphrase */
	int lockout_auth_set;		/* the lockout hierarchy has a passphrase */
};

/* TPM_ERR_VERSION_1_2 when a TPM 1.2 answers (as through a simulator TCTI). */
int tpm_status_read(struct tpm *tpm, struct tpm_status *st, char *err, size_t errlen);

/*
 * Seconds at most until a TPM in lockout leaves it by itself (it forgets one
 * failure every recovery_time s); 0 when not in lockout; UINT32_MAX when it
 * never does (recovery_time 0: only the lockout passphrase helps).
 */
uint32_t tpm_lockout_seconds_left(const struct tpm_status *st);

/*
 * Dictionary-attack parameters and reset, authorised by lockout_auth or,
 * when NULL, the passphrase given to tpm_set_lockout_auth() (empty if none).
 * A lockout_auth given here is kept for later lockout operations.
 */
int tpm_da_set(struct tpm *tpm, uint32_t max_tries, uint32_t recovery_time,
	       uint32_t lockout_recovery, const struct secret *lockout_auth,
	       char *err, size_t errlen);
int tpm_da_reset(struct tpm *tpm, const struct secret *lockout_auth, char *err, size_t errlen);

/*
 * Take ownership: give the owner and lockout hierarchies new_auth (both
 * currently authorised by what tpm_set_*_auth() set, empty by default), and
 * keep it for the operations that follow. A failure names the hierarchy;
 * if the lockout one fails, the owner one has already changed.
 */
int tpm_take_ownership(struct tpm *tpm, const struct secret *new_auth, char *err, size_t errlen);

/*
 * TPM2_Clear with the lockout passphrase: new owner seeds (every sealed
 * object and the storage root key become useless), every owner NV index
 * (counters, records) removed, both passphrases empty again.
 */
int tpm_clear(struct tpm *tpm, char *err, size_t errlen);

#endif
