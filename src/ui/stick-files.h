/* stick-files.h - files the owner brings on a USB stick or disk (ROMs, keys), found in each top folder. */
#ifndef VIGIL_UI_STICK_FILES_H
#define VIGIL_UI_STICK_FILES_H

#include <stddef.h>

#include "boot/discover.h"

struct ui_session;

#define UI_STICK_MOUNT_DIR "/run/vigil/stick-mnt"
#define UI_STICK_FILES_MAX 32

struct ui_stick_file {
	char *path;		/* where it can be read now */
	char *where;		/* for people: "new.rom on vdb1 (vigilupd)" */
};

struct ui_stick_files {
	struct ui_stick_file items[UI_STICK_FILES_MAX];
	size_t count;
	struct discovery disc;	/* mounted until ui_stick_files_free */
};

/*
 * The plain files whose names end in one of exts (NULL-terminated, any
 * case) in the top folder of each file system: the configured boot dirs
 * when there are any (tests, a fixed layout), else every disk and USB stick,
 * probed again so that a stick put in after power-on is found. Sorted by
 * where; count 0 is not an error.
 */
void ui_stick_files_find(const struct ui_session *s, const char *const *exts,
			 struct ui_stick_files *files);
/* exts NULL: the file systems themselves (path: where each is mounted), to write to. */
void ui_stick_files_free(struct ui_stick_files *files);

#endif
