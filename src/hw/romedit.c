/* romedit.c - edit a copy of the ROM with cbfstool, check it with our own reader, then rename it over. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/romedit.h"
#include "i18n.h"

const char *romedit_cbfstool(const char *option)
{
	const char *env = getenv("VIGIL_CBFSTOOL");

	if (option && *option)
		return option;
	return env && *env ? env : "cbfstool";
}

int romedit_open(struct romedit *ed, const char *rom_path, const char *cbfstool,
		 char *err, size_t errlen)
{
	char why[256];

	memset(ed, 0, sizeof(*ed));
	ed->rom = (uint8_t *)file_read_all(rom_path, &ed->rom_len, ROM_FILE_MAX_SIZE);
	if (!ed->rom) {
		snprintf(err, errlen, _("ROM file %s: %s"), rom_path, strerror(errno));
		return -1;
	}
	if (romfiles_read(ed->rom, ed->rom_len, &ed->files, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("ROM file %s: %s"), rom_path, why);
		free(ed->rom);
		ed->rom = NULL;
		return -1;
	}
	ed->rom_path = xstrdup(rom_path);
	ed->cbfstool = cbfstool;
	ed->has_pcr2 = pcr2_predict(ed->rom, ed->rom_len, &ed->pcr2, why, sizeof(why)) == 0;
	return 0;
}

/* The copy lives next to the ROM, so that rename() can replace the ROM atomically. */
static int make_copy(struct romedit *ed, char *err, size_t errlen)
{
	char *dir_copy = xstrdup(ed->rom_path), *base_copy = xstrdup(ed->rom_path);
	int fd, ret = -1;
	ssize_t n = 0;
	size_t done = 0;

	ed->copy_path = xasprintf("%s/.%s.vigil-XXXXXX", dirname(dir_copy), basename(base_copy));
	free(dir_copy);
	free(base_copy);
	fd = mkstemp(ed->copy_path);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot make a copy of ROM file %s: %s"), ed->rom_path,
			 strerror(errno));
		free(ed->copy_path);
		ed->copy_path = NULL;
		return -1;
	}
	while (done < ed->rom_len && (n = write(fd, ed->rom + done, ed->rom_len - done)) > 0)
		done += (size_t)n;
	if (done == ed->rom_len && close(fd) == 0)
		ret = 0;
	else
		snprintf(err, errlen, _("cannot write the copy %s of the ROM: %s"), ed->copy_path,
			 n < 0 ? strerror(errno) : _("short write"));
	if (ret < 0 && done < ed->rom_len)
		close(fd);
	return ret;
}

static int run_cbfstool(struct romedit *ed, char **args, const char *what,
			char *err, size_t errlen)
{
	char *argv[12], tail[400];
	size_t n = 0, len;
	int status;

	argv[n++] = (char *)ed->cbfstool;
	argv[n++] = ed->copy_path;
	while (*args && n < sizeof(argv) / sizeof(argv[0]) - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	status = spawn_wait_stderr_tail(argv, tail, sizeof(tail));
	if (status == 0)
		return 0;
	len = strlen(tail);
	while (len && (tail[len - 1] == '\n' || tail[len - 1] == ' '))
		tail[--len] = '\0';
	if (status < 0 || status == 127)
		snprintf(err, errlen, _("cannot run %s (%s): give coreboot's cbfstool with "
					"--cbfstool PATH or $VIGIL_CBFSTOOL"), ed->cbfstool,
			 status < 0 ? strerror(errno) : tail);
	else
		snprintf(err, errlen, _("cbfstool could not %s in ROM file %s (exit status %d): %s"),
			 what, ed->rom_path, status, tail[0] ? tail : _("no message"));
	return -1;
}

/* Is name in the copy right now? The copy is read back with our own reader. */
static int copy_has(struct romedit *ed, const char *name, bool *has, char *err, size_t errlen)
{
	struct romfiles files;
	size_t len;
	char why[256];
	uint8_t *copy = (uint8_t *)file_read_all(ed->copy_path, &len, ROM_FILE_MAX_SIZE);

	if (!copy) {
		snprintf(err, errlen, _("cannot read the copy %s of the ROM: %s"), ed->copy_path,
			 strerror(errno));
		return -1;
	}
	if (romfiles_read(copy, len, &files, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("the edited copy of ROM file %s: %s"), ed->rom_path, why);
		free(copy);
		return -1;
	}
	*has = romfiles_get(&files, name) != NULL;
	romfiles_free(&files);
	free(copy);
	return 0;
}

/* What the copy should hold: the original's files with this change. */
static void expect_set(struct romedit *ed, const char *name, const void *data, size_t len)
{
	struct romfiles *f = &ed->files;
	size_t i;

	for (i = 0; i < f->count && strcmp(f->items[i].name, name); i++)
		;
	if (i == f->count && !data)
		return;
	if (i < f->count) {
		free(f->items[i].data);
		if (!data) {
			memmove(&f->items[i], &f->items[i + 1], (f->count - i - 1) * sizeof(f->items[0]));
			f->count--;
			return;
		}
	} else {
		f->count++;
		snprintf(f->items[i].name, sizeof(f->items[i].name), "%s", name);
	}
	f->items[i].data = xmalloc(len + 1);
	memcpy(f->items[i].data, data, len);
	f->items[i].data[len] = '\0';
	f->items[i].len = len;
	hash_sha256(data, len, f->items[i].sha256);
}

int romedit_remove(struct romedit *ed, const char *name, char *err, size_t errlen)
{
	char *args[] = { "remove", "-n", (char *)name, NULL };
	bool has;

	if (!ed->copy_path && make_copy(ed, err, errlen) < 0)
		return -1;
	if (copy_has(ed, name, &has, err, errlen) < 0)
		return -1;
	if (has && run_cbfstool(ed, args, _("remove a file"), err, errlen) < 0)
		return -1;
	expect_set(ed, name, NULL, 0);
	return 0;
}

int romedit_put(struct romedit *ed, const char *name, const void *data, size_t len,
		char *err, size_t errlen)
{
	char *file, *args[] = { "add", "-f", NULL, "-n", (char *)name, "-t", "raw", NULL };
	int ret;

	if (!strncmp(name, ROMFILES_PREFIX, strlen(ROMFILES_PREFIX)) &&
	    (ed->files.count >= ROMFILES_MAX && !romfiles_get(&ed->files, name))) {
		snprintf(err, errlen, _("ROM file %s already has %d vigil/ files"), ed->rom_path,
			 ROMFILES_MAX);
		return -1;
	}
	if (len > ROMFILE_MAX_SIZE) {
		snprintf(err, errlen, _("%s: %zu bytes is more than vigil reads (%u)"), name, len,
			 ROMFILE_MAX_SIZE);
		return -1;
	}
	if (romedit_remove(ed, name, err, errlen) < 0)
		return -1;
	file = xasprintf("%s.data", ed->copy_path);
	if (file_write_atomic(file, data, len, 0600) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), file, strerror(errno));
		free(file);
		return -1;
	}
	args[2] = file;
	ret = run_cbfstool(ed, args, _("add a file (is the ROM full?)"), err, errlen);
	unlink(file);
	free(file);
	if (ret == 0)
		expect_set(ed, name, data, len);
	return ret;
}

