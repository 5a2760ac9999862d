/* lexer.c - GRUB script tokenizer: quoting, escapes, $variables, comments. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "boot/grub/lexer.h"
#include "boot/strbuf.h"
#include "common/xmalloc.h"

void glexer_init(struct glexer *lx, const char *text, const char *end)
{
	lx->p = text;
	lx->end = end;
	lx->line = 1;
}

void gtoken_clear(struct gtoken *tok)
{
	gword_free(&tok->word);
	free(tok->plain);
	memset(tok, 0, sizeof(*tok));
}

static int peek(const struct glexer *lx, size_t off)
{
	return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

static void add_part(struct gword *w, enum gpart_type type, char *str)
{
	w->parts = xrealloc(w->parts, (w->n + 1) * sizeof(*w->parts));
	w->parts[w->n].type = type;
	w->parts[w->n].str = str;
	w->n++;
}

/* Flush collected text as a part of the given type. */
static void flush(struct gword *w, struct strbuf *text, enum gpart_type type, int force)
{
	if (text->len || force)
		add_part(w, type, sb_steal(text));
}

static int is_name_start(int c)
{
	return c >= 0 && (isalpha(c) || c == '_');
}

static int is_name_char(int c)
{
	return c >= 0 && (isalnum(c) || c == '_');
}

/*
 * After a '$': read a variable reference (NAME, DIGITS, one of ?#*@, or
 * the same in braces). Returns the name, or NULL if this is no reference.
 */
static char *read_var(struct glexer *lx, const char **why)
{
	const char *start;
	int braced = peek(lx, 0) == '{';

	if (braced)
		lx->p++;
	start = lx->p;
	if (is_name_start(peek(lx, 0))) {
		while (is_name_char(peek(lx, 0)))
			lx->p++;
	} else if (peek(lx, 0) >= 0 && isdigit(peek(lx, 0))) {
		while (peek(lx, 0) >= 0 && isdigit(peek(lx, 0)))
			lx->p++;
	} else if (peek(lx, 0) >= 0 && strchr("?#*@", peek(lx, 0))) {
		lx->p++;
	}
	if (lx->p == start) {
		if (braced) {
			*why = "bad variable reference after \"${\"";
			return NULL;
		}
		return NULL;
	}
	if (braced) {
		if (peek(lx, 0) != '}') {
			*why = "bad variable reference: missing \"}\"";
			return NULL;
		}
		lx->p++;
		return xstrndup(start, (size_t)(lx->p - 1 - start));
	}
	return xstrndup(start, (size_t)(lx->p - start));
}

/* Inside "...": \$ \\ \" and backslash-newline are escapes, other backslashes stay. */
static int read_dquote(struct glexer *lx, struct gword *w, const char **why)
{
	struct strbuf text = { 0 };

	for (;;) {
		int c = peek(lx, 0);

		if (c < 0) {
			sb_free(&text);
			*why = "unterminated double quote";
			return -1;
		}
		if (c == '"') {
			lx->p++;
			break;
		}
		if (c == '\\' && peek(lx, 1) >= 0 && strchr("$\\\"\n", peek(lx, 1))) {
			if (peek(lx, 1) == '\n')
				lx->line++;
			else
				sb_putc(&text, (char)peek(lx, 1));
			lx->p += 2;
			continue;
		}
		if (c == '$') {
			char *name;

			lx->p++;
			name = read_var(lx, why);
			if (!name) {
				if (*why) {
					sb_free(&text);
					return -1;
				}
				sb_putc(&text, '$');
				continue;
			}
			flush(w, &text, GP_QTEXT, 1);
			add_part(w, GP_DQVAR, name);
			continue;
		}
		if (c == '\n')
			lx->line++;
		sb_putc(&text, (char)c);
		lx->p++;
	}
	flush(w, &text, GP_QTEXT, 1);	/* "" is an argument */
	return 0;
}

static int ends_word(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' ||
	       c == '}' || c == '|' || c == '&' || c == '<' || c == '>';
}

static void read_word(struct glexer *lx, struct gtoken *tok)
{
	struct strbuf text = { 0 };
	int plain = 1;
	const char *why = NULL;

	while (!ends_word(peek(lx, 0))) {
		int c = peek(lx, 0);

		if (c == '\\') {
			if (peek(lx, 1) == '\n') {
				lx->line++;
				lx->p += 2;
			} else if (peek(lx, 1) >= 0) {
				/* Quoted by the backslash: never a wildcard. */
				char quoted[2] = { (char)peek(lx, 1), '\0' };

				flush(&tok->word, &text, GP_TEXT, 0);
				add_part(&tok->word, GP_QTEXT, xstrdup(quoted));
				lx->p += 2;
			} else {
				sb_putc(&text, '\\');
				lx->p++;
			}
			plain = 0;
		} else if (c == '\'') {
			const char *close;

			lx->p++;
			close = memchr(lx->p, '\'', (size_t)(lx->end - lx->p));
			if (!close) {
				why = "unterminated single quote";
				break;
			}
			flush(&tok->word, &text, GP_TEXT, 0);
			for (const char *q = lx->p; q < close; q++)
				if (*q == '\n')
					lx->line++;
			add_part(&tok->word, GP_QTEXT, xstrndup(lx->p, (size_t)(close - lx->p)));
			lx->p = close + 1;
			plain = 0;
		} else if (c == '"' || (c == '$' && peek(lx, 1) == '"')) {
			/* $"..." is a translatable string: the same as "..." here */
			lx->p += c == '$' ? 2 : 1;
			flush(&tok->word, &text, GP_TEXT, 0);
			if (read_dquote(lx, &tok->word, &why) < 0)
				break;
			plain = 0;
		} else if (c == '$') {
			char *name;

			lx->p++;
			name = read_var(lx, &why);
			if (!name) {
				if (why)
					break;
				sb_putc(&text, '$');
			} else {
				flush(&tok->word, &text, GP_TEXT, 0);
				add_part(&tok->word, GP_VAR, name);
			}
			plain = 0;
		} else {
			sb_putc(&text, (char)c);
			lx->p++;
		}
	}
	if (why) {
		sb_free(&text);
		gword_free(&tok->word);
		tok->type = GT_BAD;
		tok->why = why;
		return;
	}
	if (plain)
		tok->plain = xstrdup(text.s ? text.s : "");
	flush(&tok->word, &text, GP_TEXT, 0);
	tok->type = GT_WORD;
}

void glexer_next(struct glexer *lx, struct gtoken *tok)
{
	int c;

	memset(tok, 0, sizeof(*tok));
	for (;;) {
		c = peek(lx, 0);
		if (c == ' ' || c == '\t') {
			lx->p++;
		} else if (c == '\\' && peek(lx, 1) == '\n') {
			lx->p += 2;
			lx->line++;
		} else if (c == '#') {
			while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
				lx->p++;
		} else {
			break;
		}
	}
	tok->line = lx->line;
	switch (c) {
	case -1:
		tok->type = GT_EOF;
		return;
	case '\n':
		lx->p++;
		lx->line++;
		tok->type = GT_NEWLINE;
		return;
	case ';':
		lx->p++;
		tok->type = GT_SEMI;
		return;
	case '{':
		lx->p++;
		tok->type = GT_LBRACE;
		return;
	case '}':
		lx->p++;
		tok->type = GT_RBRACE;
		return;
	case '|':
	case '&':
	case '<':
	case '>':
		lx->p++;
		tok->type = GT_BAD;
		tok->why = "pipes and redirections are not GRUB script";
		return;
	default:
		read_word(lx, tok);
	}
}

void glexer_skip_line(struct glexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		lx->p++;
}
