/* settings-edit.c - list the flash's settings and change one, through the checked flash copy. */
#include <stdlib.h>
#include <string.h>

#include "common/kvconf.h"
#include "common/xmalloc.h"
#include "hw/flash-edit.h"
#include "hw/romedit-settings.h"
#include "hw/romsettings.h"
#include "i18n.h"
#include "ui/session.h"
#include "ui/settings-edit.h"
#include "ui/settings-save.h"

/* Set only from a passphrase typed twice, never as a value. */
#define NOT_EDITABLE "recovery_passphrase"

int ui_settings_read(const struct ui_session *s, struct ui_settings *out, char *err,
		     size_t errlen)
{
	struct flash flash;
	struct flash_edit e;
	struct kvconf conf;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (flash_open(&flash, s->cfg.flash, err, errlen) < 0 ||
	    flash_edit_begin(&e, &flash, romedit_cbfstool(NULL), err, errlen) < 0)
		return -1;
	if (romedit_load_settings(&e.ed, &conf, err, errlen) < 0) {
		flash_edit_end(&e);
		return -1;
	}
	flash_edit_end(&e);
	out->rows = xcalloc(romsettings_count(), sizeof(*out->rows));
	for (i = 0; i < romsettings_count(); i++) {
		const struct romsetting_info *info = romsetting_at(i);
		const char *v;

		if (!strcmp(info->key, NOT_EDITABLE))
			continue;
		v = kvconf_get(&conf, info->key);
		out->rows[out->count].key = info->key;
		out->rows[out->count].help = _(info->help);
		out->rows[out->count].value = v ? xstrdup(v) : NULL;
		out->count++;
	}
	kvconf_free(&conf);
	return 0;
}

void ui_settings_free(struct ui_settings *settings)
{
	size_t i;

	for (i = 0; i < settings->count; i++)
		free(settings->rows[i].value);
	free(settings->rows);
	memset(settings, 0, sizeof(*settings));
}

int ui_setting_change(const struct ui_session *s, struct ui_setting_row *row, const char *value,
		      bool *written, char *err, size_t errlen)
{
	*written = false;
	/* Checked before the flash is read: a typo costs no 16 MiB read. */
	if (*value && romsetting_check(row->key, value, err, errlen) < 0)
		return -1;
	if (ui_save_setting(s, row->key, value, written, err, errlen) < 0)
		return -1;
	free(row->value);
	row->value = *value ? xstrdup(value) : NULL;
	return 0;
}
