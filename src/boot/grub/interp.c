/* interp.c - GRUB script evaluator: expansion, control flow, functions, menus and their entries. */
#include <stdbool.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/fsroot.h"
#include "boot/grub/grub.h"
#include "boot/grub/interp.h"
#include "boot/grub/parser.h"
#include "common/xmalloc.h"

void gwarn(struct ginterp *I, const char *fmt, ...)
{
	struct strlist *list = I->entry ? &I->entry->e->warnings : &I->out->warnings;
	struct strbuf sb = { 0 };
	va_list ap;
	char *msg;
	int n;

	if (list->n >= GRUB_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_printf(&sb, "%s:%d: %s", I->file ? I->file : "?", I->line, msg);
	free(msg);
	strlist_push(list, sb_steal(&sb));
}

const char *gintern(struct ginterp *I, const char *s)
{
	size_t i;

	for (i = 0; i < I->interned.n; i++)
		if (!strcmp(I->interned.v[i], s))
			return I->interned.v[i];
	strlist_pushdup(&I->interned, s);
	return I->interned.v[I->interned.n - 1];
}

void gkeep_tree(struct ginterp *I, struct gnode *tree)
{
	I->trees = xrealloc(I->trees, (I->ntrees + 1) * sizeof(*I->trees));
	I->trees[I->ntrees++] = tree;
}

/* ---- variables ---- */

static char *positional_join(struct ginterp *I)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; I->args && i < I->args->n; i++) {
		if (i)
			sb_putc(&sb, ' ');
		sb_puts(&sb, I->args->v[i]);
	}
	return sb_steal(&sb);
}

const char *gvar_get(struct ginterp *I, const char *name)
{
	static char count[24];

	if (isdigit((unsigned char)name[0])) {
		unsigned long n = strtoul(name, NULL, 10);

		if (n == 0 || !I->args || n > I->args->n)
			return NULL;
		return I->args->v[n - 1];
	}
	if (!strcmp(name, "#")) {
		snprintf(count, sizeof(count), "%zu", I->args ? I->args->n : 0);
		return count;
	}
	return genv_get(I->env, name);
}

int gvar_set(struct ginterp *I, const char *name, const char *value)
{
	size_t len = strlen(value);

	if (!*name || isdigit((unsigned char)name[0]) || strchr("#*@", name[0]))
		return -1;	/* positional parameters cannot be assigned */
	/* grub_env_write_root: "(hd0,1)" is stored as "hd0,1" */
	if (!strcmp(name, "root") && len >= 2 && value[0] == '(' && value[len - 1] == ')') {
		char *inner = xstrndup(value + 1, len - 2);
		int ret = genv_set(I->env, name, inner);

		free(inner);
		return ret;
	}
	if (genv_set(I->env, name, value) < 0) {
		gwarn(I, "too many variables, \"%s\" not set", name);
		return -1;
	}
	return 0;
}

/* ---- expansion (grub_script_arglist_to_argv) ---- */

/* How characters enter an argument, for wildcard expansion. */
enum glob_mode {
	GLOB_LITERAL,	/* quoted text, "$x", backslash-escaped characters */
	GLOB_TEXT,	/* unquoted text: * and ? are wildcards */
	GLOB_VAR,	/* unquoted $x: * and ? are wildcards unless after a backslash */
};

struct argv_builder {
	struct ginterp *I;
	struct strlist *argv;
	struct strbuf cur;
	struct strbuf pat;	/* cur as a wildcard pattern, literal characters escaped */
	bool glob;		/* pat has a wildcard */
	bool have;		/* the current argument exists (even if empty) */
	bool overflow;
};

static void ab_next(struct argv_builder *ab)
{
	if (!ab->have)
		return;
	if (ab->argv->n >= GRUB_MAX_ARGS)
		ab->overflow = true;
	else if (!(ab->glob && ab->I->wildcards && gwildcard_expand(ab->I, ab->pat.s, ab->argv)))
		strlist_push(ab->argv, sb_steal(&ab->cur));
	if (ab->argv->n > GRUB_MAX_ARGS)
		ab->overflow = true;
	sb_free(&ab->cur);
	sb_free(&ab->pat);
	ab->glob = false;
	ab->have = false;
}

