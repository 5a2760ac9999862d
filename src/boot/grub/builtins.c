/* builtins.c - the GRUB commands the interpreter knows: variables, search, loaders, source, blscfg... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "boot/bls.h"
#include "boot/fsroot.h"
#include "boot/grub/interp.h"
#include "boot/grub/parser.h"
#include "boot/grubenv.h"
#include "common/xmalloc.h"

#define GRUBENV_MAX_SIZE (64u * 1024)

/* Commands that only change what the screen, terminal or modules look like. */
static const char *const harmless[] = {
	"echo", "rmmod", "terminal_input", "terminal_output", "terminal",
	"font", "loadfont", "background_image", "background_color", "play",
	"sleep", "clear", "serial", "gfxterm_background", "lsmod", "ls", "cat", "pager",
	"vbeinfo", "videoinfo", "videotest", "usb", "nativedisk", "gettext", "set_background",
	"save_env", "boot", "fwsetup", "reboot", "halt", "cutmem", "badram", "lsfonts",
	"lspci", "help", "date", "lsacpi", "lsmmap", "normal_exit", NULL,
};

char *gloader_cmdline(int argc, char **argv)
{
	struct strbuf sb = { 0 };
	int i;

	/* grub_create_loader_cmdline: quote words with spaces, escape \ ' " */
	for (i = 0; i < argc; i++) {
		const char *c = argv[i];
		int space = strchr(c, ' ') != NULL;

		if (i)
			sb_putc(&sb, ' ');
		if (space)
			sb_putc(&sb, '"');
		for (; *c; c++) {
			if (*c == '\\' || *c == '\'' || *c == '"')
				sb_putc(&sb, '\\');
			sb_putc(&sb, *c);
		}
		if (space)
			sb_putc(&sb, '"');
	}
	return sb_steal(&sb);
}

static int cmd_set(struct ginterp *I, int argc, char **argv)
{
	char *eq;

	if (argc < 2)
		return 0;	/* lists the variables */
	/* grub_core_cmd_set looks at its first argument only */
	eq = strchr(argv[1], '=');
	if (!eq) {
		gwarn(I, "set: \"%s\" is not an assignment", argv[1]);
		return 1;
	}
	*eq = '\0';
	return gvar_set(I, argv[1], eq + 1) < 0;
}

static int cmd_unset(struct ginterp *I, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		genv_unset(I->env, argv[i]);
	return 0;
}

static int cmd_export(struct ginterp *I, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		genv_export(I->env, argv[i]);
	return 0;
}

static int count_arg(int argc, char **argv, int dflt)
{
	if (argc < 2)
		return dflt;
	return atoi(argv[1]);
}

/* ---- search ---- */

enum search_kind { SEARCH_FILE, SEARCH_LABEL, SEARCH_UUID };

static int search_matches(struct ginterp *I, size_t i, enum search_kind kind, const char *key,
			  int unknown_ok)
{
	const struct boot_partition *p = &I->parts[i];
	struct stat st;
	char *path;
	int ok;

	switch (kind) {
	case SEARCH_UUID:
		if (!p->uuid)
			return unknown_ok;
		return !strcasecmp(p->uuid, key);
	case SEARCH_LABEL:
		if (!p->label)
			return unknown_ok;
		return !strcmp(p->label, key);
	case SEARCH_FILE:
		path = fsroot_normalize(key);
		ok = fsroot_stat(p->root, path, &st) == 0 && !S_ISDIR(st.st_mode);
		free(path);
		return ok;
	}
	return 0;
}

