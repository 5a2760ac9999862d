/* romfiles.h - the owner's files that vigil keeps in the ROM's CBFS ("vigil/..."), and their PCR 7 events. */
#ifndef VIGIL_ROMFILES_H
#define VIGIL_ROMFILES_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define ROMFILES_PREFIX "vigil/"
#define ROMFILE_KEYS "vigil/keys.asc"		/* armoured OpenPGP public keys that may sign /boot */
#define ROMFILE_SETTINGS "vigil/settings"	/* the owner's settings, key = value lines */

/* coreboot measures no raw CBFS file (contrib/coreboot/PCR2.md): vigil does, here. */
#define ROMFILES_PCR 7
#define ROMFILES_MAX 16			/* more vigil/ files than this is not a ROM vigil wrote */
#define ROMFILE_MAX_SIZE (1u << 20)	/* each; keys and settings are a few KiB */

struct romfile {
	char name[256];		/* "vigil/keys.asc" */
	uint8_t *data;		/* a copy (owned), len bytes, NUL after the end */
	size_t len;
	uint8_t sha256[SHA256_LEN];
};

/* The vigil/ files of a ROM in CBFS order; the first of a name wins, as in coreboot. */
struct romfiles {
	struct romfile items[ROMFILES_MAX];
	size_t count;
};

/*
 * Copy the vigil/ files out of the COREBOOT region of a ROM image. A
 * compressed file, a file larger than ROMFILE_MAX_SIZE or too many files is
 * an error (err names the file), as is a ROM without FMAP or CBFS.
 */
int romfiles_read(const uint8_t *rom, size_t len, struct romfiles *out,
		  char *err, size_t errlen);
const struct romfile *romfiles_get(const struct romfiles *files, const char *name);
void romfiles_free(struct romfiles *files);

/* Called for each measurement: description for the log, data to hash. */
typedef int (*romfiles_measure_fn)(void *ctx, const char *description, const void *data,
				   size_t len, char *err, size_t errlen);

/*
 * The PCR 7 events, in order: first the list of names ("vigil ROM files:
 * vigil/keys.asc vigil/settings", or "... none"; the data hashed is that same
 * text, so a missing file changes PCR 7 too), then each file's contents with
 * its name as the description. Stops at the first failure of fn.
 */
int romfiles_measure(const struct romfiles *files, romfiles_measure_fn fn, void *ctx,
		     char *err, size_t errlen);

/* PCR 7 after exactly these events on a reset TPM: what a boot of this ROM shows. */
void romfiles_predict_pcr7(const struct romfiles *files, uint8_t pcr[SHA256_LEN]);

#endif