static void ab_append(struct argv_builder *ab, const char *s, size_t n, enum glob_mode mode)
{
	size_t i;

	if (ab->cur.len + n > GRUB_MAX_VALUE) {
		ab->overflow = true;
		return;
	}
	sb_putn(&ab->cur, s, n);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (mode != GLOB_LITERAL && (c == '*' || c == '?')) {
			ab->glob = true;
		} else if (c == '\\' && mode == GLOB_VAR && i + 1 < n &&
			   (s[i + 1] == '*' || s[i + 1] == '?')) {
			sb_puts(&ab->pat, "\\\\\\");	/* an escaped backslash, then the escaped character */
			sb_putc(&ab->pat, s[++i]);
			continue;
		} else if (c == '\\' || c == '*' || c == '?') {
			sb_putc(&ab->pat, '\\');
		}
		sb_putc(&ab->pat, c);
	}
	ab->have = true;
}

static int gspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* An unquoted expansion is split at white space; its first word joins the current argument. */
static void ab_split_append(struct argv_builder *ab, const char *s)
{
	while (*s && gspace(*s))
		s++;
	while (*s) {
		const char *p = s;

		while (*s && !gspace(*s))
			s++;
		ab_append(ab, p, (size_t)(s - p), GLOB_VAR);
		while (*s && gspace(*s))
			s++;
		if (*s)
			ab_next(ab);
	}
}

static void expand_var(struct ginterp *I, struct argv_builder *ab, const char *name, bool quoted)
{
	if (!strcmp(name, "@") || !strcmp(name, "*")) {
		size_t i, n = I->args ? I->args->n : 0;

		if (quoted && name[0] == '*') {
			char *all = positional_join(I);

			if (*all)
				ab_append(ab, all, strlen(all), GLOB_LITERAL);
			free(all);
			return;
		}
		for (i = 0; i < n; i++) {
			if (i)
				ab_next(ab);
			if (quoted)
				ab_append(ab, I->args->v[i], strlen(I->args->v[i]), GLOB_LITERAL);
			else
				ab_split_append(ab, I->args->v[i]);
		}
		return;
	}
	{
		const char *v = gvar_get(I, name);

		if (!v || !*v)
			return;
		if (quoted)
			ab_append(ab, v, strlen(v), GLOB_LITERAL);
		else
			ab_split_append(ab, v);
	}
}

/* Expand words into argv; -1 (warning given) if the result is over the caps. */
static int expand_words(struct ginterp *I, const struct gword *words, size_t n,
			struct strlist *argv)
{
	struct argv_builder ab = { .I = I, .argv = argv };
	size_t i, j;

	for (i = 0; i < n; i++) {
		ab_next(&ab);
		for (j = 0; j < words[i].n; j++) {
			const struct gpart *p = &words[i].parts[j];

			switch (p->type) {
			case GP_TEXT:
				if (*p->str)
					ab_append(&ab, p->str, strlen(p->str), GLOB_TEXT);
				break;
			case GP_QTEXT:
				ab_append(&ab, p->str, strlen(p->str), GLOB_LITERAL);
				break;
			case GP_VAR:
			case GP_DQVAR:
				expand_var(I, &ab, p->str, p->type == GP_DQVAR);
				break;
			}
		}
	}
	ab_next(&ab);
	sb_free(&ab.cur);
	sb_free(&ab.pat);
	if (ab.overflow) {
		gwarn(I, "command line too long after expansion, command skipped");
		strlist_free(argv);
		return -1;
	}
	return 0;
}

/* ---- partitions and paths ---- */

static ssize_t part_by_name(struct ginterp *I, const char *name)
{
	size_t i;

	for (i = 0; i < I->nparts; i++)
		if (!strcmp(I->names[i], name))
			return (ssize_t)i;
	return -1;
}

int gresolve(struct ginterp *I, const char *name, size_t *part, char **path)
{
	const char *dev = NULL, *rest = name;
	char *devname = NULL;
	ssize_t idx;

	if (name[0] == '(') {
		const char *close = strchr(name, ')');

		if (!close) {
			gwarn(I, "bad device in file name \"%s\"", name);
			return -1;
		}
		devname = xstrndup(name + 1, (size_t)(close - name - 1));
		dev = devname;
		rest = close + 1;
	} else {
		dev = gvar_get(I, "root");
	}
	idx = dev && *dev ? part_by_name(I, dev) : (ssize_t)I->self;
	if (idx < 0) {
		/* A device GRUB would know by BIOS/firmware numbering: we only have
		 * the partitions we were given, so use the one the config is on. */
		if (I->nparts != 1)
			gwarn(I, "unknown device \"%s\", using the config's own partition", dev);
		idx = (ssize_t)I->self;
	}
	free(devname);
	*part = (size_t)idx;
	*path = fsroot_normalize(rest);
	return 0;
}

