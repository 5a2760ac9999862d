/* script.h - GRUB script syntax: words made of quoted and variable parts, and the statement tree. */
#ifndef VIGIL_BOOT_GRUB_SCRIPT_H
#define VIGIL_BOOT_GRUB_SCRIPT_H

#include <stddef.h>

enum gpart_type {
	GP_TEXT,	/* unquoted text */
	GP_QTEXT,	/* text from '...' or "..."; makes an argument even when empty */
	GP_VAR,		/* $x unquoted: split into words */
	GP_DQVAR,	/* "$x": one word */
};

struct gpart {
	enum gpart_type type;
	char *str;	/* text, or the variable name */
};

struct gword {
	struct gpart *parts;
	size_t n;
};

enum gnode_type {
	GN_CMD,		/* words */
	GN_IF,		/* cond, body, orelse (another GN_IF for elif, or a list) */
	GN_WHILE,	/* cond, body */
	GN_UNTIL,	/* cond, body */
	GN_FOR,		/* name, words, body */
	GN_FUNCTION,	/* name, body */
	GN_MENUENTRY,	/* words (title and options), body */
	GN_SUBMENU,	/* words, body */
};

struct gnode {
	enum gnode_type type;
	int line;
	struct gnode *next;	/* next statement of the same list */
	struct gword *words;
	size_t nwords;
	char *name;
	struct gnode *cond, *body, *orelse;
};

void gword_free(struct gword *w);
/* Free a statement list (the node and everything after it). */
void gnode_free(struct gnode *n);

#endif
