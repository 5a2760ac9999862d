/* settings-save.h - a setting the menu changed, saved in the flash's ROM settings for every boot. */
#ifndef VIGIL_UI_SETTINGS_SAVE_H
#define VIGIL_UI_SETTINGS_SAVE_H

#include <stdbool.h>
#include <stddef.h>

struct ui_session;

/*
 * Set key = value in the ROM settings (vigil/settings) of the machine's
 * flash: read, edited on a copy with checks, written back with flashrom.
 * *written is false when the flash already said so. The flash is left as it
 * was on any failure before the write; err says what failed.
 */
int ui_save_setting(const struct ui_session *s, const char *key, const char *value,
		    bool *written, char *err, size_t errlen);

#endif
