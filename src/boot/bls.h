/* bls.h - Boot Loader Specification Type #1 entries (loader/entries/NAME.conf). */
#ifndef VIGIL_BOOT_BLS_H
#define VIGIL_BOOT_BLS_H

#include <stddef.h>

#include "boot/entry.h"
#include "boot/partition.h"
#include "boot/strbuf.h"

struct bls_entry {
	char *id;		/* file name with the boot counter removed, e.g. "fedora-6.5.conf" */
	char *file;		/* partition-relative path of the .conf */
	char *title;
	char *version;
	char *machine_id;
	char *sort_key;
	char *kernel;		/* the "linux" key */
	struct strlist initrd;
	char *options;		/* all "options" lines joined by spaces */
	int tries_left;		/* from "NAME+LEFT-DONE.conf"; -1 without boot counting */
	int tries_done;
};

struct bls_set {
	struct bls_entry *items;
	size_t count;
};

/* Parse one entry file's text; id and file name the entry. */
void bls_parse(struct bls_entry *e, const char *text, const char *filename, const char *path);
void bls_entry_free(struct bls_entry *e);

/* systemd's strverscmp_improved(): <0, 0, >0 like strcmp, "newer" is greater. */
int bls_version_cmp(const char *a, const char *b);

/* Order as systemd-boot shows entries (sort-key, machine-id, version newest first, id). */
int bls_entry_cmp(const struct bls_entry *a, const struct bls_entry *b);

/* Read every *.conf in dir under root into set, sorted; returns the number read. */
size_t bls_load_dir(struct bls_set *set, const char *root, const char *dir,
		    struct strlist *warnings);
void bls_set_free(struct bls_set *set);

/*
 * Standalone BLS (systemd-boot semantics): the entries of dir, with the default
 * chosen by loader.conf's "default" glob (loader_conf may be NULL) or else the
 * first entry. Adds to out; returns the number of entries added.
 */
size_t bls_collect(struct boot_entry_list *out, const struct boot_partition *part,
		   const char *dir, const char *loader_conf);

#endif