static int cmd_search(struct ginterp *I, int argc, char **argv, enum search_kind kind)
{
	const char *var = NULL, *key = NULL;
	ssize_t found = -1;
	size_t i;
	int a;

	for (a = 1; a < argc; a++) {
		const char *s = argv[a];

		if (!strcmp(s, "--file") || !strcmp(s, "-f"))
			kind = SEARCH_FILE;
		else if (!strcmp(s, "--label") || !strcmp(s, "-l"))
			kind = SEARCH_LABEL;
		else if (!strcmp(s, "--fs-uuid") || !strcmp(s, "-u"))
			kind = SEARCH_UUID;
		else if (!strcmp(s, "--set") || !strcmp(s, "-s"))
			var = "root";
		else if (!strncmp(s, "--set=", 6))
			var = s + 6;
		else if (!strncmp(s, "--hint", 6) && strchr(s, '='))
			;
		else if (!strncmp(s, "--hint", 6) || !strcmp(s, "-h"))
			a++;	/* the hint is the next argument */
		else if (!strcmp(s, "--no-floppy") || !strcmp(s, "-n") ||
			 !strcmp(s, "--efidisk-only") || !strcmp(s, "--cryptodisk-only") ||
			 !strcmp(s, "--disk-only") || !strcmp(s, "--part-only"))
			;
		else if (s[0] == '-' && s[1])
			gwarn(I, "search: unknown option \"%s\" ignored", s);
		else if (!key)
			key = s;
	}
	if (!key) {
		gwarn(I, "search: nothing to search for");
		return 1;
	}
	for (i = 0; i < I->nparts && found < 0; i++)
		if (search_matches(I, i, kind, key, 0))
			found = (ssize_t)i;
	/* A partition whose UUID/label we do not know may be the one searched for. */
	if (found < 0 && kind != SEARCH_FILE && search_matches(I, I->self, kind, key, 1))
		found = (ssize_t)I->self;
	for (i = 0; i < I->nparts && found < 0 && kind != SEARCH_FILE; i++)
		if (search_matches(I, i, kind, key, 1))
			found = (ssize_t)i;
	if (found < 0)
		return 1;
	if (var)
		gvar_set(I, var, I->names[found]);
	return 0;
}

/* ---- loaders ---- */

static struct gentry_build *loader_entry(struct ginterp *I, const char *cmd)
{
	if (!I->entry)
		gwarn(I, "%s outside a menu entry ignored", cmd);
	return I->entry;
}

static void clear_loaded(struct boot_entry *e)
{
	size_t i;

	free(e->kernel);
	e->kernel = NULL;
	free(e->cmdline);
	e->cmdline = NULL;
	strlist_free(&e->initrd);
	for (i = 0; i < e->n_modules; i++) {
		free(e->modules[i].path);
		free(e->modules[i].cmdline);
	}
	free(e->modules);
	e->modules = NULL;
	e->n_modules = 0;
}

static int cmd_kernel(struct ginterp *I, int argc, char **argv, enum boot_kind kind)
{
	struct gentry_build *b = loader_entry(I, argv[0]);
	size_t part;
	char *path;

	if (!b)
		return 1;
	if (argc < 2) {
		gwarn(I, "%s: no file given", argv[0]);
		return 1;
	}
	if (gresolve(I, argv[1], &part, &path) < 0)
		return 1;
	/* A new loader command replaces whatever was loaded before. */
	clear_loaded(b->e);
	b->e->kind = kind;
	b->e->kernel = path;
	b->e->cmdline = gloader_cmdline(argc - 2, argv + 2);
	b->part = part;
	b->loaded = true;
	return 0;
}

static int cmd_initrd(struct ginterp *I, int argc, char **argv)
{
	struct gentry_build *b = loader_entry(I, argv[0]);
	int i;

	if (!b)
		return 1;
	if (!b->loaded || b->e->kind != BOOT_KIND_LINUX) {
		gwarn(I, "%s: you need to load the kernel first", argv[0]);
		return 1;
	}
	strlist_free(&b->e->initrd);
	for (i = 1; i < argc; i++) {
		size_t part;
		char *path;

		if (!strncmp(argv[i], "--", 2))
			continue;	/* --nounzip and friends */
		if (gresolve(I, argv[i], &part, &path) < 0)
			return 1;
		if (part != b->part)
			gwarn(I, "%s: %s is on another partition than the kernel", argv[0], path);
		strlist_push(&b->e->initrd, path);
	}
	return 0;
}

