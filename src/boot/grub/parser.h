/* parser.h - GRUB script statements, parsed one top-level command at a time like GRUB's normal mode. */
#ifndef VIGIL_BOOT_GRUB_PARSER_H
#define VIGIL_BOOT_GRUB_PARSER_H

#include <stddef.h>

#include "boot/grub/lexer.h"
#include "boot/grub/script.h"

struct gparser {
	struct glexer lx;
	struct gtoken tok;	/* one token of lookahead */
	int depth;
};

void gparser_init(struct gparser *ps, const char *text, size_t len);
void gparser_fini(struct gparser *ps);

/*
 * Parse the next top-level command into *out. Returns 1, 0 at the end of
 * the text, or -1 on a syntax error (reason and line in why/line): the
 * rest of that line is skipped so the next call continues after it, as
 * GRUB does when a command of grub.cfg does not parse.
 */
int gparser_next(struct gparser *ps, struct gnode **out, const char **why, int *line);

#endif
