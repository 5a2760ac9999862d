/* romboot.h - init's ROM steps: start the event log, measure the ROM's vigil/ files, unpack them, build the keyring and settings. */
#ifndef VIGIL_ROMBOOT_H
#define VIGIL_ROMBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define ROMBOOT_FILES_DIR "/run/vigil/rom"		/* keys.asc, settings as found in the ROM */
#define ROMBOOT_GNUPGHOME "/run/vigil/gnupg"		/* the ROM keyring for boot verification */
#define ROMBOOT_SETTINGS "/run/vigil/settings.conf"	/* board config, then the ROM's settings */

struct romboot_paths {
	const char *memory;		/* physical memory: /dev/mem, or an image in tests */
	const char *board_config;	/* may be missing */
	const char *files_dir;
	const char *gnupghome;
	const char *settings;
};

struct romboot_state {
	bool log_has_coreboot;	/* coreboot's measurements are in the event log */
	bool tpm;		/* a TPM answered; false: basic mode */
	bool rom_read;		/* the running ROM's vigil/ files were read */
	bool measured;		/* ... and measured into PCR 7 */
	size_t files;		/* vigil/ files in use */
	size_t keys;		/* keys in the ROM keyring (0: none built) */
	bool settings;		/* paths->settings was written */
};

/* The payload's paths: /dev/mem, the board config, /run/vigil/... */
void romboot_default_paths(struct romboot_paths *paths);

/*
 * Run the steps in order; each failure is one line on out and the next
 * step goes on. A ROM file that could not be measured (TPM present) is not
 * used at all: PCR 7 must cover every key and setting in use.
 */
void romboot_run(const struct romboot_paths *paths, FILE *out, struct romboot_state *st);

#endif
