/* parser.c - recursive-descent parser for GRUB script (if/while/until/for/function/menuentry/submenu). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "boot/grub/parser.h"
#include "common/xmalloc.h"

#define GPARSER_MAX_DEPTH 64

struct perr {
	const char *why;
	int line;
};

void gword_free(struct gword *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->parts[i].str);
	free(w->parts);
	w->parts = NULL;
	w->n = 0;
}

void gnode_free(struct gnode *n)
{
	while (n) {
		struct gnode *next = n->next;
		size_t i;

		for (i = 0; i < n->nwords; i++)
			gword_free(&n->words[i]);
		free(n->words);
		free(n->name);
		gnode_free(n->cond);
		gnode_free(n->body);
		gnode_free(n->orelse);
		free(n);
		n = next;
	}
}

void gparser_init(struct gparser *ps, const char *text, size_t len)
{
	memset(ps, 0, sizeof(*ps));
	glexer_init(&ps->lx, text, text + len);
	glexer_next(&ps->lx, &ps->tok);
}

void gparser_fini(struct gparser *ps)
{
	gtoken_clear(&ps->tok);
}

static void advance(struct gparser *ps)
{
	gtoken_clear(&ps->tok);
	glexer_next(&ps->lx, &ps->tok);
}

static int fail(struct perr *e, const char *why, int line)
{
	if (!e->why) {
		e->why = why;
		e->line = line;
	}
	return -1;
}

static int is_kw(const struct gtoken *t, const char *kw)
{
	return t->type == GT_WORD && t->plain && !strcmp(t->plain, kw);
}

static int is_reserved(const struct gtoken *t)
{
	static const char *const reserved[] = {
		"if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while",
		"until", "function", "menuentry", "submenu", "case", "esac", "select",
		"time", "[[", "]]", NULL,
	};
	size_t i;

	if (t->type != GT_WORD || !t->plain)
		return 0;
	for (i = 0; reserved[i]; i++)
		if (!strcmp(t->plain, reserved[i]))
			return 1;
	return 0;
}

static void skip_delims(struct gparser *ps, int newlines_only)
{
	while (ps->tok.type == GT_NEWLINE || (!newlines_only && ps->tok.type == GT_SEMI))
		advance(ps);
}

static struct gnode *new_node(enum gnode_type type, int line)
{
	struct gnode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = line;
	return n;
}

static void take_word(struct gparser *ps, struct gnode *n)
{
	n->words = xrealloc(n->words, (n->nwords + 1) * sizeof(*n->words));
	n->words[n->nwords++] = ps->tok.word;
	memset(&ps->tok.word, 0, sizeof(ps->tok.word));
	advance(ps);
}

static int parse_command(struct gparser *ps, struct gnode **out, struct perr *e);

/* Commands until one of the terminator keywords (NULL-terminated), "}" or the end. */
static int parse_list(struct gparser *ps, const char *const *terms, struct gnode **out,
		      struct perr *e)
{
	struct gnode *head = NULL, **tail = &head;

	*out = NULL;
	for (;;) {
		struct gnode *n;
		size_t i;
		int stop = 0;

		skip_delims(ps, 0);
		if (ps->tok.type == GT_EOF || ps->tok.type == GT_RBRACE)
			break;
		for (i = 0; terms && terms[i]; i++)
			if (is_kw(&ps->tok, terms[i]))
				stop = 1;
		if (stop)
			break;
		if (parse_command(ps, &n, e) < 0) {
			gnode_free(head);
			return -1;
		}
		*tail = n;
		tail = &n->next;
	}
	*out = head;
	return 0;
}

static int expect_kw(struct gparser *ps, const char *kw, const char *why, struct perr *e)
{
	if (!is_kw(&ps->tok, kw))
		return fail(e, why, ps->tok.line);
	advance(ps);
	return 0;
}

static int parse_if(struct gparser *ps, struct gnode *n, struct perr *e)
{
	static const char *const then_kw[] = { "then", NULL };
	static const char *const branch_end[] = { "elif", "else", "fi", NULL };
	static const char *const fi_kw[] = { "fi", NULL };

	advance(ps);	/* "if" or "elif" */
	if (parse_list(ps, then_kw, &n->cond, e) < 0 ||
	    expect_kw(ps, "then", "\"if\" without \"then\"", e) < 0 ||
	    parse_list(ps, branch_end, &n->body, e) < 0)
		return -1;
	if (is_kw(&ps->tok, "elif")) {
		n->orelse = new_node(GN_IF, ps->tok.line);
		return parse_if(ps, n->orelse, e);	/* the inner if consumes "fi" */
	}
	if (is_kw(&ps->tok, "else")) {
		advance(ps);
		if (parse_list(ps, fi_kw, &n->orelse, e) < 0)
			return -1;
	}
	return expect_kw(ps, "fi", "\"if\" without \"fi\"", e);
}

