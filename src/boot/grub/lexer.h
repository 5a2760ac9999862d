/* lexer.h - GRUB script tokens, following grub-core/script/yylex.l. */
#ifndef VIGIL_BOOT_GRUB_LEXER_H
#define VIGIL_BOOT_GRUB_LEXER_H

#include <stdbool.h>

#include "boot/grub/script.h"

enum gtok {
	GT_EOF,
	GT_WORD,
	GT_NEWLINE,
	GT_SEMI,
	GT_LBRACE,
	GT_RBRACE,
	GT_BAD,		/* syntax GRUB rejects: "|", "&", "<", ">", unterminated quote, ... */
};

struct gtoken {
	enum gtok type;
	int line;
	struct gword word;	/* GT_WORD */
	char *plain;		/* GT_WORD made of plain characters only: its text (keywords) */
	const char *why;	/* GT_BAD */
};

struct glexer {
	const char *p;
	const char *end;
	int line;
};

void glexer_init(struct glexer *lx, const char *text, const char *end);
/* The next token; the caller owns the word (gtoken_clear). */
void glexer_next(struct glexer *lx, struct gtoken *tok);
/* After a syntax error: skip the rest of the current line. */
void glexer_skip_line(struct glexer *lx);
void gtoken_clear(struct gtoken *tok);

#endif
