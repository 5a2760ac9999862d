/* manifest.h - the signed list of every file on the boot partition (format: doc/manifest.md). */
#ifndef VIGIL_MANIFEST_H
#define VIGIL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define MANIFEST_MAGIC "vigil-manifest"
#define MANIFEST_VERSION 1
/* Upper bounds for the reader: a /boot holds some hundred files, not millions. */
#define MANIFEST_MAX_SIZE (16u << 20)
#define MANIFEST_MAX_PATH 4096

/*
 * Where the signed pair lives, relative to the boot partition root. Signing
 * prepares the next pair in the stage directory and swaps the two directories
 * in one step (see manifest-store.h).
 */
#define MANIFEST_DIR "vigil"
#define MANIFEST_STAGE_DIR ".vigil-stage"
#define MANIFEST_NAME "manifest"
#define MANIFEST_SIG_NAME "manifest.sig"

enum manifest_entry_type { MANIFEST_FILE, MANIFEST_LINK };

struct manifest_entry {
	enum manifest_entry_type type;
	char *path;		/* raw bytes relative to the root, '/'-separated */
	uint64_t size;		/* files only */
	uint8_t sha256[SHA256_LEN];	/* files only */
	char *target;		/* links only: raw bytes of the link */
};

/*
 * The TPM 2.0 NV counter vigil uses against rollback unless told otherwise
 * (owner range; "VL"). The TPM module creates it; this is only the default name.
 */
#define MANIFEST_NV_INDEX_DEFAULT 0x0100564cu

/* The TPM rollback counter the manifest was signed with; absent = "counter none". */
struct manifest_counter {
	bool present;
	uint32_t nv_index;
	uint64_t value;
};

struct manifest {
	struct manifest_counter counter;
	struct manifest_entry *entries;
	size_t count, cap;
};

void manifest_init(struct manifest *m);
void manifest_free(struct manifest *m);
/* Append an entry (path copied); fill in the rest through the pointer. */
struct manifest_entry *manifest_add(struct manifest *m, enum manifest_entry_type type,
				    const char *path);
/* Sort entries by path, byte-wise (the order the format requires). */
void manifest_sort(struct manifest *m);
/* Binary search in a sorted manifest; NULL if absent. */
const struct manifest_entry *manifest_find(const struct manifest *m, const char *path);

/*
 * Strict reader: text of len bytes (named name in messages). On error returns
 * -1, leaves m empty and writes "name:line: reason" to err.
 */
int manifest_parse(struct manifest *m, const char *text, size_t len, const char *name,
		   char *err, size_t errlen);
/*
 * Fill c from command-line text: value is a decimal counter, nv_index a hex
 * NV index (NULL: the default). Returns -1 with err naming the bad argument.
 */
int manifest_counter_from_args(struct manifest_counter *c, const char *value,
			       const char *nv_index, char *err, size_t errlen);
/* Parse a TPM NV index given on the command line (hex, like 0x0100564c); -1 with err. */
int manifest_nv_index_from_arg(uint32_t *nv_index, const char *arg, char *err, size_t errlen);
/* Serialise a sorted manifest; returns a NUL-terminated buffer, length in *len. */
char *manifest_format(const struct manifest *m, size_t *len);

/*
 * Escape raw bytes for the manifest and for display: space, '\', control
 * characters and bytes >= 0x7f become \xHH, so the result is printable ASCII
 * and safe to show on a terminal. Returns an allocated string.
 */
char *manifest_escape(const char *raw);
/* The manifest and signature paths (live and staged): never listed, never hashed. */
bool manifest_path_is_reserved(const char *path);
/* Whether byte c must be written as \xHH. */
bool manifest_must_escape(unsigned char c);

#endif