/* ---- execution ---- */

static int exec_node(struct ginterp *I, const struct gnode *n);

int grun_list(struct ginterp *I, const struct gnode *list)
{
	const struct gnode *n;
	int status = 0;

	for (n = list; n && I->jump == GJ_NONE; n = n->next)
		status = exec_node(I, n);
	return status;
}

static void set_status(struct ginterp *I, int status)
{
	char buf[16];

	I->status = status;
	snprintf(buf, sizeof(buf), "%d", status);
	genv_set(I->env, "?", buf);
}

static int call_function(struct ginterp *I, const struct gnode *body, int argc, char **argv)
{
	struct strlist args = { 0 }, *saved = I->args;
	int i, status;

	if (I->depth >= GRUB_MAX_DEPTH) {
		gwarn(I, "functions nested deeper than %d, \"%s\" not called", GRUB_MAX_DEPTH, argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++)
		strlist_pushdup(&args, argv[i]);
	I->args = &args;
	I->depth++;
	status = grun_list(I, body);
	I->depth--;
	if (I->jump == GJ_RETURN) {
		I->jump = GJ_NONE;
		status = I->status;
	}
	/* break/continue do not cross a function call */
	if (I->jump == GJ_BREAK || I->jump == GJ_CONTINUE)
		I->jump = GJ_NONE;
	I->args = saved;
	strlist_free(&args);
	return status;
}

static char *opt_value(int *i, int argc, char **argv, const char *arg, size_t optlen)
{
	if (arg[optlen] == '=')
		return xstrdup(arg + optlen + 1);
	if (*i + 1 < argc)
		return xstrdup(argv[++*i]);
	return NULL;
}

/* menuentry / submenu: options (GRUB's arg parser), title, extra arguments. */
static int define_menu_item(struct ginterp *I, const struct gnode *n, int argc, char **argv)
{
	struct gmenu_item item = { 0 };
	bool opts_done = false;
	int i;

	if (!I->menu) {
		gwarn(I, "menu entry defined inside a menu entry is ignored");
		return 0;
	}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		char *v = NULL;

		if (!opts_done && !strcmp(a, "--")) {
			opts_done = true;
		} else if (!opts_done && !strncmp(a, "--class", 7) && (a[7] == '\0' || a[7] == '=')) {
			v = opt_value(&i, argc, argv, a, 7);
		} else if (!opts_done && !strncmp(a, "--users", 7) && (a[7] == '\0' || a[7] == '=')) {
			v = opt_value(&i, argc, argv, a, 7);
		} else if (!opts_done && !strncmp(a, "--hotkey", 8) && (a[8] == '\0' || a[8] == '=')) {
			v = opt_value(&i, argc, argv, a, 8);
		} else if (!opts_done && !strncmp(a, "--source", 8) && (a[8] == '\0' || a[8] == '=')) {
			v = opt_value(&i, argc, argv, a, 8);
		} else if (!opts_done && !strncmp(a, "--id", 4) && (a[4] == '\0' || a[4] == '=')) {
			free(item.id);
			item.id = opt_value(&i, argc, argv, a, 4);
		} else if (!opts_done && !strcmp(a, "--unrestricted")) {
			;
		} else if (!opts_done && a[0] == '-' && a[1] != '\0') {
			gwarn(I, "unknown option \"%s\": menu entry not added", a);
			goto fail;
		} else if (!item.title) {
			item.title = xstrdup(a);
		} else {
			strlist_pushdup(&item.args, a);
		}
		free(v);
	}
	if (!item.title) {
		gwarn(I, "menu entry without a title");
		goto fail;
	}
	if (I->menu->n >= GRUB_MAX_MENU) {
		gwarn(I, "more than %d menu entries, \"%s\" ignored", GRUB_MAX_MENU, item.title);
		goto fail;
	}
	item.body = n->body;
	item.submenu = n->type == GN_SUBMENU;
	item.file = I->file;
	item.line = n->line;
	item.source = BOOT_SOURCE_GRUB;
	I->menu->items = xrealloc(I->menu->items, (I->menu->n + 1) * sizeof(*I->menu->items));
	I->menu->items[I->menu->n++] = item;
	return 0;
fail:
	free(item.title);
	free(item.id);
	strlist_free(&item.args);
	return 1;
}