static int cmd_module(struct ginterp *I, int argc, char **argv)
{
	struct gentry_build *b = loader_entry(I, argv[0]);
	size_t part;
	char *path, *cmdline;
	int a = 1;

	if (!b)
		return 1;
	if (!b->loaded || b->e->kind != BOOT_KIND_XEN) {
		gwarn(I, "%s: you need to load the multiboot kernel first", argv[0]);
		return 1;
	}
	while (a < argc && !strncmp(argv[a], "--", 2))
		a++;	/* --nounzip, --type */
	if (a >= argc) {
		gwarn(I, "%s: no file given", argv[0]);
		return 1;
	}
	if (gresolve(I, argv[a], &part, &path) < 0)
		return 1;
	if (part != b->part)
		gwarn(I, "%s: %s is on another partition than the kernel", argv[0], path);
	cmdline = gloader_cmdline(argc - a - 1, argv + a + 1);
	boot_entry_add_module(b->e, path, cmdline);
	free(cmdline);
	free(path);
	return 0;
}

/* ---- files ---- */

/*
 * configfile: a new context with the exported variables reads the file, and
 * its menu is shown at once. At the top level that menu owns the default;
 * inside an entry's body (an entry that only opens another config, as
 * installers and memtest/chainload wrappers do) its entries are listed as a
 * submenu of that entry, which it owns the default of if the entry is it.
 */
static int cmd_configfile(struct ginterp *I, int argc, char **argv)
{
	struct genv *saved_env = I->env;
	struct gmenu *saved_menu = I->menu, menu = { 0 };
	struct gentry_build *b = I->entry;
	char *prefix;
	bool chain;
	int status;

	if (argc < 2) {
		gwarn(I, "configfile: no file given");
		return 1;
	}
	if (b) {
		prefix = xasprintf("%s>", b->e->name);
		chain = b->is_default && !b->menu_shown;
		b->menu_shown = true;
		b->opened = true;
	} else {
		prefix = xstrdup("");
		chain = !I->default_taken;
	}
	I->entry = NULL;	/* the new config's commands belong to no entry */
	I->env = genv_clone_exported(saved_env);
	I->menu = &menu;
	status = gconfigfile(I, argv[1], &menu, prefix, chain);
	if (menu.n && !b)
		I->default_taken = true;
	gmenu_free(&menu);
	genv_free(I->env);
	free(prefix);
	I->env = saved_env;
	I->menu = saved_menu;
	I->entry = b;
	return status;
}

static int cmd_load_env(struct ginterp *I, int argc, char **argv)
{
	const char *file = NULL;
	char *name, *path, *text, err[512];
	struct grubenv env;
	size_t part, len, i;
	int a, first_var = argc;

	for (a = 1; a < argc; a++) {
		if ((!strcmp(argv[a], "-f") || !strcmp(argv[a], "--file")) && a + 1 < argc)
			file = argv[++a];
		else if (!strncmp(argv[a], "--file=", 7))
			file = argv[a] + 7;
		else if (!strcmp(argv[a], "-s") || !strcmp(argv[a], "--skip-sig"))
			;
		else if (first_var == argc)
			first_var = a;
	}
	name = file ? xstrdup(file) : xasprintf("%s/grubenv", gvar_get(I, "prefix") ? gvar_get(I, "prefix") : "");
	if (gresolve(I, name, &part, &path) < 0) {
		free(name);
		return 1;
	}
	free(name);
	if (I->files_read >= GRUB_MAX_FILES) {
		free(path);
		return 1;
	}
	I->files_read++;
	text = fsroot_read(I->parts[part].root, path, &len, GRUBENV_MAX_SIZE, err, sizeof(err));
	if (!text) {
		gwarn(I, "load_env: %s", err);
		free(path);
		return 1;
	}
	if (grubenv_parse(&env, text, len, err, sizeof(err)) < 0) {
		gwarn(I, "load_env: %s: %s", path, err);
		free(text);
		free(path);
		return 1;
	}
	for (i = 0; i < env.count; i++) {
		int wanted = first_var == argc;

		for (a = first_var; a < argc && !wanted; a++)
			if (!strcmp(argv[a], env.vars[i].name))
				wanted = 1;
		if (wanted && env.vars[i].name[0])
			gvar_set(I, env.vars[i].name, env.vars[i].value);
	}
	grubenv_free(&env);
	free(text);
	free(path);
	return 0;
}

