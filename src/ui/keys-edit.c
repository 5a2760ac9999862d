/* keys-edit.c - change the ROM keyring in the flash: each change on a checked copy, then one write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "hw/flash-edit.h"
#include "hw/romedit-keys.h"
#include "hw/romfiles.h"
#include "i18n.h"
#include "ui/keys-edit.h"
#include "ui/session.h"

void ui_key_files_find(const struct ui_session *s, struct ui_stick_files *files)
{
	static const char *const exts[] = { ".asc", ".gpg", ".pub", ".key", NULL };

	ui_stick_files_find(s, exts, files);
}

/* Open the flash for an edit of its vigil/ files; a restricted machine's keys stay as they are. */
static int begin(const struct ui_session *s, struct flash *flash, struct flash_edit *e,
		 char *err, size_t errlen)
{
	if (s->cfg.restricted) {
		snprintf(err, errlen, _("this machine is restricted (restricted = yes): its keys do "
					"not change from here"));
		return -1;
	}
	if (flash_open(flash, s->cfg.flash, err, errlen) < 0)
		return -1;
	return flash_edit_begin(e, flash, romedit_cbfstool(NULL), err, errlen);
}

int ui_key_add(const struct ui_session *s, const char *path, size_t *new_keys, char *err,
	       size_t errlen)
{
	struct flash flash;
	struct flash_edit e;
	size_t len;
	bool written;
	char *data = file_read_all(path, &len, ROMFILE_MAX_SIZE);
	int ret;

	*new_keys = 0;
	if (!data) {
		snprintf(err, errlen, _("key file %s: %s"), path, strerror(errno));
		return -1;
	}
	ret = begin(s, &flash, &e, err, errlen);
	if (ret == 0) {
		ret = romedit_add_keys(&e.ed, data, len, path, new_keys, err, errlen);
		if (ret == 0)
			ret = flash_edit_commit(&e, &written, err, errlen);
		flash_edit_end(&e);
	}
	free(data);
	return ret;
}

int ui_key_remove(const struct ui_session *s, const char *fpr, struct romkey *removed,
		  bool *none_left, char *err, size_t errlen)
{
	struct flash flash;
	struct flash_edit e;
	bool written;
	int ret;

	if (begin(s, &flash, &e, err, errlen) < 0)
		return -1;
	ret = romedit_remove_key(&e.ed, fpr, removed, none_left, err, errlen);
	if (ret == 0)
		ret = flash_edit_commit(&e, &written, err, errlen);
	flash_edit_end(&e);
	return ret;
}
