/* entry.h - one model for a bootable entry, whichever config format it came from. */
#ifndef VIGIL_BOOT_ENTRY_H
#define VIGIL_BOOT_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/strbuf.h"

enum boot_kind {
	BOOT_KIND_LINUX,	/* kernel is a Linux kernel */
	BOOT_KIND_XEN,		/* kernel is a multiboot hypervisor, modules follow */
};

enum boot_source {
	BOOT_SOURCE_GRUB,
	BOOT_SOURCE_SYSLINUX,
	BOOT_SOURCE_BLS,
};

struct boot_module {
	char *path;
	char *cmdline;
};

struct boot_entry {
	char *name;		/* title; "Submenu>Entry" inside a submenu */
	char *id;		/* GRUB menuentry --id, BLS id, syslinux LABEL; may be NULL */
	enum boot_kind kind;
	char *kernel;		/* partition-relative, starts with "/" */
	struct strlist initrd;	/* partition-relative paths */
	char *cmdline;		/* expanded; for xen the hypervisor's */
	struct boot_module *modules;	/* xen: dom0 kernel first, then its initrd */
	size_t n_modules;
	enum boot_source source;
	char *file;		/* config file defining the entry, partition-relative */
	char *device;		/* partition identity (from discovery), may be NULL */
	char *host_root;	/* where that partition is mounted here, may be NULL */
	bool is_default;
	struct strlist warnings;	/* "file:line: what" */
};

struct boot_entry_list {
	struct boot_entry **items;
	size_t count;
	struct strlist warnings;	/* not tied to one entry */
};

struct boot_entry *boot_entry_new(enum boot_source source);
void boot_entry_add_module(struct boot_entry *e, const char *path, const char *cmdline);
void boot_entry_warn(struct boot_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void boot_entry_free(struct boot_entry *e);

/* Append e (taking ownership). */
void boot_list_append(struct boot_entry_list *l, struct boot_entry *e);
/* Move every entry and warning of src to the end of dst; src is left empty. */
void boot_list_move(struct boot_entry_list *dst, struct boot_entry_list *src);
void boot_list_warn(struct boot_entry_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void boot_list_free(struct boot_entry_list *l);

const char *boot_kind_name(enum boot_kind kind);
const char *boot_source_name(enum boot_source source);

#endif
