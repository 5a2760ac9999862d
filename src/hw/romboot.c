/* romboot.c - what init does with the ROM before the menu starts: measure first, then use. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/kvconf.h"
#include "common/xmalloc.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/rom.h"
#include "hw/romboot.h"
#include "hw/romfiles.h"
#include "hw/romkeys.h"
#include "hw/romsettings.h"
#include "hw/tpm.h"
#include "i18n.h"

#define ROM_UNREADABLE "vigil ROM files: unreadable"

void romboot_default_paths(struct romboot_paths *paths)
{
	paths->memory = ROM_DEVMEM;
	paths->board_config = SYSCONFDIR "/vigil/board.conf";
	paths->files_dir = ROMBOOT_FILES_DIR;
	paths->gnupghome = ROMBOOT_GNUPGHOME;
	paths->settings = ROMBOOT_SETTINGS;
}

static void start_log(const struct romboot_paths *paths, FILE *out, struct romboot_state *st)
{
	char err[512];
	int ret = measure_init(paths->memory, err, sizeof(err));

	st->log_has_coreboot = ret == 0;
	if (ret > 0)
		fprintf(out, _("vigil init: event log started without coreboot's measurements: %s\n"),
			err);
	else if (ret < 0)
		fprintf(out, _("vigil init: no event log: %s\n"), err);
}

static void probe_tpm(FILE *out, struct romboot_state *st)
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	st->tpm = tpm != NULL;
	if (tpm)
		tpm_close(tpm);
	else
		fprintf(out, _("vigil init: no TPM (%s): basic mode, nothing is measured and "
			       "the firmware cannot be attested\n"), err);
}

static int read_rom(const struct romboot_paths *paths, struct romfiles *files,
		    char *err, size_t errlen)
{
	struct rom_memory mem;
	struct rom_running rom;
	int ret;

	if (rom_memory_open(&mem, paths->memory, err, errlen) < 0)
		return -1;
	ret = rom_find_running(&mem, &rom, err, errlen);
	if (ret == 0) {
		ret = romfiles_read(rom.data, rom.len, files, err, errlen);
		rom_release(&mem, &rom);
	}
	rom_memory_close(&mem);
	return ret;
}

static int measure_pcr7(void *ctx, const char *description, const void *data, size_t len,
			char *err, size_t errlen)
{
	return measure_data(ROMFILES_PCR, EV_IPL, description, data, len, err, errlen);
}

/* Read and measure; on return files holds only what may be used. */
static void read_and_measure(const struct romboot_paths *paths, FILE *out,
			     struct romfiles *files, struct romboot_state *st)
{
	char err[512], why[512];

	st->rom_read = read_rom(paths, files, why, sizeof(why)) == 0;
	if (!st->rom_read) {
		fprintf(out, _("vigil init: cannot read the ROM's vigil/ files: %s\n"), why);
		/* PCR 7 must not look like a ROM without files. */
		if (st->tpm && measure_data(ROMFILES_PCR, EV_IPL, ROM_UNREADABLE, ROM_UNREADABLE,
					    strlen(ROM_UNREADABLE), err, sizeof(err)) < 0)
			fprintf(out, _("vigil init: %s\n"), err);
		return;
	}
	if (!st->tpm)
		return;
	if (romfiles_measure(files, measure_pcr7, NULL, err, sizeof(err)) < 0) {
		fprintf(out, _("vigil init: the ROM's vigil/ files are not used: they could not be "
			       "measured: %s\n"), err);
		romfiles_free(files);
		return;
	}
	st->measured = true;
}

