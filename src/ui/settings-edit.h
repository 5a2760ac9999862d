/*
 * settings-edit.h - the owner's settings in the flash, as the menus show and
 * change them: every known setting with its value there (or none), one
 * changed at a time, checked, and written to the flash.
 */
#ifndef VIGIL_UI_SETTINGS_EDIT_H
#define VIGIL_UI_SETTINGS_EDIT_H

#include <stdbool.h>
#include <stddef.h>

struct ui_session;

struct ui_setting_row {
	const char *key;
	const char *help;	/* translated: the values it takes */
	char *value;		/* in the flash now; NULL when it is not set there */
};

struct ui_settings {
	struct ui_setting_row *rows;
	size_t count;
};

/*
 * Read the flash's settings. The recovery passphrase is not listed: its
 * hash is made from a passphrase typed twice (vigil rom recovery-passphrase),
 * never typed as a value. 0, or -1 with err.
 */
int ui_settings_read(const struct ui_session *s, struct ui_settings *out, char *err,
		     size_t errlen);
void ui_settings_free(struct ui_settings *settings);

/*
 * Give row value (an empty one removes the setting): checked first, then
 * written to the flash; the row holds the new value after it. *written is
 * false when the flash said so already. 0, or -1 with err (the flash is
 * then as it was).
 */
int ui_setting_change(const struct ui_session *s, struct ui_setting_row *row, const char *value,
		      bool *written, char *err, size_t errlen);

#endif
