/* romedit-settings.h - the settings file (vigil/settings) of a ROM being edited. */
#ifndef VIGIL_ROMEDIT_SETTINGS_H
#define VIGIL_ROMEDIT_SETTINGS_H

#include <stddef.h>

#include "common/kvconf.h"
#include "hw/romedit.h"

/* The ROM's settings as it was opened (none: an empty conf); err names a file that is not text. */
int romedit_load_settings(const struct romedit *ed, struct kvconf *conf, char *err, size_t errlen);

/* Put conf into the copy as vigil/settings (none left: the file is removed). */
int romedit_store_settings(struct romedit *ed, const struct kvconf *conf, char *err, size_t errlen);

/* Set one checked setting (value "" removes it) in the copy; romedit_commit makes it so. */
int romedit_set_setting(struct romedit *ed, const char *key, const char *value, char *err,
			size_t errlen);

#endif
