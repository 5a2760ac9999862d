/* bootverify.h - is the boot partition exactly what the owner signed? One cause per failure. */
#ifndef VIGIL_BOOTVERIFY_H
#define VIGIL_BOOTVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/gpg.h"
#include "crypto/manifest-build.h"
#include "crypto/manifest.h"

enum bootverify_status {
	BV_OK,
	BV_NO_MANIFEST,
	BV_NO_SIGNATURE,
	BV_BAD_SIGNATURE,
	BV_KEY_NOT_IN_ROM,
	BV_KEY_EXPIRED,
	BV_KEY_REVOKED,
	BV_SIG_EXPIRED,
	BV_MALFORMED,		/* signed, but not a manifest this vigil reads */
	BV_ROLLBACK,		/* manifest counter older than the TPM's */
	BV_COUNTER_MISMATCH,	/* manifest counter is for another NV index */
	BV_COUNTER_UNREADABLE,	/* the manifest names a TPM counter that cannot be read */
	BV_FILE_MODIFIED,
	BV_FILE_ADDED,
	BV_FILE_REMOVED,
	BV_SPECIAL_FILE,	/* device file, FIFO or socket on the partition */
	BV_ERROR,		/* could not read the partition or run GnuPG */
};

struct bootverify_opts {
	const char *gnupghome;		/* the ROM keyring: every key in it is trusted */
	struct manifest_counter tpm;	/* the TPM counter; !present: no TPM, not checked */
	/*
	 * Or, when tpm is not present: read the counter the signed manifest
	 * names: 0 with *value, 1 when there is no such counter (no TPM, or
	 * never created), -1 with err when it cannot be read. Called only
	 * after the signature checked out, so unsigned bytes never pick the
	 * index. A manifest that names a counter fails unless it reads (0).
	 * For a manifest signed without a counter it reads the default index
	 * (MANIFEST_NV_INDEX_DEFAULT): when that counter exists the manifest is
	 * refused as a rollback, when there is none there is nothing to check,
	 * and when the TPM cannot tell the boot fails closed.
	 */
	int (*read_counter)(uint32_t nv_index, uint64_t *value, void *ctx, char *err,
			    size_t errlen);
	void *read_counter_ctx;
	struct manifest_walk walk;	/* progress while hashing */
};

struct bootverify_result {
	enum bootverify_status status;
	char file[MANIFEST_MAX_PATH * 4 + 1];	/* escaped path the failure is about, or "" */
	char message[MANIFEST_MAX_PATH * 4 + 512];	/* the whole story, for the screen and the log
							   (on success too: files, signer, counter) */
	struct gpg_signer signer;		/* once the signature checked out */
	struct manifest_counter counter;	/* the manifest's counter */
	bool counter_checked;
	struct manifest_counter tpm_counter;	/* what it was checked against */
	size_t files;				/* entries verified */
	unsigned long long bytes;		/* bytes hashed */
};

/*
 * Verify root against root/vigil/manifest and its signature: signature and
 * key first, then the manifest's syntax, the rollback counter, and the tree
 * (names and sizes, then contents). Stops at the first failure; returns the
 * status also stored in res->status.
 */
enum bootverify_status bootverify(const char *root, const struct bootverify_opts *opts,
				  struct bootverify_result *res);

/* Stable short name of a status ("file-modified"), for logs and tests. */
const char *bootverify_status_name(enum bootverify_status status);

#endif