static int exec_command(struct ginterp *I, const struct gnode *n)
{
	struct strlist argv = { 0 };
	const struct gnode *func;
	int status, invert = 0, argc;
	char **args;

	if (expand_words(I, n->words, n->nwords, &argv) < 0)
		return 1;
	args = argv.v;
	argc = (int)argv.n;
	if (argc > 0 && !strcmp(args[0], "!")) {
		invert = 1;
		args++;
		argc--;
	}
	if (argc == 0) {
		strlist_free(&argv);
		return invert;
	}
	status = gbuiltin(I, argc, args);
	if (status < 0) {
		func = genv_func(I->env, args[0]);
		if (func) {
			status = call_function(I, func, argc, args);
		} else if (strchr(args[0], '=') && args[0][0] != '=') {
			char *eq = strchr(args[0], '=');

			*eq = '\0';
			status = gvar_set(I, args[0], eq + 1) < 0;
		} else {
			gwarn(I, "unknown command \"%s\" skipped", args[0]);
			status = 1;
		}
	}
	strlist_free(&argv);
	return invert ? !status : status;
}

/*
 * After a loop body: consume one level of break/continue. True when the loop
 * must stop (break, a jump for an outer loop, return or exit).
 */
static bool loop_ends(struct ginterp *I)
{
	enum gjump j = I->jump;

	if (j != GJ_BREAK && j != GJ_CONTINUE)
		return j != GJ_NONE;
	if (--I->jump_count <= 0) {
		I->jump = GJ_NONE;
		I->jump_count = 0;
	}
	return j == GJ_BREAK || I->jump != GJ_NONE;
}

static int exec_loop(struct ginterp *I, const struct gnode *n)
{
	int status = 0, iterations = 0;

	for (;;) {
		int cond;

		if (++iterations > GRUB_MAX_LOOP) {
			gwarn(I, "loop stopped after %d iterations", GRUB_MAX_LOOP);
			break;
		}
		cond = grun_list(I, n->cond);
		if (I->jump != GJ_NONE)
			break;
		if ((n->type == GN_WHILE) != (cond == 0))
			break;
		status = grun_list(I, n->body);
		if (loop_ends(I))
			break;
	}
	return status;
}

static int exec_for(struct ginterp *I, const struct gnode *n)
{
	struct strlist items = { 0 };
	int status = 0;
	size_t i;

	if (expand_words(I, n->words, n->nwords, &items) < 0)
		return 1;
	for (i = 0; i < items.n && i < GRUB_MAX_LOOP; i++) {
		gvar_set(I, n->name, items.v[i]);
		status = grun_list(I, n->body);
		if (loop_ends(I))
			break;
	}
	strlist_free(&items);
	return status;
}

static int exec_node(struct ginterp *I, const struct gnode *n)
{
	int status = 0;

	if (++I->steps > GRUB_MAX_STEPS) {
		if (I->jump != GJ_ABORT) {
			I->line = n->line;
			gwarn(I, "more than %lu commands executed, giving up", GRUB_MAX_STEPS);
		}
		I->jump = GJ_ABORT;
		return 1;
	}
	I->line = n->line;
	switch (n->type) {
	case GN_CMD:
		status = exec_command(I, n);
		break;
	case GN_IF:
		status = grun_list(I, n->cond);
		if (I->jump != GJ_NONE)
			break;
		if (status == 0)
			status = grun_list(I, n->body);
		else if (n->orelse)
			status = n->orelse->type == GN_IF && !n->orelse->next &&
						 n->orelse->cond ? exec_node(I, n->orelse)
								 : grun_list(I, n->orelse);
		else
			status = 0;
		break;
	case GN_WHILE:
	case GN_UNTIL:
		status = exec_loop(I, n);
		break;
	case GN_FOR:
		status = exec_for(I, n);
		break;
	case GN_FUNCTION:
		status = 0;	/* defined when parsed */
		break;
	case GN_MENUENTRY:
	case GN_SUBMENU: {
		struct strlist argv = { 0 };

		if (expand_words(I, n->words, n->nwords, &argv) < 0)
			return 1;
		status = define_menu_item(I, n, (int)argv.n, argv.v);
		strlist_free(&argv);
		break;
	}
	}
	set_status(I, status);
	return status;
}

