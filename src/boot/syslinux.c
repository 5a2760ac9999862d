/* syslinux.c - syslinux-family configs: labels, APPEND/INITRD, INCLUDE, CONFIG, DEFAULT, mboot.c32. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boot/fsroot.h"
#include "boot/syslinux.h"
#include "common/xmalloc.h"

#define SYSLINUX_MAX_DEPTH 16	/* nested INCLUDE, and CONFIG chains */
#define SYSLINUX_MAX_FILES 128	/* files read for one top config, INCLUDE and CONFIG together */
#define SYSLINUX_MAX_LABELS 512
#define SYSLINUX_MAX_MENU_DEPTH 8

enum label_type { LT_AUTO, LT_LINUX, LT_CONFIG, LT_OTHER };

struct sl_label {
	char *label;		/* LABEL name, what DEFAULT refers to */
	char *menu_label;	/* MENU LABEL, shown to the user */
	char *prefix;		/* "Submenu>" titles of enclosing MENU BEGIN blocks */
	char *kernel;		/* KERNEL/LINUX/... value: file name and maybe arguments */
	enum label_type type;
	char *append;		/* NULL: the global APPEND applies */
	char *initrd;		/* the last INITRD line, NULL if none */
	char *file;		/* config that defines it */
	char *workdir;
	int line;
	int kernel_line;	/* of the KERNEL/CONFIG/... directive */
	bool menu_default;
};

/* What one top config and every file it leads to share. */
struct sl_ctx {
	struct boot_entry_list *out;
	const struct boot_partition *part;
	struct strlist configs;	/* the CONFIG chain being read, top first: one more is a loop */
	unsigned files;		/* files read, INCLUDE and CONFIG together */
};

/*
 * One configuration as syslinux reads it: CONFIG restarts the loader, so a
 * CONFIG'd file gets a fresh state (no global APPEND, DEFAULT, menus).
 */
struct sl_state {
	struct sl_ctx *ctx;
	struct boot_entry_list *out;
	const struct boot_partition *part;
	const char *path;	/* the config file itself */
	const char *base_prefix;	/* "Label>" of the CONFIG label that led here, or "" */
	bool chain;		/* its default is the default of the whole list */
	struct strlist open;	/* this file and the INCLUDEs being read: one more is a loop */
	struct sl_label *labels;
	size_t n_labels;
	char *global_append;
	char *default_cmd;
	char *ontimeout;
	bool has_ui;
	char *menu_titles[SYSLINUX_MAX_MENU_DEPTH];	/* MENU BEGIN tag, or MENU TITLE */
	char *menu_labels[SYSLINUX_MAX_MENU_DEPTH];	/* MENU LABEL of the submenu itself */
	bool in_menu_header;	/* after MENU BEGIN, before its first LABEL */
	int menu_depth;
	int skipped_menus;	/* MENU BEGIN blocks past the depth limit */
	const char *workdir;	/* the working directory: relative names resolve here */
};

