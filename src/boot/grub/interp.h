/* interp.h - state of the GRUB script interpreter, shared by its evaluator and builtins. */
#ifndef VIGIL_BOOT_GRUB_INTERP_H
#define VIGIL_BOOT_GRUB_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "boot/grub/env.h"
#include "boot/grub/script.h"
#include "boot/partition.h"
#include "boot/strbuf.h"

/* Caps that keep hostile configs from hanging or exhausting memory. */
#define GRUB_MAX_DEPTH 32		/* function calls, source, submenus */
#define GRUB_MAX_STEPS 200000ul		/* commands executed for one config */
#define GRUB_MAX_LOOP 1000		/* iterations of one loop */
#define GRUB_MAX_VALUE (16u * 1024)	/* one expanded argument */
#define GRUB_MAX_ARGS 1024		/* arguments of one command */
#define GRUB_MAX_MENU 256		/* items of one menu */
#define GRUB_MAX_ENTRIES 1024		/* entries of one config */
#define GRUB_MAX_FILES 64		/* files read through source/configfile/load_env */
#define GRUB_MAX_WARNINGS 64

struct gmenu_item {
	char *title;
	char *id;
	struct strlist args;		/* become $1.. in the body */
	const struct gnode *body;
	bool submenu;
	const char *file;		/* where it is defined (interned in the interpreter) */
	int line;
	enum boot_source source;	/* BOOT_SOURCE_BLS for blscfg's entries */
};

struct gmenu {
	struct gmenu_item *items;
	size_t n;
};

/* The entry whose body is running ("boot time"), collecting its loader commands. */
struct gentry_build {
	struct boot_entry *e;
	size_t part;		/* partition of the kernel */
	bool loaded;
};

enum gjump { GJ_NONE, GJ_BREAK, GJ_CONTINUE, GJ_RETURN, GJ_EXIT, GJ_ABORT };

struct ginterp {
	const struct boot_partition *parts;
	size_t nparts;
	size_t self;			/* partition holding the top config */
	char **names;			/* GRUB device name per partition */
	struct genv *env;
	struct gmenu *menu;		/* menu being built; NULL inside an entry body */
	struct gentry_build *entry;	/* entry being collected, or NULL */
	struct strlist *args;		/* positional parameters */
	const char *file;
	int line;
	int depth;
	unsigned long steps;
	enum gjump jump;
	int jump_count;
	int status;			/* of the last command */
	bool default_taken;		/* a configfile's menu was shown: it owns the default */
	struct boot_entry_list *out;
	struct gnode **trees;		/* every parsed statement, freed at the end */
	size_t ntrees;
	struct strlist interned;	/* file names referenced by menu items */
	unsigned files_read;
	unsigned entries;
};

void gwarn(struct ginterp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *gintern(struct ginterp *I, const char *s);

/* Value of a variable as $name sees it (positional and special ones too). */
const char *gvar_get(struct ginterp *I, const char *name);
/* Set a variable, with GRUB's hooks (root drops its parentheses). */
int gvar_set(struct ginterp *I, const char *name, const char *value);

/*
 * Resolve a GRUB file name ("(dev)/path", or "/path" on $root) to a
 * partition index and a normalized path. Returns -1 (warning given) if
 * it names no file.
 */
int gresolve(struct ginterp *I, const char *name, size_t *part, char **path);

/* Run a file or text as GRUB's "source" does, in the current context. */
int grun_file(struct ginterp *I, const char *name);
int grun_text(struct ginterp *I, const char *file, const char *text, size_t len);
int grun_list(struct ginterp *I, const struct gnode *list);

/* Keep a parsed tree alive until the interpreter ends. */
void gkeep_tree(struct ginterp *I, struct gnode *tree);
/* Build a menu and turn it into entries (used for the top level and configfile). */
void gprocess_menu(struct ginterp *I, struct gmenu *menu, const char *prefix, bool chain);
void gmenu_free(struct gmenu *menu);

/* Builtin commands: returns the status, or -1 if name is no builtin. */
int gbuiltin(struct ginterp *I, int argc, char **argv);
/* test / [ */
int gtest(struct ginterp *I, int argc, char **argv);
/* The kernel command line GRUB builds from arguments (quotes words with spaces). */
char *gloader_cmdline(int argc, char **argv);

#endif
