/* stick-files.c - find the owner's files (ROMs, keys) in the top folders of the disks and sticks. */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/session.h"
#include "ui/stick-files.h"

static bool wanted(const char *name, const char *const *exts)
{
	size_t n = strlen(name), e;

	for (; *exts; exts++) {
		e = strlen(*exts);
		if (n > e && !strcasecmp(name + n - e, *exts))
			return true;
	}
	return false;
}

/* Add the wanted plain files in the top folder of root. */
static void scan_root(struct ui_stick_files *files, const char *root, const char *name,
		      const char *label, const char *const *exts)
{
	struct dirent *d;
	DIR *dp = opendir(root);

	if (!dp)
		return;
	while ((d = readdir(dp)) && files->count < UI_STICK_FILES_MAX) {
		struct stat st;
		char *path;

		if (d->d_name[0] == '.' || !wanted(d->d_name, exts))
			continue;
		path = xasprintf("%s/%s", root, d->d_name);
		/* lstat: a link could lead off the stick; only plain files are offered. */
		if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		files->items[files->count].path = path;
		files->items[files->count].where = label && *label
			? xasprintf(_("%s on %s (%s)"), d->d_name, name, label)
			: xasprintf(_("%s on %s"), d->d_name, name);
		files->count++;
	}
	closedir(dp);
}

static int by_where(const void *a, const void *b)
{
	return strcmp(((const struct ui_stick_file *)a)->where,
		      ((const struct ui_stick_file *)b)->where);
}

/* The file system at root itself, for writing to it. */
static void add_root(struct ui_stick_files *files, const char *root, const char *name,
		     const char *label)
{
	if (files->count >= UI_STICK_FILES_MAX)
		return;
	files->items[files->count].path = xstrdup(root);
	files->items[files->count].where = label && *label ? xasprintf("%s (%s)", name, label)
							   : xstrdup(name);
	files->count++;
}

void ui_stick_files_find(const struct ui_session *s, const char *const *exts,
			 struct ui_stick_files *files)
{
	struct discover_options opt = { .mount_dir = UI_STICK_MOUNT_DIR };
	size_t i;

	memset(files, 0, sizeof(*files));
	if (s->cfg.boot_dirs.n) {
		for (i = 0; i < s->cfg.boot_dirs.n; i++)
			if (exts)
				scan_root(files, s->cfg.boot_dirs.v[i], s->cfg.boot_dirs.v[i], NULL,
					  exts);
			else
				add_root(files, s->cfg.boot_dirs.v[i], s->cfg.boot_dirs.v[i], NULL);
	} else {
		discover_devices(&files->disc, &opt);
		discover_mount(&files->disc, &opt);
		for (i = 0; i < files->disc.count; i++)
			if (files->disc.items[i].mountpoint && exts)
				scan_root(files, files->disc.items[i].mountpoint,
					  files->disc.items[i].name, files->disc.items[i].label,
					  exts);
			else if (files->disc.items[i].mountpoint)
				add_root(files, files->disc.items[i].mountpoint,
					 files->disc.items[i].name, files->disc.items[i].label);
	}
	qsort(files->items, files->count, sizeof(files->items[0]), by_where);
}

void ui_stick_files_free(struct ui_stick_files *files)
{
	size_t i;

	for (i = 0; i < files->count; i++) {
		free(files->items[i].path);
		free(files->items[i].where);
	}
	discover_release(&files->disc);
	memset(files, 0, sizeof(*files));
}