/* Single-quote s for GRUB script. */
static void put_quoted(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_puts(sb, "'\\''");
		else
			sb_putc(sb, *s);
	}
	sb_putc(sb, '\'');
}

/*
 * Fedora's blscfg: one menu entry per BLS file, its body "linux FILE OPTIONS"
 * and "initrd FILES" as GRUB script, so $kernelopts and friends expand from
 * the environment (grubenv) when the entry boots.
 */
static int cmd_blscfg(struct ginterp *I, int argc, char **argv)
{
	const char *dirs[2] = { gvar_get(I, "blsdir"), "/boot/loader/entries" };
	struct bls_set set = { 0 };
	size_t part, i, d;
	char *unused;

	if (!I->menu) {
		gwarn(I, "blscfg inside a menu entry ignored");
		return 1;
	}
	if (!dirs[0] || !*dirs[0])
		dirs[0] = "/loader/entries";
	if (gresolve(I, "/", &part, &unused) < 0)
		return 1;
	free(unused);
	for (d = 0; d < 2 && set.count == 0; d++)
		bls_load_dir(&set, I->parts[part].root, dirs[d], &I->out->warnings);
	for (i = 0; i < set.count && I->menu->n < GRUB_MAX_MENU; i++) {
		const struct bls_entry *b = &set.items[i];
		struct gmenu_item item = { 0 };
		struct strbuf src = { 0 };
		struct gparser ps;
		struct gnode *head = NULL, **tail = &head, *stmt;
		const char *why;
		size_t j, n = strlen(b->id);
		int line;

		if (!b->kernel) {
			gwarn(I, "blscfg: %s has no \"linux\" line", b->file);
			continue;
		}
		sb_puts(&src, "linux ");
		put_quoted(&src, b->kernel);
		if (*b->options) {
			sb_putc(&src, ' ');
			sb_puts(&src, b->options);
		}
		sb_putc(&src, '\n');
		if (b->initrd.n) {
			sb_puts(&src, "initrd");
			for (j = 0; j < b->initrd.n; j++) {
				sb_putc(&src, ' ');
				put_quoted(&src, b->initrd.v[j]);
			}
			sb_putc(&src, '\n');
		}
		gparser_init(&ps, src.s, src.len);
		while (gparser_next(&ps, &stmt, &why, &line) != 0) {
			if (!stmt)
				continue;
			*tail = stmt;
			tail = &stmt->next;
		}
		gparser_fini(&ps);
		sb_free(&src);
		if (head)
			gkeep_tree(I, head);
		item.title = xstrdup(b->title ? b->title : b->id);
		item.id = n > 5 && !strcmp(b->id + n - 5, ".conf") ? xstrndup(b->id, n - 5)
								   : xstrdup(b->id);
		item.body = head;
		item.file = gintern(I, b->file);
		item.line = 0;
		item.source = BOOT_SOURCE_BLS;
		I->menu->items = xrealloc(I->menu->items, (I->menu->n + 1) * sizeof(*I->menu->items));
		I->menu->items[I->menu->n++] = item;
	}
	bls_set_free(&set);
	return 0;
}

