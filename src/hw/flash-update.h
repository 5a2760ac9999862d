/* flash-update.h - replace the firmware: check the new ROM, keep the owner's files, then write the flash. */
#ifndef VIGIL_FLASH_UPDATE_H
#define VIGIL_FLASH_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/gpg.h"
#include "hw/flash-predict.h"
#include "hw/flash.h"
#include "hw/romupdate.h"

struct flash_update_opts {
	const char *new_rom;		/* the ROM file to flash */
	const char *signature;		/* detached signature; NULL: NEW_ROM.sig, then .asc, if there */
	bool allow_unsigned;		/* no signature: the owner compared the sha256 instead */
	bool erase_settings;		/* flash the ROM as it is, dropping the running ROM's keys and settings */
	const char *gnupghome;		/* the keys a signature must come from (the ROM's) */
	const char *cbfstool;
	const char *work_dir;		/* where the images are put together ("/run/vigil") */
};

struct flash_update {
	struct romupdate_info info;	/* board, version, sha256 and PCR 2 of the new ROM */
	bool is_signed;
	struct gpg_signer signer;	/* who signed it, when is_signed */
	size_t carried;			/* vigil/ files kept from the running ROM */
	uint8_t pcr7[SHA256_LEN];	/* what the new flash's vigil/ files will put in PCR 7 */
	char current[300];		/* the flash as it was read */
	char image[300];		/* what will be written */
};

/*
 * Read the flash, check the new ROM (board, size, a signature by one of the
 * ROM's keys unless allow_unsigned), and put the image to write together.
 * Nothing is written to the flash. err names the file or step that failed.
 */
int flash_update_prepare(struct flash_update *u, const struct flash *flash,
			 const struct flash_update_opts *opts, char *err, size_t errlen);

/* Whether the new ROM has a signature to check (the one named, or NEW.sig / NEW.asc). */
bool flash_update_signature_exists(const struct flash_update_opts *opts);

/*
 * The PCR 2 and PCR 7 the flash produces once the prepared image is written
 * (what flash_predict reads back then), without reading anything.
 */
void flash_update_prediction(const struct flash_update *u, struct flash_prediction *out);

/* Write the prepared image (fn, when not NULL, follows the progress); flashrom verifies it. */
int flash_update_write(const struct flash_update *u, const struct flash *flash,
		       flash_progress_fn fn, void *ctx, char *err, size_t errlen);

/* Remove the images. */
void flash_update_done(struct flash_update *u);

#endif
