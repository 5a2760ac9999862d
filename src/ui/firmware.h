/* firmware.h - "Update the firmware" for both menus: ROM files on the disks, one checked, then written. */
#ifndef VIGIL_UI_FIRMWARE_H
#define VIGIL_UI_FIRMWARE_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/strbuf.h"
#include "hw/flash-update.h"
#include "ui/stick-files.h"

struct ui_session;

/* ROM files (*.rom) on the disks and sticks (stick-files.h). */
void ui_firmware_find(const struct ui_session *s, struct ui_stick_files *files);

struct ui_firmware_update {
	struct flash flash;
	struct flash_update_opts opts;
	struct flash_update update;
	char work_dir[64];	/* a private folder for the images */
	bool prepared;
};

/* Whether rom has a signature next to it (NAME.sig or NAME.asc). */
bool ui_firmware_signed(const char *rom);

/*
 * Check rom for this machine (allow_unsigned: the owner compared the sha256
 * shown) and put the image together, keeping the ROM's keys and settings.
 * Restricted machines take only signed ROMs. Nothing is written yet.
 */
int ui_firmware_prepare(const struct ui_session *s, const char *rom, bool allow_unsigned,
			struct ui_firmware_update *fw, char *err, size_t errlen);

/* What is about to be written, as lines for people. */
void ui_firmware_describe(const struct ui_firmware_update *fw, struct strlist *lines);

/* Write it (flashrom verifies; fn follows the progress); then remove the images. */
int ui_firmware_write(struct ui_firmware_update *fw, flash_progress_fn fn, void *ctx, char *err,
		      size_t errlen);
void ui_firmware_done(struct ui_firmware_update *fw);

/* The sha256 of a file as hex (for an unsigned ROM, to compare); -1 with err. */
int ui_firmware_sha256(const char *path, char hex[SHA256_HEX_LEN + 1], char *err, size_t errlen);

#endif
