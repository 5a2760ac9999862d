/* romedit.h - change the vigil/ files of a ROM file on the host with cbfstool, all or nothing. */
#ifndef VIGIL_ROMEDIT_H
#define VIGIL_ROMEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/pcr-predict.h"
#include "hw/romfiles.h"

#define ROM_FILE_MAX_SIZE (64u << 20)

/* cbfstool to run: option (--cbfstool), else $VIGIL_CBFSTOOL, else "cbfstool" in PATH. */
const char *romedit_cbfstool(const char *option);

/*
 * An edit: the ROM file is read once, changes go to a copy next to it
 * (cbfstool COPY remove / add), and romedit_commit puts the copy in place
 * atomically once it reads back right. Until then the ROM is untouched.
 */
struct romedit {
	char *rom_path;
	char *copy_path;		/* NULL until the first change */
	const char *cbfstool;
	uint8_t *rom;			/* the original contents */
	size_t rom_len;
	struct romfiles files;		/* the vigil/ files of the original */
	bool has_pcr2;			/* the original's PCR 2 prediction succeeded */
	struct pcr_prediction pcr2;
};

/* Read rom_path and its vigil/ files; err names the ROM file. */
int romedit_open(struct romedit *ed, const char *rom_path, const char *cbfstool,
		 char *err, size_t errlen);

/* Replace (or add) the raw CBFS file name with data in the copy. */
int romedit_put(struct romedit *ed, const char *name, const void *data, size_t len,
		char *err, size_t errlen);
/* Remove name from the copy; removing a file that is not there is not an error. */
int romedit_remove(struct romedit *ed, const char *name, char *err, size_t errlen);

/*
 * Check the copy (the vigil/ files are what was put, and the predicted PCR 2
 * has not changed: these files are data, never code) and rename it over the
 * ROM. The ROM is left as it was on any failure.
 */
int romedit_commit(struct romedit *ed, char *err, size_t errlen);

/* Remove the copy if there is one and free everything (after commit too). */
void romedit_close(struct romedit *ed);

#endif