/* GRUB defines functions while parsing, wherever they appear in the statement. */
static void define_functions(struct ginterp *I, const struct gnode *n)
{
	for (; n; n = n->next) {
		if (n->type == GN_FUNCTION && genv_define(I->env, n->name, n->body) < 0)
			gwarn(I, "too many functions, \"%s\" not defined", n->name);
		define_functions(I, n->cond);
		define_functions(I, n->body);
		define_functions(I, n->orelse);
	}
}

int grun_text(struct ginterp *I, const char *file, const char *text, size_t len)
{
	struct gparser ps;
	const char *saved_file = I->file;
	int saved_line = I->line, status = 0;
	char *clean = xmalloc(len + 1);
	size_t i, m = 0;

	/* grub_file_getline drops carriage returns */
	for (i = 0; i < len; i++)
		if (text[i] != '\r')
			clean[m++] = text[i];
	clean[m] = '\0';
	I->file = gintern(I, file);
	gparser_init(&ps, clean, m);
	while (I->jump == GJ_NONE) {
		struct gnode *stmt;
		const char *why = NULL;
		int line = 0, r = gparser_next(&ps, &stmt, &why, &line);

		if (r == 0)
			break;
		if (r < 0) {
			I->line = line;
			gwarn(I, "syntax error: %s; command skipped", why ? why : "?");
			continue;
		}
		gkeep_tree(I, stmt);
		define_functions(I, stmt);
		status = exec_node(I, stmt);
		if (I->jump == GJ_RETURN || I->jump == GJ_BREAK || I->jump == GJ_CONTINUE)
			I->jump = GJ_NONE;
	}
	if (I->jump == GJ_EXIT)
		I->jump = GJ_NONE;
	gparser_fini(&ps);
	free(clean);
	I->file = saved_file;
	I->line = saved_line;
	return status;
}

