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
	bool is_default;	/* the menu's default: a menu its body opens inherits that */
	bool menu_shown;	/* its body ran configfile: that menu took the default */
	bool opened;		/* its body ran source or configfile */
	struct strlist sourced;	/* "N:path" of the files it sourced */
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
	struct strlist reading;		/* "N:path" of the files being run: one more is a loop */
	struct strlist menus;		/* "N:path" of the configs whose menus are being listed, likewise */
	struct strlist building;	/* "file:line" of the entries being built: one more is a loop */
	unsigned files_read;
	unsigned entries;
	bool wildcards;			/* GRUB's regexp module is loaded: unquoted * and ? expand */
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
/*
 * configfile's reading: run the file (in whatever context the caller set up)
 * collecting its menu, then list that menu under prefix, the default from it
 * if chain. A file whose menu is listed above this point is not read again.
 */
int gconfigfile(struct ginterp *I, const char *name, struct gmenu *menu, const char *prefix,
		bool chain);
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

/* GRUB's regexp module (wildcard.c): the regexp command... */
int gcmd_regexp(struct ginterp *I, int argc, char **argv);
/*
 * ...and, once it is loaded, file name expansion of arguments: pattern has
 * its literal characters backslash-escaped, unescaped * and ? are wildcards.
 * Adds the matching names (sorted) to out and returns how many; 0 when the
 * word is no pattern or nothing matches (GRUB keeps the word then).
 */
size_t gwildcard_expand(struct ginterp *I, const char *pattern, struct strlist *out);

#endif