int gbuiltin(struct ginterp *I, int argc, char **argv)
{
	const char *c = argv[0];
	size_t i;

	if (!strcmp(c, "set"))
		return cmd_set(I, argc, argv);
	if (!strcmp(c, "unset"))
		return cmd_unset(I, argc, argv);
	if (!strcmp(c, "export"))
		return cmd_export(I, argc, argv);
	if (!strcmp(c, "true"))
		return 0;
	if (!strcmp(c, "false"))
		return 1;
	if (!strcmp(c, "test") || !strcmp(c, "["))
		return gtest(I, argc, argv);
	if (!strcmp(c, "search"))
		return cmd_search(I, argc, argv, SEARCH_FILE);
	if (!strcmp(c, "search.file"))
		return cmd_search(I, argc, argv, SEARCH_FILE);
	if (!strcmp(c, "search.fs_uuid"))
		return cmd_search(I, argc, argv, SEARCH_UUID);
	if (!strcmp(c, "search.fs_label"))
		return cmd_search(I, argc, argv, SEARCH_LABEL);
	if (!strcmp(c, "linux") || !strcmp(c, "linux16") || !strcmp(c, "linuxefi"))
		return cmd_kernel(I, argc, argv, BOOT_KIND_LINUX);
	if (!strcmp(c, "initrd") || !strcmp(c, "initrd16") || !strcmp(c, "initrdefi"))
		return cmd_initrd(I, argc, argv);
	if (!strcmp(c, "multiboot") || !strcmp(c, "multiboot2"))
		return cmd_kernel(I, argc, argv, BOOT_KIND_XEN);
	if (!strcmp(c, "module") || !strcmp(c, "module2"))
		return cmd_module(I, argc, argv);
	if (!strcmp(c, "source"))
		return argc < 2 ? 1 : grun_file(I, argv[1]);
	if (!strcmp(c, "configfile"))
		return cmd_configfile(I, argc, argv);
	if (!strcmp(c, "load_env"))
		return cmd_load_env(I, argc, argv);
	if (!strcmp(c, "blscfg"))
		return cmd_blscfg(I, argc, argv);
	if (!strcmp(c, "regexp"))
		return gcmd_regexp(I, argc, argv);
	if (!strcmp(c, "insmod")) {
		for (i = 1; i < (size_t)argc; i++)
			if (!strcmp(argv[i], "regexp") || (strlen(argv[i]) >= 11 &&
			    !strcmp(argv[i] + strlen(argv[i]) - 11, "/regexp.mod")))
				I->wildcards = true;	/* the module brings the wildcard translator */
		return 0;
	}
	if (!strcmp(c, "return")) {
		I->jump = GJ_RETURN;
		return argc > 1 ? atoi(argv[1]) : I->status;
	}
	if (!strcmp(c, "break") || !strcmp(c, "continue")) {
		I->jump = c[0] == 'b' ? GJ_BREAK : GJ_CONTINUE;
		I->jump_count = count_arg(argc, argv, 1);
		if (I->jump_count < 1)
			I->jump_count = 1;
		return 0;
	}
	if (!strcmp(c, "exit")) {
		I->jump = GJ_EXIT;
		return 0;
	}
	if (!strcmp(c, "shift")) {
		int n = count_arg(argc, argv, 1);

		if (!I->args || n < 0 || (size_t)n > I->args->n)
			return 1;
		for (i = 0; i < (size_t)n; i++)
			free(I->args->v[i]);
		memmove(I->args->v, I->args->v + n, (I->args->n - (size_t)n) * sizeof(char *));
		I->args->n -= (size_t)n;
		return 0;
	}
	if (!strcmp(c, "setparams")) {
		if (!I->args)
			return 1;
		strlist_free(I->args);
		for (i = 1; i < (size_t)argc; i++)
			strlist_pushdup(I->args, argv[i]);
		return 0;
	}
	if (!strcmp(c, "keystatus"))
		return 1;	/* no key is held down */
	if (!strcmp(c, "cpuid"))
		return 0;	/* x86-64 with long mode */
	if (!strcmp(c, "chainloader") || !strcmp(c, "kfreebsd") || !strcmp(c, "knetbsd") ||
	    !strcmp(c, "kopenbsd") || !strcmp(c, "appleloader") || !strcmp(c, "ntldr")) {
		if (I->entry)
			gwarn(I, "%s: vigil boots only Linux and Xen", c);
		return 1;
	}
	for (i = 0; harmless[i]; i++)
		if (!strcmp(c, harmless[i]))
			return 0;
	return -1;
}