static int parse_loop(struct gparser *ps, struct gnode *n, struct perr *e)
{
	static const char *const do_kw[] = { "do", NULL };
	static const char *const done_kw[] = { "done", NULL };

	advance(ps);
	if (n->type == GN_FOR) {
		if (ps->tok.type != GT_WORD || !ps->tok.plain || !*ps->tok.plain ||
		    !(isalpha((unsigned char)ps->tok.plain[0]) || ps->tok.plain[0] == '_'))
			return fail(e, "\"for\" needs a variable name", ps->tok.line);
		n->name = xstrdup(ps->tok.plain);
		advance(ps);
		if (expect_kw(ps, "in", "\"for\" without \"in\"", e) < 0)
			return -1;
		while (ps->tok.type == GT_WORD)
			take_word(ps, n);
		if (ps->tok.type != GT_NEWLINE && ps->tok.type != GT_SEMI)
			return fail(e, "\"for\" list must end with \";\" or a new line", ps->tok.line);
		skip_delims(ps, 0);
	} else if (parse_list(ps, do_kw, &n->cond, e) < 0) {
		return -1;
	}
	if (expect_kw(ps, "do", "loop without \"do\"", e) < 0 ||
	    parse_list(ps, done_kw, &n->body, e) < 0)
		return -1;
	return expect_kw(ps, "done", "loop without \"done\"", e);
}

static int parse_block(struct gparser *ps, struct gnode *n, struct perr *e)
{
	skip_delims(ps, 1);
	if (ps->tok.type != GT_LBRACE)
		return fail(e, "expected \"{\"", ps->tok.line);
	advance(ps);
	if (parse_list(ps, NULL, &n->body, e) < 0)
		return -1;
	if (ps->tok.type != GT_RBRACE)
		return fail(e, "missing \"}\"", ps->tok.line);
	advance(ps);
	return 0;
}

static int parse_command(struct gparser *ps, struct gnode **out, struct perr *e)
{
	struct gtoken *t = &ps->tok;
	struct gnode *n;
	int ret = 0;

	*out = NULL;
	if (t->type == GT_BAD)
		return fail(e, t->why, t->line);
	if (t->type != GT_WORD)
		return fail(e, "unexpected \"{\"", t->line);
	if (++ps->depth > GPARSER_MAX_DEPTH) {
		ps->depth--;
		return fail(e, "commands nested too deep", t->line);
	}
	if (is_kw(t, "if")) {
		n = new_node(GN_IF, t->line);
		ret = parse_if(ps, n, e);
	} else if (is_kw(t, "while") || is_kw(t, "until") || is_kw(t, "for")) {
		n = new_node(is_kw(t, "while") ? GN_WHILE : is_kw(t, "until") ? GN_UNTIL : GN_FOR,
			     t->line);
		ret = parse_loop(ps, n, e);
	} else if (is_kw(t, "function")) {
		n = new_node(GN_FUNCTION, t->line);
		advance(ps);
		if (ps->tok.type != GT_WORD || !ps->tok.plain || is_reserved(&ps->tok)) {
			ret = fail(e, "\"function\" needs a name", ps->tok.line);
		} else {
			n->name = xstrdup(ps->tok.plain);
			advance(ps);
			ret = parse_block(ps, n, e);
		}
	} else if (is_kw(t, "menuentry") || is_kw(t, "submenu")) {
		n = new_node(is_kw(t, "menuentry") ? GN_MENUENTRY : GN_SUBMENU, t->line);
		advance(ps);
		while (ps->tok.type == GT_WORD)
			take_word(ps, n);
		if (n->nwords == 0)
			ret = fail(e, "menu entry without a title", n->line);
		else
			ret = parse_block(ps, n, e);
	} else if (is_reserved(t)) {
		n = NULL;
		ret = fail(e, "unexpected keyword", t->line);
	} else {
		n = new_node(GN_CMD, t->line);
		while (ps->tok.type == GT_WORD)
			take_word(ps, n);
		if (ps->tok.type == GT_BAD)
			ret = fail(e, ps->tok.why, ps->tok.line);
		else if (ps->tok.type == GT_LBRACE)
			ret = fail(e, "unexpected \"{\"", ps->tok.line);
	}
	ps->depth--;
	if (ret < 0) {
		gnode_free(n);
		return -1;
	}
	*out = n;
	return 0;
}

int gparser_next(struct gparser *ps, struct gnode **out, const char **why, int *line)
{
	struct perr e = { 0 };

	*out = NULL;
	skip_delims(ps, 0);
	if (ps->tok.type == GT_EOF)
		return 0;
	if (ps->tok.type == GT_RBRACE)
		fail(&e, "unexpected \"}\"", ps->tok.line);
	else if (parse_command(ps, out, &e) == 0)
		return 1;
	*why = e.why;
	*line = e.line;
	/* Drop the rest of the line the error is on, then continue after it. */
	if (ps->tok.type != GT_NEWLINE && ps->tok.type != GT_EOF)
		glexer_skip_line(&ps->lx);
	advance(ps);
	return -1;
}
