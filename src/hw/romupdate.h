/* romupdate.h - check a new ROM against the running one and carry the owner's vigil/ files into it. */
#ifndef VIGIL_ROMUPDATE_H
#define VIGIL_ROMUPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/pcr-predict.h"

#define ROMUPDATE_BUILD_INFO "build_info"	/* coreboot's CBFS file naming version and board */

struct romupdate_info {
	char board[160];		/* MAINBOARD_VENDOR MAINBOARD_PART_NUMBER of the new ROM */
	char version[96];		/* its COREBOOT_VERSION */
	char sha256[SHA256_HEX_LEN + 1];	/* of the new ROM as given */
	struct pcr_prediction pcr2;	/* what the new ROM will put in PCR 2 */
};

/*
 * Check that new_rom can replace cur_rom in the flash: the same size, a
 * coreboot ROM whose PCR 2 can be predicted (FMAP, CBFS, stages, payload),
 * and built for the same board (coreboot's build_info in both). err names
 * what does not fit: flashing a ROM for another board leaves a machine that
 * does not start.
 */
int romupdate_check(const uint8_t *cur_rom, size_t cur_len, const uint8_t *new_rom, size_t new_len,
		    struct romupdate_info *info, char *err, size_t errlen);

/*
 * Make the file at path (a copy of the new ROM) hold the running ROM's
 * vigil/ files (keys, settings) instead of its own, with cbfstool; the file
 * is replaced atomically once it reads back right. *carried says how many.
 */
int romupdate_carry_files(const uint8_t *cur_rom, size_t cur_len, const char *path,
			  const char *cbfstool, size_t *carried, char *err, size_t errlen);

#endif
