/* manifest-store.h - the manifest and its signature on disk: read the pair, replace it atomically. */
#ifndef VIGIL_MANIFEST_STORE_H
#define VIGIL_MANIFEST_STORE_H

#include <stddef.h>

/* The signed pair as bytes, exactly as read (the signature covers these bytes). */
struct manifest_pair {
	char *manifest;
	size_t manifest_len;
	char *sig;
	size_t sig_len;
};

enum store_status { STORE_OK, STORE_NO_MANIFEST, STORE_NO_SIGNATURE, STORE_ERROR };

/* Read ROOT/vigil/manifest and ROOT/vigil/manifest.sig, following no symlink. */
enum store_status manifest_store_read(const char *root, struct manifest_pair *pair,
				      char *err, size_t errlen);
void manifest_pair_free(struct manifest_pair *pair);

/*
 * Remove what an interrupted signing left in ROOT/.vigil-stage (only the two
 * names vigil writes there; anything else is an error, never deleted).
 */
int manifest_store_clean(const char *root, char *err, size_t errlen);

/*
 * Replace the pair so that a crash at any moment leaves either the old pair
 * or the new pair in ROOT/vigil, never a mix: write both into .vigil-stage,
 * fsync, swap the two directories with renameat2(RENAME_EXCHANGE), fsync the
 * root, then remove the old pair. Returns 0, or -1 with the old pair intact.
 */
int manifest_store_write(const char *root, const void *manifest, size_t manifest_len,
			 const void *sig, size_t sig_len, char *err, size_t errlen);

#endif