static int same_files(const struct romfiles *want, const struct romfiles *got)
{
	size_t i;

	if (want->count != got->count)
		return 0;
	for (i = 0; i < want->count; i++) {
		const struct romfile *f = romfiles_get(got, want->items[i].name);

		if (!f || memcmp(f->sha256, want->items[i].sha256, SHA256_LEN))
			return 0;
	}
	return 1;
}

static int verify_copy(struct romedit *ed, char *err, size_t errlen)
{
	struct pcr_prediction pred;
	struct romfiles files;
	char why[256];
	size_t len;
	int ok;
	uint8_t *copy = (uint8_t *)file_read_all(ed->copy_path, &len, ROM_FILE_MAX_SIZE);

	if (!copy) {
		snprintf(err, errlen, _("cannot read the copy %s of the ROM: %s"), ed->copy_path,
			 strerror(errno));
		return -1;
	}
	if (len != ed->rom_len || romfiles_read(copy, len, &files, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("cbfstool left ROM file %s unreadable: %s"), ed->rom_path,
			 len != ed->rom_len ? _("its size changed") : why);
		free(copy);
		return -1;
	}
	ok = same_files(&ed->files, &files);
	romfiles_free(&files);
	if (!ok) {
		snprintf(err, errlen, _("the vigil/ files in the edited ROM are not what was written"));
		free(copy);
		return -1;
	}
	/* Data files must never change what coreboot measures. */
	if (ed->has_pcr2 && (pcr2_predict(copy, len, &pred, why, sizeof(why)) < 0 ||
			     memcmp(pred.pcr, ed->pcr2.pcr, SHA256_LEN))) {
		snprintf(err, errlen, _("the edit would change the ROM's PCR 2: nothing written"));
		free(copy);
		return -1;
	}
	free(copy);
	return 0;
}

static int sync_path(const char *path, mode_t mode, int directory)
{
	int fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = (!directory && fchmod(fd, mode) < 0) || fsync(fd) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

int romedit_commit(struct romedit *ed, char *err, size_t errlen)
{
	struct stat st;
	char *dir;
	int ret;

	if (!ed->copy_path)
		return 0;	/* nothing changed */
	if (verify_copy(ed, err, errlen) < 0)
		return -1;
	if (stat(ed->rom_path, &st) < 0 || sync_path(ed->copy_path, st.st_mode & 07777, 0) < 0 ||
	    rename(ed->copy_path, ed->rom_path) < 0) {
		snprintf(err, errlen, _("cannot replace ROM file %s: %s"), ed->rom_path,
			 strerror(errno));
		return -1;
	}
	free(ed->copy_path);
	ed->copy_path = NULL;
	/* The rename is only durable once the directory is on disk. */
	dir = xstrdup(ed->rom_path);
	ret = sync_path(dirname(dir), 0, 1);
	free(dir);
	if (ret < 0) {
		snprintf(err, errlen, _("ROM file %s written, but its folder not synced: %s"),
			 ed->rom_path, strerror(errno));
		return -1;
	}
	return 0;
}

void romedit_close(struct romedit *ed)
{
	if (ed->copy_path) {
		unlink(ed->copy_path);
		free(ed->copy_path);
	}
	romfiles_free(&ed->files);
	free(ed->rom);
	free(ed->rom_path);
	memset(ed, 0, sizeof(*ed));
}