/* "vigil/keys.asc" -> "keys.asc"; NULL for a name that is not one plain file name. */
static const char *plain_name(const char *name)
{
	const char *base = name + strlen(ROMFILES_PREFIX);

	if (!*base || *base == '.' ||
	    strspn(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(base))
		return NULL;
	return base;
}

static void unpack(const struct romboot_paths *paths, FILE *out, const struct romfiles *files)
{
	size_t i;

	if (mkdir(paths->files_dir, 0700) < 0 && errno != EEXIST) {
		fprintf(out, _("vigil init: cannot make %s: %s\n"), paths->files_dir, strerror(errno));
		return;
	}
	for (i = 0; i < files->count; i++) {
		const struct romfile *f = &files->items[i];
		const char *base = plain_name(f->name);
		char *path;

		if (!base) {
			fprintf(out, _("vigil init: ROM file %s not unpacked: not a plain file name\n"),
				f->name);
			continue;
		}
		path = xasprintf("%s/%s", paths->files_dir, base);
		if (file_write_atomic(path, f->data, f->len, 0600) < 0)
			fprintf(out, _("vigil init: cannot write %s: %s\n"), path, strerror(errno));
		free(path);
	}
}

static void build_keyring(const struct romboot_paths *paths, FILE *out,
			  const struct romfiles *files, struct romboot_state *st)
{
	const struct romfile *keys = romfiles_get(files, ROMFILE_KEYS);
	char err[512];

	if (!keys) {
		fprintf(out, _("vigil init: the ROM holds no keys (%s): /boot cannot be verified\n"),
			ROMFILE_KEYS);
		return;
	}
	if (romkeys_import(paths->gnupghome, keys->data, keys->len, &st->keys, err,
			   sizeof(err)) < 0) {
		st->keys = 0;
		fprintf(out, _("vigil init: the ROM keyring is not used: %s\n"), err);
	}
}

/* The ROM's settings that pass the checks; NULL if there are none to use. */
static char *rom_settings(FILE *out, const struct romfiles *files)
{
	const struct romfile *f = romfiles_get(files, ROMFILE_SETTINGS);
	struct kvconf conf;
	char err[600], *text;

	if (!f)
		return NULL;
	if (memchr(f->data, '\0', f->len) ||
	    kvconf_parse(&conf, (const char *)f->data, ROMFILE_SETTINGS, err, sizeof(err)) < 0) {
		fprintf(out, _("vigil init: the ROM's settings are not used: %s\n"),
			memchr(f->data, '\0', f->len) ? _("not a text file") : err);
		return NULL;
	}
	if (romsettings_sanitize(&conf, err, sizeof(err)))
		fprintf(out, _("vigil init: ROM setting ignored: %s\n"), err);
	text = romsettings_format(&conf);
	kvconf_free(&conf);
	return text;
}

static void write_settings(const struct romboot_paths *paths, FILE *out,
			   const struct romfiles *files, struct romboot_state *st)
{
	struct kvconf board = { 0 };
	char err[600], *board_text, *rom_text, *keyring, *all;

	if (access(paths->board_config, F_OK) == 0 &&
	    kvconf_load(&board, paths->board_config, err, sizeof(err)) < 0)
		fprintf(out, _("vigil init: board config not used: %s\n"), err);
	board_text = romsettings_format(&board);
	kvconf_free(&board);
	rom_text = rom_settings(out, files);
	keyring = st->keys ? xasprintf("keyring = \"%s\"\n", paths->gnupghome) : xstrdup("");
	/* Later lines win: the ROM's settings override the board's. */
	all = xasprintf("# written by vigil init: %s, then the ROM's %s\n%s%s%s",
			paths->board_config, ROMFILE_SETTINGS, board_text,
			rom_text ? rom_text : "", keyring);
	if (file_write_atomic(paths->settings, all, strlen(all), 0600) < 0)
		fprintf(out, _("vigil init: cannot write %s: %s\n"), paths->settings, strerror(errno));
	else
		st->settings = true;
	free(board_text);
	free(rom_text);
	free(keyring);
	free(all);
}

void romboot_run(const struct romboot_paths *paths, FILE *out, struct romboot_state *st)
{
	struct romfiles files = { .count = 0 };

	memset(st, 0, sizeof(*st));
	start_log(paths, out, st);
	probe_tpm(out, st);
	read_and_measure(paths, out, &files, st);
	st->files = files.count;
	unpack(paths, out, &files);
	build_keyring(paths, out, &files, st);
	write_settings(paths, out, &files, st);
	if (st->measured)
		fprintf(out, _("vigil init: %zu ROM files measured into PCR %d, %zu keys in the "
			       "ROM keyring\n"), st->files, ROMFILES_PCR, st->keys);
	romfiles_free(&files);
}
