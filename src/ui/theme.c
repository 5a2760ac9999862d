/* theme.c - parse colour theme files; any error falls back to the built-in default. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/kvconf.h"
#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/integrity.h"
#include "ui/theme.h"

#define THEME_MAX_SIZE (64 * 1024)

static const char *const role_keys[ROLE_COUNT] = {
	[ROLE_NORMAL] = "normal",
	[ROLE_TITLE] = "title",
	[ROLE_VERIFIED] = "header.verified",
	[ROLE_UNKNOWN] = "header.unknown",
	[ROLE_TAMPERED] = "header.tampered",
	[ROLE_SELECTED] = "menu.selected",
	[ROLE_DISABLED] = "menu.disabled",
	[ROLE_HEADING] = "menu.heading",
	[ROLE_HELP] = "help",
	[ROLE_STATUS] = "status",
	[ROLE_COUNTDOWN] = "countdown",
};

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};
#define NCOLOURS (sizeof(colour_names) / sizeof(colour_names[0]))

#define D THEME_COLOUR_DEFAULT
static const struct theme builtin = { .role = {
	[ROLE_NORMAL] = { D, D, 0 },
	[ROLE_TITLE] = { 7, 4, THEME_BOLD },
	[ROLE_VERIFIED] = { 2, D, THEME_BOLD },
	[ROLE_UNKNOWN] = { 3, D, 0 },
	[ROLE_TAMPERED] = { 7, 1, THEME_BOLD },
	[ROLE_SELECTED] = { D, D, THEME_REVERSE },
	[ROLE_DISABLED] = { D, D, THEME_DIM },
	[ROLE_HEADING] = { 6, D, THEME_BOLD },
	[ROLE_HELP] = { 7, 4, 0 },
	[ROLE_STATUS] = { 3, D, 0 },
	[ROLE_COUNTDOWN] = { 0, 3, THEME_BOLD },
} };
#undef D

const char *theme_role_key(enum ui_role role)
{
	return role < ROLE_COUNT ? role_keys[role] : "?";
}

void theme_default(struct theme *t)
{
	*t = builtin;
}

enum ui_role theme_role_for_state(enum integrity_state state)
{
	switch (state) {
	case INTEGRITY_VERIFIED:
		return ROLE_VERIFIED;
	case INTEGRITY_TAMPERED:
		return ROLE_TAMPERED;
	default:
		return ROLE_UNKNOWN;
	}
}

static int colour_number(const char *name, size_t n)
{
	size_t i;

	if (n == 7 && !strncmp(name, "default", 7))
		return THEME_COLOUR_DEFAULT;
	for (i = 0; i < NCOLOURS; i++)
		if (strlen(colour_names[i]) == n && !strncmp(name, colour_names[i], n))
			return (int)i;
	return -2;
}

/* "fg/bg [bold] [dim] [reverse] [underline]"; on error why says which word is wrong. */
static int parse_colour(const char *value, struct theme_colour *out, char *why, size_t whylen)
{
	const char *slash = strchr(value, '/'), *p;
	size_t n;
	int fg, bg;

	if (!slash) {
		snprintf(why, whylen, _("'%s' is not fg/bg"), value);
		return -1;
	}
	fg = colour_number(value, (size_t)(slash - value));
	n = strcspn(slash + 1, " \t");
	bg = colour_number(slash + 1, n);
	if (fg == -2 || bg == -2) {
		const char *bad = fg == -2 ? value : slash + 1;
		int badlen = fg == -2 ? (int)(slash - value) : (int)n;

		snprintf(why, whylen, _("unknown colour '%.*s' (known: default, black, red, "
					"green, yellow, blue, magenta, cyan, white)"), badlen, bad);
		return -1;
	}
	out->fg = (short)fg;
	out->bg = (short)bg;
	out->attrs = 0;
	for (p = slash + 1 + n; *p;) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n == 0)
			break;
		if (n == 4 && !strncmp(p, "bold", 4))
			out->attrs |= THEME_BOLD;
		else if (n == 7 && !strncmp(p, "reverse", 7))
			out->attrs |= THEME_REVERSE;
		else if (n == 9 && !strncmp(p, "underline", 9))
			out->attrs |= THEME_UNDERLINE;
		else if (n == 3 && !strncmp(p, "dim", 3))
			out->attrs |= THEME_DIM;
		else {
			snprintf(why, whylen, _("unknown attribute '%.*s' (known: bold, dim, "
						"reverse, underline)"), (int)n, p);
			return -1;
		}
		p += n;
	}
	return 0;
}

/* The last line defining key (kvconf keeps the last one), for messages. */
static int line_of_key(const char *text, const char *key)
{
	int line = 1, found = 0;
	size_t klen = strlen(key);
	const char *p = text;

	while (*p) {
		const char *s = p + strspn(p, " \t");

		if (!strncmp(s, key, klen) && strchr(" \t=", s[klen]))
			found = line;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
		line++;
	}
	return found;
}

static int role_of_key(const char *key)
{
	int r;

	for (r = 0; r < ROLE_COUNT; r++)
		if (!strcmp(role_keys[r], key))
			return r;
	return -1;
}

int theme_parse(struct theme *t, const char *text, const char *name, char *err, size_t errlen)
{
	struct kvconf conf;
	char why[200];
	size_t i;

	theme_default(t);
	if (kvconf_parse(&conf, text, name, err, errlen) < 0)
		return -1;
	for (i = 0; i < conf.count; i++) {
		const struct kvconf_item *it = &conf.items[i];
		int role = role_of_key(it->key);

		if (role < 0) {
			snprintf(err, errlen, _("%s:%d: unknown key '%s'"), name,
				 line_of_key(text, it->key), it->key);
			goto fail;
		}
		if (parse_colour(it->value, &t->role[role], why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%d: %s", name, line_of_key(text, it->key), why);
			goto fail;
		}
	}
	kvconf_free(&conf);
	return 0;
fail:
	kvconf_free(&conf);
	theme_default(t);
	return -1;
}

int theme_load(struct theme *t, const char *spec, const char *dir, char *err, size_t errlen)
{
	char *path, *text;
	int ret;

	theme_default(t);
	if (!spec || !*spec)
		return 0;
	path = strchr(spec, '/') ? xstrdup(spec) : xasprintf("%s/%s.theme", dir, spec);
	text = file_read_all(path, NULL, THEME_MAX_SIZE);
	if (!text) {
		snprintf(err, errlen, _("theme %s: %s; using the default theme"), path,
			 strerror(errno));
		free(path);
		return -1;
	}
	ret = theme_parse(t, text, path, err, errlen);
	if (ret < 0) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n, _("; using the default theme"));
	}
	free(text);
	free(path);
	return ret;
}
