/* settings-save.c - one setting into the flash's vigil/settings, through a checked copy. */
#include "hw/flash-edit.h"
#include "hw/romedit-settings.h"
#include "ui/session.h"
#include "ui/settings-save.h"

int ui_save_setting(const struct ui_session *s, const char *key, const char *value,
		    bool *written, char *err, size_t errlen)
{
	struct flash flash;
	struct flash_edit e;
	int ret;

	*written = false;
	if (flash_open(&flash, s->cfg.flash, err, errlen) < 0 ||
	    flash_edit_begin(&e, &flash, romedit_cbfstool(NULL), err, errlen) < 0)
		return -1;
	ret = romedit_set_setting(&e.ed, key, value, err, errlen);
	if (ret == 0)
		ret = flash_edit_commit(&e, written, err, errlen);
	flash_edit_end(&e);
	return ret;
}
