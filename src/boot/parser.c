/* parser.c - the table of config locations and parsers, petitboot-style. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/bls.h"
#include "boot/fsroot.h"
#include "boot/grub/grub.h"
#include "boot/parser.h"
#include "boot/syslinux.h"
#include "common/xmalloc.h"

#define MAX_SEEN 64

/* Configs already parsed (by inode), so a symlinked directory is read once. */
struct seen {
	dev_t dev[MAX_SEEN];
	ino_t ino[MAX_SEEN];
	size_t n;
};

static bool first_visit(struct seen *seen, const struct boot_partition *part, const char *path)
{
	struct stat st;
	size_t i;

	if (fsroot_stat(part->root, path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	for (i = 0; i < seen->n; i++)
		if (seen->dev[i] == st.st_dev && seen->ino[i] == st.st_ino)
			return false;
	if (seen->n < MAX_SEEN) {
		seen->dev[seen->n] = st.st_dev;
		seen->ino[seen->n] = st.st_ino;
		seen->n++;
	}
	return true;
}

static size_t scan_grub(struct boot_entry_list *out, const struct boot_partition *parts,
			size_t nparts, size_t self)
{
	static const char *const fixed[] = {
		"/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg", NULL,
	};
	const struct boot_partition *part = &parts[self];
	struct strlist efi = { 0 };
	struct seen seen = { .n = 0 };
	size_t added = 0, i;

	for (i = 0; fixed[i]; i++)
		if (first_visit(&seen, part, fixed[i]))
			added += grub_collect(out, parts, nparts, self, fixed[i]);
	/* An ESP: /EFI/<vendor>/grub.cfg (FAT is case-insensitive, so "EFI" finds "efi" too) */
	if (fsroot_list(part->root, "/EFI", &efi) == 0) {
		for (i = 0; i < efi.n; i++) {
			char *path = xasprintf("/EFI/%s/grub.cfg", efi.v[i]);

			if (first_visit(&seen, part, path))
				added += grub_collect(out, parts, nparts, self, path);
			free(path);
		}
	}
	strlist_free(&efi);
	return added;
}

/* Where a syslinux-family loader looks for its config, and under which names. */
struct sl_loader {
	const char *const *dirs;
	const char *const *names;
};

/* ISOLINUX (4.02 and later), on ISO 9660. */
static const char *const isolinux_dirs[] = {
	"/boot/isolinux", "/isolinux", "/boot/syslinux", "/syslinux", "/", NULL,
};
static const char *const isolinux_names[] = { "isolinux.cfg", "syslinux.cfg", NULL };
/*
 * EXTLINUX/SYSLINUX (4.00 and later) first look in the directory they were
 * installed in, which only their boot sector knows: the usual ones stand in
 * for it, then come the loader's own fallbacks.
 */
static const char *const extlinux_dirs[] = {
	"/boot/extlinux", "/extlinux", "/boot/syslinux", "/syslinux", "/", NULL,
};
static const char *const extlinux_names[] = { "extlinux.conf", "syslinux.cfg", NULL };

static const struct sl_loader isolinux = { isolinux_dirs, isolinux_names };
static const struct sl_loader extlinux = { extlinux_dirs, extlinux_names };

/* The config the loader reads: the first name found in the first directory having one. */
static size_t scan_loader(struct boot_entry_list *out, const struct boot_partition *part,
			  const struct sl_loader *loader, struct seen *seen)
{
	size_t d, f;

	for (d = 0; loader->dirs[d]; d++) {
		for (f = 0; loader->names[f]; f++) {
			char *path = fsroot_join(loader->dirs[d], loader->names[f]);
			struct stat st;
			size_t added = 0;
			bool found = fsroot_stat(part->root, path, &st) == 0 && S_ISREG(st.st_mode);

			/* Another loader's choice already listed (say, /syslinux/syslinux.cfg) */
			if (found && first_visit(seen, part, path))
				added = syslinux_collect(out, part, path);
			free(path);
			if (found)
				return added;
		}
	}
	return 0;
}

/*
 * An ISO 9660 file system boots with ISOLINUX, any other with EXTLINUX or
 * SYSLINUX; when the type is unknown ("vigil entries DIR") both are tried.
 */
static size_t scan_syslinux(struct boot_entry_list *out, const struct boot_partition *parts,
			    size_t nparts, size_t self)
{
	const struct boot_partition *part = &parts[self];
	struct seen seen = { .n = 0 };
	bool iso = part->fstype && !strcmp(part->fstype, "iso9660");
	size_t added = 0;

	(void)nparts;
	if (!iso)
		added += scan_loader(out, part, &extlinux, &seen);
	if (iso || !part->fstype)
		added += scan_loader(out, part, &isolinux, &seen);
	return added;
}

static size_t scan_bls(struct boot_entry_list *out, const struct boot_partition *parts,
		       size_t nparts, size_t self)
{
	static const char *const roots[] = { "/loader", "/boot/loader", NULL };
	const struct boot_partition *part = &parts[self];
	size_t added = 0, i;

	/* GRUB's blscfg already listed these entries, with its variables expanded. */
	for (i = 0; i < out->count; i++)
		if (out->items[i]->source == BOOT_SOURCE_BLS && out->items[i]->host_root &&
		    !strcmp(out->items[i]->host_root, part->root))
			return 0;
	for (i = 0; roots[i]; i++) {
		char *dir = xasprintf("%s/entries", roots[i]);
		char *conf = xasprintf("%s/loader.conf", roots[i]);

		added += bls_collect(out, part, dir, conf);
		free(dir);
		free(conf);
	}
	return added;
}

static const struct {
	const char *name;
	size_t (*scan)(struct boot_entry_list *out, const struct boot_partition *parts,
		       size_t nparts, size_t self);
} boot_parsers[] = {
	{ "grub", scan_grub },
	{ "syslinux", scan_syslinux },
	{ "bls", scan_bls },
};

size_t boot_scan_partition(struct boot_entry_list *out, const struct boot_partition *parts,
			   size_t nparts, size_t self)
{
	size_t i, added = 0;

	for (i = 0; i < sizeof(boot_parsers) / sizeof(boot_parsers[0]); i++)
		added += boot_parsers[i].scan(out, parts, nparts, self);
	return added;
}
