/* flash-edit.c - the flash's vigil/ files edited on a copy; the flash written only when the copy changed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/hash.h"
#include "hw/flash-edit.h"
#include "i18n.h"

int flash_edit_begin(struct flash_edit *e, const struct flash *flash, const char *cbfstool,
		     char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->flash = flash;
	snprintf(e->dir, sizeof(e->dir), "/tmp/vigil-flash-edit.XXXXXX");
	if (!mkdtemp(e->dir)) {
		snprintf(err, errlen, _("cannot make a folder for the flash's copy: %s"),
			 strerror(errno));
		e->dir[0] = '\0';
		return -1;
	}
	snprintf(e->path, sizeof(e->path), "%s/flash.rom", e->dir);
	if (flash_read(flash, e->path, err, errlen) < 0 ||
	    romedit_open(&e->ed, e->path, cbfstool, err, errlen) < 0) {
		flash_edit_end(e);
		return -1;
	}
	e->open = true;
	return 0;
}

int flash_edit_save(struct flash_edit *e, bool *changed, char *err, size_t errlen)
{
	uint8_t before[SHA256_LEN], after[SHA256_LEN];

	*changed = false;
	/* e->ed.rom stays what was read from the flash, whatever was committed since. */
	hash_sha256(e->ed.rom, e->ed.rom_len, before);
	if (romedit_commit(&e->ed, err, errlen) < 0)
		return -1;
	if (hash_sha256_file(e->path, after) < 0) {
		snprintf(err, errlen, _("%s: %s"), e->path, strerror(errno));
		return -1;
	}
	*changed = memcmp(before, after, SHA256_LEN) != 0;
	return 0;
}

int flash_edit_write(struct flash_edit *e, char *err, size_t errlen)
{
	return flash_write(e->flash, e->path, err, errlen);
}

int flash_edit_commit(struct flash_edit *e, bool *written, char *err, size_t errlen)
{
	bool changed;

	*written = false;
	if (flash_edit_save(e, &changed, err, errlen) < 0)
		return -1;
	if (!changed)
		return 0;	/* nothing to write */
	if (flash_edit_write(e, err, errlen) < 0)
		return -1;
	*written = true;
	return 0;
}

void flash_edit_end(struct flash_edit *e)
{
	if (e->open)
		romedit_close(&e->ed);
	e->open = false;
	if (e->path[0])
		unlink(e->path);
	if (e->dir[0])
		rmdir(e->dir);
	e->path[0] = e->dir[0] = '\0';
}
