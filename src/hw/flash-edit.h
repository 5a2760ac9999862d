/* flash-edit.h - change the owner's vigil/ files in the flash: a copy read, edited with romedit, written back. */
#ifndef VIGIL_FLASH_EDIT_H
#define VIGIL_FLASH_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "hw/flash.h"
#include "hw/romedit.h"

struct flash_edit {
	const struct flash *flash;
	char dir[64];		/* private folder of the copy */
	char path[96];		/* the flash's copy, edited in place by romedit */
	struct romedit ed;	/* open on path between begin and end */
	bool open;
};

/* Read the flash into a private copy and open it for romedit; err says what failed. */
int flash_edit_begin(struct flash_edit *e, const struct flash *flash, const char *cbfstool,
		     char *err, size_t errlen);

/*
 * romedit_commit the changes made through e->ed into the copy (a no-op when
 * they are committed already) and say whether the copy now differs from what
 * was read from the flash. The flash is not written.
 */
int flash_edit_save(struct flash_edit *e, bool *changed, char *err, size_t errlen);

/* Write the copy to the flash (flashrom verifies it). */
int flash_edit_write(struct flash_edit *e, char *err, size_t errlen);

/*
 * flash_edit_save, then flash_edit_write when the copy changed (*written
 * says whether). A failure before the write leaves the flash as it was.
 */
int flash_edit_commit(struct flash_edit *e, bool *written, char *err, size_t errlen);

/* Remove the copy and its folder. */
void flash_edit_end(struct flash_edit *e);

#endif