static bool in_list(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/*
 * Resolve a config file name to its partition, path and "N:path" key; NULL
 * (warning given) if it names no file, or if reading it would loop: it is
 * being read already, or its menu is being listed above this point (a
 * "back to the main menu" entry).
 */
static char *config_key(struct ginterp *I, const char *name, size_t *part, char **path)
{
	char *key;

	if (gresolve(I, name, part, path) < 0)
		return NULL;
	key = xasprintf("%zu:%s", *part, *path);
	if (in_list(&I->reading, key) || in_list(&I->menus, key)) {
		gwarn(I, "%s is %s already: a loop, not read again", *path,
		      in_list(&I->reading, key) ? "being read" : "a menu shown");
		free(key);
		free(*path);
		return NULL;
	}
	return key;
}

/* Read and run a resolved config file. */
static int run_config(struct ginterp *I, size_t part, const char *path, const char *key)
{
	size_t len;
	char *text, err[512];
	int status;

	if (I->files_read >= GRUB_MAX_FILES || I->depth >= GRUB_MAX_DEPTH) {
		gwarn(I, "too many or too deeply nested config files, %s not read", path);
		return 1;
	}
	text = fsroot_read(I->parts[part].root, path, &len, FSROOT_CONFIG_MAX, err, sizeof(err));
	if (!text) {
		gwarn(I, "cannot read %s", err);
		return 1;
	}
	I->files_read++;
	I->depth++;
	strlist_pushdup(&I->reading, key);
	status = grun_text(I, path, text, len);
	free(I->reading.v[--I->reading.n]);
	I->depth--;
	free(text);
	return status;
}

int grun_file(struct ginterp *I, const char *name)
{
	size_t part;
	char *path, *key;
	int status;

	if (I->entry)
		I->entry->opened = true;
	key = config_key(I, name, &part, &path);
	if (!key)
		return 1;
	/* An entry's sourced files: the entries they define are its submenu. */
	if (I->entry && !in_list(&I->entry->sourced, key))
		strlist_pushdup(&I->entry->sourced, key);
	status = run_config(I, part, path, key);
	free(key);
	free(path);
	return status;
}

int gconfigfile(struct ginterp *I, const char *name, struct gmenu *menu, const char *prefix,
		bool chain)
{
	size_t part;
	char *path, *key = config_key(I, name, &part, &path);
	int status;

	if (!key)
		return 1;
	strlist_pushdup(&I->menus, key);
	status = run_config(I, part, path, key);
	if (I->jump != GJ_ABORT)
		I->jump = GJ_NONE;
	gprocess_menu(I, menu, prefix, chain);
	free(I->menus.v[--I->menus.n]);
	free(key);
	free(path);
	return status;
}

/* ---- menus ---- */

void gmenu_free(struct gmenu *menu)
{
	size_t i;

	for (i = 0; i < menu->n; i++) {
		free(menu->items[i].title);
		free(menu->items[i].id);
		strlist_free(&menu->items[i].args);
	}
	free(menu->items);
	memset(menu, 0, sizeof(*menu));
}

/*
 * menuentry_eq from grub-core/normal/menu.c: does title (or id) match spec up
 * to spec's first unescaped '>'? ">>" in spec is a literal '>'.
 */
static int menuentry_eq(const char *id, const char *spec)
{
	const char *p1 = id, *p2 = spec;

	if (!id)
		return 0;
	for (;;) {
		if (*p2 == '>' && p2[1] != '>' && *p1 == '\0')
			return 1;
		if (*p2 == '>' && p2[1] != '>')
			return 0;
		if (*p2 == '>')
			p2++;
		if (*p1 != *p2)
			return 0;
		if (*p1 == '\0')
			return 1;
		p1++;
		p2++;
	}
}

/* get_entry_number + run_menu's fallback: an index, a title or an id; else 0. */
static size_t default_index(const struct gmenu *menu, const char *val)
{
	size_t i;

	if (val) {
		const char *p = val;
		char *end;
		unsigned long n;

		while (gspace(*p))
			p++;
		n = strtoul(p, &end, 0);
		if (end != p && *p != '-' && *p != '+') {
			if (n < menu->n)
				return (size_t)n;
			return 0;
		}
		for (i = 0; i < menu->n; i++)
			if (menuentry_eq(menu->items[i].title, val) || menuentry_eq(menu->items[i].id, val))
				return i;
	}
	return 0;
}

/* The part of a default spec after its first unescaped '>', or NULL. */
static const char *default_rest(const char *val)
{
	const char *p;

	for (p = val; p && *p; p++) {
		if (p[0] == '>' && p[1] == '>') {
			p++;
			continue;
		}
		if (p[0] == '>')
			return p[1] ? p + 1 : NULL;
	}
	return NULL;
}

/*
 * Menu entries an entry's body defined (in a file it sourced, say): GRUB
 * would add them to the menu on the screen; vigil lists them as a submenu
 * of the entry. They take the default when the entry was the default and
 * boots nothing itself. outer_default is the menu's "default", which the
 * body's copy of the variables still has unless the body set its own.
 */
static void entry_submenu(struct ginterp *I, const struct gentry_build *b, struct gmenu *nested,
			  const char *outer_default)
{
	const char *def = genv_get(I->env, "default");
	char *subprefix;
	size_t i;

	if (I->depth >= GRUB_MAX_DEPTH) {
		gwarn(I, "menus nested too deep, the entries \"%s\" defines are skipped", b->e->name);
		return;
	}
	if (def && outer_default && !strcmp(def, outer_default))
		genv_unset(I->env, "default");
	subprefix = xasprintf("%s>", b->e->name);
	for (i = 0; i < b->sourced.n; i++)
		strlist_pushdup(&I->menus, b->sourced.v[i]);
	I->depth++;
	gprocess_menu(I, nested, subprefix, b->is_default && !b->menu_shown && !b->e->kernel);
	I->depth--;
	for (i = 0; i < b->sourced.n; i++)
		free(I->menus.v[--I->menus.n]);
	free(subprefix);
}

static void build_entry(struct ginterp *I, const struct gmenu_item *item, const char *prefix,
			bool is_default)
{
	struct gentry_build b = { 0 };
	struct genv *saved_env = I->env;
	struct gmenu *saved_menu = I->menu, nested = { 0 };
	struct gentry_build *saved_entry = I->entry;
	struct strlist args = { 0 }, *saved_args = I->args;
	const char *saved_file = I->file;
	const char *outer = genv_get(saved_env, "default");
	char *chosen, *where, *outer_default = outer ? xstrdup(outer) : NULL;
	size_t i;

	if (I->entries >= GRUB_MAX_ENTRIES) {
		free(outer_default);
		return;
	}
	/* The same entry inside its own expansion: configfile or source of its own file. */
	where = xasprintf("%s:%d", item->file, item->line);
	for (i = 0; i < I->building.n; i++) {
		if (!strcmp(I->building.v[i], where)) {
			gwarn(I, "menu entry \"%s\" opens itself again: a loop, skipped", item->title);
			free(where);
			free(outer_default);
			return;
		}
	}
	strlist_push(&I->building, where);
	b.e = boot_entry_new(item->source);
	b.e->name = xasprintf("%s%s", prefix, item->title);
	b.e->id = item->id ? xstrdup(item->id) : NULL;
	b.e->file = xstrdup(item->file);
	b.part = I->self;
	b.is_default = is_default;
	for (i = 0; i < item->args.n; i++)
		strlist_pushdup(&args, item->args.v[i]);
	/* The body runs at "boot time" on a copy: nothing it sets leaks out. */
	I->env = genv_clone(saved_env);
	I->menu = &nested;
	I->entry = &b;
	I->args = &args;
	I->file = item->file;
	chosen = xasprintf("%s%s", prefix, item->id ? item->id : item->title);
	genv_set(I->env, "chosen", chosen);
	genv_export(I->env, "chosen");
	free(chosen);
	I->depth++;
	grun_list(I, item->body);
	I->depth--;
	if (I->jump != GJ_ABORT)
		I->jump = GJ_NONE;
	I->entry = saved_entry;
	I->args = saved_args;
	if (b.e->kernel) {
		const struct boot_partition *p = &I->parts[b.part];
		struct stat st;

		b.e->device = p->device ? xstrdup(p->device) : NULL;
		b.e->host_root = xstrdup(p->root);
		if (fsroot_stat(p->root, b.e->kernel, &st) < 0)
			boot_entry_warn(b.e, "%s:%d: kernel %s not found", item->file, item->line,
					b.e->kernel);
		/* a menu its body showed (configfile) took the default */
		b.e->is_default = is_default && !b.menu_shown;
		boot_list_append(I->out, b.e);
		I->entries++;
	} else {
		/* chainloader, fwsetup, a menu of its own: nothing vigil boots. What went
		 * wrong opening a menu is still worth telling. */
		if (b.opened)
			for (i = 0; i < b.e->warnings.n && I->out->warnings.n < GRUB_MAX_WARNINGS; i++)
				strlist_pushdup(&I->out->warnings, b.e->warnings.v[i]);
	}
	if (nested.n && I->jump != GJ_ABORT)
		entry_submenu(I, &b, &nested, outer_default);
	if (!b.e->kernel)
		boot_entry_free(b.e);
	gmenu_free(&nested);
	genv_free(I->env);
	I->env = saved_env;
	I->menu = saved_menu;
	I->file = saved_file;
	strlist_free(&args);
	strlist_free(&b.sourced);
	free(I->building.v[--I->building.n]);
	free(outer_default);
}

static void enter_submenu(struct ginterp *I, const struct gmenu_item *item, const char *prefix,
			  bool chain, const char *rest)
{
	struct genv *saved_env = I->env;
	struct gmenu *saved_menu = I->menu, sub = { 0 };
	struct strlist args = { 0 }, *saved_args = I->args;
	const char *saved_file = I->file;
	char *subprefix;
	size_t i;

	if (I->depth >= GRUB_MAX_DEPTH) {
		gwarn(I, "submenus nested too deep, \"%s\" skipped", item->title);
		return;
	}
	/* grub_menu_execute_entry opens a new context: only exported variables pass. */
	I->env = genv_clone_exported(saved_env);
	if (chain && rest)
		genv_set(I->env, "default", rest);
	else
		genv_unset(I->env, "default");
	for (i = 0; i < item->args.n; i++)
		strlist_pushdup(&args, item->args.v[i]);
	I->menu = &sub;
	I->args = &args;
	I->file = item->file;
	I->depth++;
	grun_list(I, item->body);
	if (I->jump != GJ_ABORT)
		I->jump = GJ_NONE;
	subprefix = xasprintf("%s%s>", prefix, item->title);
	I->args = saved_args;
	gprocess_menu(I, &sub, subprefix, chain);
	I->depth--;
	free(subprefix);
	gmenu_free(&sub);
	genv_free(I->env);
	strlist_free(&args);
	I->env = saved_env;
	I->menu = saved_menu;
	I->file = saved_file;
}

void gprocess_menu(struct ginterp *I, struct gmenu *menu, const char *prefix, bool chain)
{
	const char *def = genv_get(I->env, "default");
	char *defcopy = def ? xstrdup(def) : NULL;
	size_t i, idx = default_index(menu, defcopy);

	for (i = 0; i < menu->n && I->jump != GJ_ABORT; i++) {
		const struct gmenu_item *item = &menu->items[i];

		I->line = item->line;
		if (item->submenu)
			enter_submenu(I, item, prefix, chain && i == idx, default_rest(defcopy));
		else
			build_entry(I, item, prefix, chain && i == idx);
	}
	free(defcopy);
}

/* ---- public entry points ---- */

static void interp_init(struct ginterp *I, struct boot_entry_list *out,
			const struct boot_partition *parts, size_t nparts, size_t self,
			const char *cfg_path)
{
	static const char *const features[] = {
		"feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
		"feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
		"feature_menuentry_options", "feature_200_final", "feature_nativedisk_cmd",
		"feature_timeout_style", NULL,
	};
	char *dir, *prefix;
	size_t i;

	memset(I, 0, sizeof(*I));
	I->parts = parts;
	I->nparts = nparts;
	I->self = self;
	I->out = out;
	I->env = xcalloc(1, sizeof(*I->env));
	I->names = xcalloc(nparts, sizeof(*I->names));
	for (i = 0; i < nparts; i++)
		I->names[i] = parts[i].grub_name ? xstrdup(parts[i].grub_name)
						 : xasprintf("vigil%zu", i);
	/* What GRUB's normal mode sets up before reading grub.cfg. */
	dir = fsroot_dirname(cfg_path);
	prefix = xasprintf("(%s)%s", I->names[self], strcmp(dir, "/") ? dir : "");
	genv_set(I->env, "root", I->names[self]);
	genv_set(I->env, "prefix", prefix);
	genv_set(I->env, "cmdpath", prefix);
	/* vigil is a coreboot payload: configs that check pass coreboot-appropriate options */
	genv_set(I->env, "grub_platform", "coreboot");
	genv_set(I->env, "grub_cpu", "i386");
	genv_set(I->env, "?", "0");
	genv_export(I->env, "root");
	genv_export(I->env, "prefix");
	genv_export(I->env, "grub_platform");
	genv_export(I->env, "grub_cpu");
	for (i = 0; features[i]; i++) {
		genv_set(I->env, features[i], "y");
		genv_export(I->env, features[i]);
	}
	free(prefix);
	free(dir);
}

static void interp_fini(struct ginterp *I)
{
	size_t i;

	genv_free(I->env);
	for (i = 0; i < I->nparts; i++)
		free(I->names[i]);
	free(I->names);
	for (i = 0; i < I->ntrees; i++)
		gnode_free(I->trees[i]);
	free(I->trees);
	strlist_free(&I->interned);
	strlist_free(&I->reading);
	strlist_free(&I->menus);
	strlist_free(&I->building);
}

static size_t run_top(struct boot_entry_list *out, const struct boot_partition *parts,
		      size_t nparts, size_t self, const char *cfg_path, const char *text, size_t len)
{
	struct ginterp I;
	struct gmenu menu = { 0 };
	size_t before = out->count;
	char *path = fsroot_normalize(cfg_path);

	interp_init(&I, out, parts, nparts, self, path);
	I.menu = &menu;
	if (text) {
		I.files_read++;
		grun_text(&I, path, text, len);
	} else {
		char *name = xasprintf("(%s)%s", I.names[self], path);

		grun_file(&I, name);
		free(name);
	}
	if (I.jump != GJ_ABORT)
		I.jump = GJ_NONE;
	strlist_push(&I.menus, xasprintf("%zu:%s", self, path));
	gprocess_menu(&I, &menu, "", !I.default_taken);
	gmenu_free(&menu);
	interp_fini(&I);
	free(path);
	return out->count - before;
}

size_t grub_collect(struct boot_entry_list *out, const struct boot_partition *parts,
		    size_t nparts, size_t self, const char *cfg_path)
{
	return run_top(out, parts, nparts, self, cfg_path, NULL, 0);
}

size_t grub_collect_text(struct boot_entry_list *out, const struct boot_partition *parts,
			 size_t nparts, size_t self, const char *cfg_path, const char *text,
			 size_t len)
{
	return run_top(out, parts, nparts, self, cfg_path, text, len);
}
