/* manifest-build.h - walk a boot partition and hash its files into a manifest. */
#ifndef VIGIL_MANIFEST_BUILD_H
#define VIGIL_MANIFEST_BUILD_H

#include <stdint.h>
#include <sys/types.h>

#include "crypto/manifest.h"

/* Called as bytes are hashed (for a progress bar); total is known up front. */
typedef void (*manifest_progress_fn)(uint64_t done, uint64_t total, void *ctx);
/* Called for a directory that is another mount point: it is not covered. */
typedef void (*manifest_skip_fn)(const char *escaped_path, void *ctx);

struct manifest_walk {
	manifest_progress_fn progress;	/* may be NULL */
	manifest_skip_fn skipped;	/* may be NULL */
	void *ctx;
};

/* What went wrong in the last failed call, so verification can name the cause. */
enum tree_error { TREE_OK, TREE_IO, TREE_SPECIAL_FILE, TREE_CHANGED };

/*
 * An open boot partition root. Nothing is followed out of it: symlinks are
 * recorded (never followed), other mount points are skipped, and device
 * files, FIFOs and sockets are refused.
 */
struct manifest_tree {
	int rootfd;
	dev_t dev;
	unsigned char *buf;
	struct manifest_walk walk;
	uint64_t done, total;
	enum tree_error error;
	char *error_path;	/* escaped path of the file the error is about, or NULL */
};

int manifest_tree_open(struct manifest_tree *t, const char *root,
		       const struct manifest_walk *walk, char *err, size_t errlen);
void manifest_tree_close(struct manifest_tree *t);
/* List every file and link (sizes and targets, no hashes) sorted by path; adds to t->total. */
int manifest_tree_scan(struct manifest_tree *t, struct manifest *out, char *err, size_t errlen);
/* Stream one file (path relative to the root) through SHA-256; *size gets the bytes read. */
int manifest_tree_hash(struct manifest_tree *t, const char *path, uint8_t out[SHA256_LEN],
		       uint64_t *size, char *err, size_t errlen);

/* Scan and hash root into a complete, sorted manifest carrying counter. */
int manifest_build(const char *root, const struct manifest_walk *walk,
		   const struct manifest_counter *counter, struct manifest *out,
		   char *err, size_t errlen);

#endif
