/* romedit-settings.c - read, change and put back the ROM's settings file while editing a ROM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/romedit-settings.h"
#include "hw/romfiles.h"
#include "hw/romsettings.h"
#include "i18n.h"

int romedit_load_settings(const struct romedit *ed, struct kvconf *conf, char *err, size_t errlen)
{
	const struct romfile *f = romfiles_get(&ed->files, ROMFILE_SETTINGS);

	memset(conf, 0, sizeof(*conf));
	if (!f)
		return 0;
	if (memchr(f->data, '\0', f->len)) {
		snprintf(err, errlen, _("%s in %s is not a text file"), ROMFILE_SETTINGS, ed->rom_path);
		return -1;
	}
	return kvconf_parse(conf, (const char *)f->data, ROMFILE_SETTINGS, err, errlen);
}

int romedit_store_settings(struct romedit *ed, const struct kvconf *conf, char *err, size_t errlen)
{
	char *text;
	int ret;

	if (!conf->count)
		return romedit_remove(ed, ROMFILE_SETTINGS, err, errlen);
	text = romsettings_format(conf);
	ret = romedit_put(ed, ROMFILE_SETTINGS, text, strlen(text), err, errlen);
	free(text);
	return ret;
}

int romedit_set_setting(struct romedit *ed, const char *key, const char *value, char *err,
			size_t errlen)
{
	struct kvconf conf;
	int ret;

	if (romedit_load_settings(ed, &conf, err, errlen) < 0)
		return -1;
	ret = romsetting_set(&conf, key, value, err, errlen);
	if (ret == 0)
		ret = romedit_store_settings(ed, &conf, err, errlen);
	kvconf_free(&conf);
	return ret;
}