static void replace(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static const char *skip_space(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* If p starts with the keyword (any case) followed by space or end, return what follows. */
static const char *keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	if (strncasecmp(p, kw, n) || (p[n] && !isspace((unsigned char)p[n])))
		return NULL;
	return skip_space(p + n);
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool has_ext(const char *file, const char *ext)
{
	size_t n = strlen(file), m = strlen(ext);

	return n >= m && !strcasecmp(file + n - m, ext);
}

static bool is_menu_ui(const char *file)
{
	const char *base = basename_of(file);

	return !strcasecmp(base, "menu.c32") || !strcasecmp(base, "vesamenu.c32");
}

static struct sl_label *current_label(struct sl_state *st)
{
	return st->n_labels ? &st->labels[st->n_labels - 1] : NULL;
}

static char *menu_prefix(const struct sl_state *st)
{
	struct strbuf sb = { 0 };
	int i;

	for (i = 0; i < st->menu_depth; i++) {
		/* The parent menu shows a submenu by its MENU LABEL (hotkey '^' dropped). */
		const char *name = st->menu_labels[i] ? st->menu_labels[i]
				   : st->menu_titles[i] ? st->menu_titles[i] : "";

		for (; *name; name++)
			if (*name != '^')
				sb_putc(&sb, *name);
		sb_putc(&sb, '>');
	}
	return sb_steal(&sb);
}

static void parse_file(struct sl_state *st, const char *path, const char *text,
		       const char *workdir);

static bool in_list(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* Read a file the config names; NULL (warning given) past the caps or if unreadable. */
static char *read_config(struct sl_ctx *ctx, const char *path, const char *what,
			 const char *from, int line)
{
	char err[512], *text;

	if (ctx->files >= SYSLINUX_MAX_FILES) {
		boot_list_warn(ctx->out, "%s:%d: more than %d config files read, %s %s skipped",
			       from, line, SYSLINUX_MAX_FILES, what, path);
		return NULL;
	}
	ctx->files++;
	text = fsroot_read(ctx->part->root, path, NULL, FSROOT_CONFIG_MAX, err, sizeof(err));
	if (!text)
		boot_list_warn(ctx->out, "%s:%d: cannot read %s file %s", from, line, what, err);
	return text;
}

/* INCLUDE: the file's lines in place of this one; relative names stay relative to the working directory. */
static void include_file(struct sl_state *st, const char *name, const char *from,
			 int line, const char *workdir)
{
	char *path, *text;

	path = fsroot_join(workdir, name);
	if (in_list(&st->open, path)) {
		boot_list_warn(st->out, "%s:%d: INCLUDE %s: a loop (it is being read already), "
			       "not read again", from, line, path);
	} else if (st->open.n > SYSLINUX_MAX_DEPTH) {
		boot_list_warn(st->out, "%s:%d: INCLUDE nested too deep, %s skipped", from, line, path);
	} else if ((text = read_config(st->ctx, path, "INCLUDE", from, line)) != NULL) {
		strlist_pushdup(&st->open, path);
		parse_file(st, path, text, workdir);
		free(st->open.v[--st->open.n]);
		free(text);
	}
	free(path);
}

static void parse_menu_line(struct sl_state *st, const char *rest, const char *path,
			    int line, const char *workdir)
{
	struct sl_label *l = current_label(st);
	const char *v;

	if ((v = keyword(rest, "label")) && st->in_menu_header) {
		if (!st->skipped_menus)
			replace(&st->menu_labels[st->menu_depth - 1], v);
	} else if ((v = keyword(rest, "label")) && l) {
		replace(&l->menu_label, v);
	} else if (keyword(rest, "default") && l && !st->in_menu_header) {
		l->menu_default = true;
	} else if ((v = keyword(rest, "include"))) {
		char *name = xstrdup(v), *sp = strpbrk(name, " \t");

		if (sp)
			*sp = '\0';	/* "MENU INCLUDE file tag" */
		include_file(st, name, path, line, workdir);
		free(name);
	} else if ((v = keyword(rest, "begin"))) {
		if (st->menu_depth < SYSLINUX_MAX_MENU_DEPTH && !st->skipped_menus) {
			st->menu_labels[st->menu_depth] = NULL;
			st->menu_titles[st->menu_depth++] = xstrdup(v);
			st->in_menu_header = true;
		} else {
			st->skipped_menus++;
		}
	} else if (keyword(rest, "end")) {
		if (st->skipped_menus)
			st->skipped_menus--;
		else if (st->menu_depth > 0) {
			st->menu_depth--;
			free(st->menu_titles[st->menu_depth]);
			free(st->menu_labels[st->menu_depth]);
		}
		st->in_menu_header = false;
	} else if ((v = keyword(rest, "title")) && st->menu_depth > 0 && !st->skipped_menus) {
		replace(&st->menu_titles[st->menu_depth - 1], v);
	}
	/* Colours, geometry, passwords etc. do not change what boots. */
}

static void new_label(struct sl_state *st, const char *name, const char *path, int line,
		      const char *workdir)
{
	struct sl_label *l;

	if (st->n_labels >= SYSLINUX_MAX_LABELS) {
		if (st->n_labels == SYSLINUX_MAX_LABELS)
			boot_list_warn(st->out, "%s:%d: more than %d labels, the rest is ignored",
				       path, line, SYSLINUX_MAX_LABELS);
		st->n_labels++;	/* count, so the warning is given once */
		return;
	}
	st->labels = xrealloc(st->labels, (st->n_labels + 1) * sizeof(*st->labels));
	l = &st->labels[st->n_labels++];
	memset(l, 0, sizeof(*l));
	l->label = xstrdup(name);
	l->prefix = menu_prefix(st);
	l->file = xstrdup(path);
	l->workdir = xstrdup(workdir);
	l->line = line;
}

static void set_kernel(struct sl_state *st, const char *value, enum label_type type, int line)
{
	struct sl_label *l = current_label(st);

	if (!l || st->n_labels > SYSLINUX_MAX_LABELS)
		return;
	replace(&l->kernel, value);
	l->type = type;
	l->kernel_line = line;
}

static void parse_file(struct sl_state *st, const char *path, const char *text,
		       const char *workdir)
{
	const char *p = text;
	bool in_text = false;
	int line = 0;

	while (*p) {
		const char *eol = strchr(p, '\n'), *v;
		char *buf, *s;
		struct sl_label *l;
		size_t n;

		if (!eol)
			eol = p + strlen(p);
		line++;
		n = (size_t)(eol - p);
		buf = xstrndup(p, n);
		p = *eol ? eol + 1 : eol;
		while (n && isspace((unsigned char)buf[n - 1]))
			buf[--n] = '\0';
		s = (char *)skip_space(buf);
		l = st->n_labels > SYSLINUX_MAX_LABELS ? NULL : current_label(st);
		if (in_text) {
			if (keyword(s, "endtext"))
				in_text = false;
		} else if (*s == '\0' || *s == '#') {
			;
		} else if (keyword(s, "text")) {
			in_text = true;	/* TEXT HELP ... ENDTEXT is shown, not parsed */
		} else if ((v = keyword(s, "label"))) {
			st->in_menu_header = false;
			new_label(st, v, path, line, workdir);
		} else if ((v = keyword(s, "menu"))) {
			parse_menu_line(st, v, path, line, workdir);
		} else if ((v = keyword(s, "include"))) {
			include_file(st, v, path, line, workdir);
		} else if ((v = keyword(s, "kernel"))) {
			set_kernel(st, v, LT_AUTO, line);
		} else if ((v = keyword(s, "linux"))) {
			set_kernel(st, v, LT_LINUX, line);
		} else if ((v = keyword(s, "config"))) {
			if (st->n_labels)
				set_kernel(st, v, LT_CONFIG, line);
			else	/* syslinux reads kernel-like directives in a LABEL only */
				boot_list_warn(st->out, "%s:%d: CONFIG outside a LABEL is ignored",
					       path, line);
		} else if ((v = keyword(s, "com32")) || (v = keyword(s, "boot")) ||
			   (v = keyword(s, "bss")) || (v = keyword(s, "pxe")) ||
			   (v = keyword(s, "fdimage")) || (v = keyword(s, "comboot")) ||
			   (v = keyword(s, "localboot"))) {
			set_kernel(st, v, LT_OTHER, line);
		} else if ((v = keyword(s, "append"))) {
			if (l)
				replace(&l->append, v);
			else
				replace(&st->global_append, v);
		} else if ((v = keyword(s, "initrd"))) {
			if (l)	/* the last one counts; a global INITRD is ignored */
				replace(&l->initrd, v);
		} else if ((v = keyword(s, "default"))) {
			if (is_menu_ui(v))
				st->has_ui = true;	/* syslinux 3 style "DEFAULT menu.c32" */
			else
				replace(&st->default_cmd, v);
		} else if ((v = keyword(s, "ui"))) {
			st->has_ui = true;
		} else if ((v = keyword(s, "ontimeout"))) {
			replace(&st->ontimeout, v);
		}
		/*
		 * TIMEOUT, PROMPT, SAY, SERIAL, IPAPPEND, ... do not change what
		 * boots; PATH is where COM32 modules are looked for, not kernels.
		 */
		free(buf);
	}
}

/* Split "file args" into the file and its arguments. */
static void split_command(const char *cmd, char **file, const char **args)
{
	const char *sp = cmd;

	while (*sp && !isspace((unsigned char)*sp))
		sp++;
	*file = xstrndup(cmd, (size_t)(sp - cmd));
	*args = skip_space(sp);
}

/*
 * Take the "initrd=a,b" words out of the command line; the files of the last
 * one are the initrds ("only the last effective initrd= parameter is used").
 */
static char *extract_initrds(const char *cmdline, const char *workdir, struct strlist *initrd)
{
	struct strbuf out = { 0 };
	const char *p = skip_space(cmdline);

	while (*p) {
		const char *w = p;
		size_t n;

		while (*p && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - w);
		if (n > 7 && !strncmp(w, "initrd=", 7)) {
			char *list = xstrndup(w + 7, n - 7), *save = NULL, *tok;

			strlist_free(initrd);
			for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
				strlist_push(initrd, fsroot_join(workdir, tok));
			free(list);
		} else {
			if (out.len)
				sb_putc(&out, ' ');
			sb_putn(&out, w, n);
		}
		p = skip_space(p);
	}
	return sb_steal(&out);
}

/* mboot.c32's "xen.gz args --- vmlinuz args --- initrd args" */
static void fill_mboot(struct boot_entry *e, const char *args, const char *workdir)
{
	char *copy = xstrdup(args), *part = copy;
	int index = 0;

	e->kind = BOOT_KIND_XEN;
	while (part) {
		char *sep = strstr(part, "---"), *file;
		const char *rest;

		/* "---" separates only as a word of its own */
		while (sep && !((sep == copy || isspace((unsigned char)sep[-1])) &&
				(sep[3] == '\0' || isspace((unsigned char)sep[3]))))
			sep = strstr(sep + 3, "---");
		if (sep)
			*sep = '\0';
		{
			size_t n = strlen(part);

			while (n && isspace((unsigned char)part[n - 1]))
				part[--n] = '\0';
		}
		split_command(skip_space(part), &file, &rest);
		if (*file) {
			char *full = fsroot_join(workdir, file);

			if (index == 0) {
				e->kernel = full;
				e->cmdline = xstrdup(rest);
			} else {
				boot_entry_add_module(e, full, rest);
				free(full);
			}
			index++;
		}
		free(file);
		part = sep ? sep + 3 : NULL;
	}
	free(copy);
}

static const char *label_display_name(const struct sl_state *st, const struct sl_label *l,
				      struct strbuf *sb)
{
	const char *name = l->menu_label ? l->menu_label : l->label;
	const char *c;

	sb_puts(sb, st->base_prefix);
	sb_puts(sb, l->prefix);
	for (c = name; *c; c++)
		if (*c != '^')	/* hotkey marker */
			sb_putc(sb, *c);
	return sb->s;
}

/* Build the entry for a label, or NULL for labels vigil cannot boot. */
static struct boot_entry *label_entry(struct sl_state *st, const struct sl_label *l)
{
	struct boot_entry *e;
	struct strbuf name = { 0 }, cmd = { 0 };
	const char *args, *append;
	char *file;

	if (!l->kernel || !*l->kernel || l->type == LT_OTHER || l->type == LT_CONFIG)
		return NULL;
	split_command(l->kernel, &file, &args);
	if (l->type == LT_AUTO && has_ext(file, ".c32") && strcasecmp(basename_of(file), "mboot.c32")) {
		free(file);
		return NULL;	/* a com32 module (menu, chain, hdt...) */
	}
	if (l->type == LT_AUTO && (has_ext(file, ".cbt") || has_ext(file, ".com") ||
				   has_ext(file, ".bs") || has_ext(file, ".bss") ||
				   has_ext(file, ".bin") || has_ext(file, ".0") || has_ext(file, ".img"))) {
		free(file);
		return NULL;	/* boot sectors, COMBOOT, PXE and floppy images */
	}
	e = boot_entry_new(BOOT_SOURCE_SYSLINUX);
	e->name = xstrdup(label_display_name(st, l, &name));
	sb_free(&name);
	e->id = xstrdup(l->label);
	e->file = xstrdup(l->file);
	e->device = st->part->device ? xstrdup(st->part->device) : NULL;
	e->host_root = xstrdup(st->part->root);
	append = l->append ? l->append : st->global_append;
	/* "APPEND -" means no options at all, not even the global ones. */
	if (append && !strcmp(append, "-"))
		append = NULL;
	/* As syslinux builds it: KERNEL's arguments, APPEND, then "initrd=" for INITRD. */
	sb_puts(&cmd, args);
	if (append && *append) {
		if (cmd.len)
			sb_putc(&cmd, ' ');
		sb_puts(&cmd, append);
	}
	if (l->initrd && strcasecmp(basename_of(file), "mboot.c32")) {
		if (cmd.len)
			sb_putc(&cmd, ' ');
		sb_printf(&cmd, "initrd=%s", l->initrd);
	}
	if (!strcasecmp(basename_of(file), "mboot.c32")) {
		fill_mboot(e, cmd.s ? cmd.s : "", l->workdir);
		if (!e->kernel) {
			boot_entry_free(e);
			e = NULL;
		}
	} else {
		e->kernel = fsroot_join(l->workdir, file);
		e->cmdline = extract_initrds(cmd.s ? cmd.s : "", l->workdir, &e->initrd);
	}
	sb_free(&cmd);
	free(file);
	return e;
}

static ssize_t find_label(const struct sl_state *st, const char *name)
{
	size_t i, n = st->n_labels > SYSLINUX_MAX_LABELS ? SYSLINUX_MAX_LABELS : st->n_labels;

	for (i = 0; i < n; i++)
		if (!strcmp(st->labels[i].label, name))
			return (ssize_t)i;
	return -1;
}

/* Index of the label a DEFAULT/ONTIMEOUT command names, also "label extra-args". */
static ssize_t find_command_label(const struct sl_state *st, const char *cmd)
{
	ssize_t i = find_label(st, cmd);
	char *first;
	const char *args;

	if (i >= 0)
		return i;
	split_command(cmd, &first, &args);
	i = find_label(st, first);
	free(first);
	return i;
}

static size_t parse_and_emit(struct sl_ctx *ctx, const char *path, const char *text,
			     const char *workdir, const char *base_prefix, bool chain);

/*
 * A CONFIG label: syslinux restarts with that file ("CONFIG file [dir]", or
 * the dir in the label's APPEND, becomes the working directory; without one
 * it stays). Its entries are listed as a submenu named after the label, or
 * in its place when syslinux switches to it at once (the default of a
 * config without a menu UI). A file already in the chain is a loop.
 */
static size_t expand_config(struct sl_state *st, const struct sl_label *l, bool is_default,
			    bool direct)
{
	struct sl_ctx *ctx = st->ctx;
	struct strbuf name = { 0 };
	const char *args, *dir;
	char *file, *path, *workdir, *text, *dirword = NULL, *prefix;
	size_t added = 0;

	split_command(l->kernel, &file, &args);
	dir = args;
	if (!*dir && l->append && strcmp(l->append, "-"))
		dir = l->append;
	if (*dir) {
		const char *end = dir;

		while (*end && !isspace((unsigned char)*end))
			end++;
		dirword = xstrndup(dir, (size_t)(end - dir));
	}
	path = fsroot_join(l->workdir, file);
	workdir = dirword ? fsroot_join(l->workdir, dirword) : xstrdup(l->workdir);
	if (in_list(&ctx->configs, path)) {
		boot_list_warn(st->out, "%s:%d: CONFIG %s: a loop (it is being read already), "
			       "label %s skipped", l->file, l->kernel_line, path, l->label);
	} else if (ctx->configs.n > SYSLINUX_MAX_DEPTH) {
		boot_list_warn(st->out, "%s:%d: CONFIG chain too long, label %s skipped",
			       l->file, l->kernel_line, l->label);
	} else if ((text = read_config(ctx, path, "CONFIG", l->file, l->kernel_line)) != NULL) {
		if (direct) {
			prefix = xstrdup(st->base_prefix);
		} else {
			label_display_name(st, l, &name);
			sb_putc(&name, '>');
			prefix = sb_steal(&name);
		}
		strlist_pushdup(&ctx->configs, path);
		added = parse_and_emit(ctx, path, text, workdir, prefix, is_default);
		free(ctx->configs.v[--ctx->configs.n]);
		free(prefix);
		free(text);
	}
	sb_free(&name);
	free(dirword);
	free(workdir);
	free(path);
	free(file);
	return added;
}

static size_t emit(struct sl_state *st)
{
	size_t i, n = st->n_labels > SYSLINUX_MAX_LABELS ? SYSLINUX_MAX_LABELS : st->n_labels;
	ssize_t def = -1;
	const char *def_cmd = st->ontimeout ? st->ontimeout : NULL;
	size_t added = 0;

	if (def_cmd)
		def = find_command_label(st, def_cmd);
	for (i = 0; def < 0 && !def_cmd && st->has_ui && i < n; i++)
		if (st->labels[i].menu_default)
			def = (ssize_t)i;
	if (def < 0 && !def_cmd && st->default_cmd) {
		def_cmd = st->default_cmd;
		def = find_command_label(st, def_cmd);
	}
	if (def < 0 && !def_cmd && n > 0)
		def = st->has_ui ? 0 : find_label(st, "linux");	/* syslinux's built-in default */
	for (i = 0; i < n; i++) {
		const struct sl_label *l = &st->labels[i];
		bool is_default = st->chain && (ssize_t)i == def;
		struct boot_entry *e;

		if (l->type == LT_CONFIG && l->kernel && *l->kernel) {
			added += expand_config(st, l, is_default, !st->has_ui && (ssize_t)i == def);
			continue;
		}
		e = label_entry(st, l);
		if (!e)
			continue;
		e->is_default = is_default;
		boot_list_append(st->out, e);
		added++;
	}
	/* A DEFAULT that is a command line, not a label: "DEFAULT vmlinuz root=..." */
	if (def < 0 && def_cmd && *def_cmd && !is_menu_ui(def_cmd)) {
		struct sl_label l = { 0 };
		struct boot_entry *e;

		l.label = (char *)def_cmd;
		l.prefix = (char *)"";
		l.kernel = (char *)def_cmd;
		l.file = (char *)st->path;
		l.workdir = (char *)st->workdir;
		l.type = LT_AUTO;
		e = label_entry(st, &l);
		if (e) {
			e->is_default = st->chain;
			boot_list_append(st->out, e);
			added++;
		}
	}
	return added;
}

static void state_free(struct sl_state *st)
{
	size_t i, n = st->n_labels > SYSLINUX_MAX_LABELS ? SYSLINUX_MAX_LABELS : st->n_labels;

	for (i = 0; i < n; i++) {
		struct sl_label *l = &st->labels[i];

		free(l->label);
		free(l->menu_label);
		free(l->prefix);
		free(l->kernel);
		free(l->append);
		free(l->initrd);
		free(l->file);
		free(l->workdir);
	}
	free(st->labels);
	for (i = 0; i < (size_t)st->menu_depth; i++) {
		free(st->menu_titles[i]);
		free(st->menu_labels[i]);
	}
	free(st->global_append);
	free(st->default_cmd);
	free(st->ontimeout);
	strlist_free(&st->open);
}

/* One configuration: parse path (its INCLUDEs too), then add its entries (its CONFIGs' too). */
static size_t parse_and_emit(struct sl_ctx *ctx, const char *path, const char *text,
			     const char *workdir, const char *base_prefix, bool chain)
{
	struct sl_state st = {
		.ctx = ctx, .out = ctx->out, .part = ctx->part, .path = path,
		.base_prefix = base_prefix, .chain = chain, .workdir = workdir,
	};
	size_t added;

	strlist_pushdup(&st.open, path);
	parse_file(&st, path, text, workdir);
	added = emit(&st);
	state_free(&st);
	return added;
}

/* The working directory starts as the directory the config was found in. */
static size_t collect(struct boot_entry_list *out, const struct boot_partition *part,
		      const char *path, const char *text)
{
	struct sl_ctx ctx = { .out = out, .part = part, .files = 1 };
	char *norm = fsroot_normalize(path), *workdir = fsroot_dirname(norm);
	size_t added;

	strlist_pushdup(&ctx.configs, norm);
	added = parse_and_emit(&ctx, norm, text, workdir, "", true);
	strlist_free(&ctx.configs);
	free(workdir);
	free(norm);
	return added;
}

size_t syslinux_collect_text(struct boot_entry_list *out, const struct boot_partition *part,
			     const char *path, const char *text)
{
	return collect(out, part, path, text);
}

size_t syslinux_collect(struct boot_entry_list *out, const struct boot_partition *part,
			const char *path)
{
	char err[512], *text = fsroot_read(part->root, path, NULL, FSROOT_CONFIG_MAX, err, sizeof(err));
	size_t added;

	if (!text) {
		boot_list_warn(out, "%s", err);
		return 0;
	}
	added = collect(out, part, path, text);
	free(text);
	return added;
}
