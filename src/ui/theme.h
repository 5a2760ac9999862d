/* theme.h - colour themes: "role = fg/bg [bold] [dim] [reverse] [underline]" files. */
#ifndef VIGIL_THEME_H
#define VIGIL_THEME_H

#include <stddef.h>

/* What a piece of the screen is, so a theme can colour it. */
enum ui_role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_VERIFIED,
	ROLE_UNKNOWN,
	ROLE_TAMPERED,
	ROLE_SELECTED,
	ROLE_DISABLED,
	ROLE_HEADING,
	ROLE_HELP,
	ROLE_STATUS,
	ROLE_COUNTDOWN,
	ROLE_COUNT
};

enum { THEME_BOLD = 1, THEME_REVERSE = 2, THEME_UNDERLINE = 4, THEME_DIM = 8 };
#define THEME_COLOUR_DEFAULT (-1)	/* the terminal's own colour */

struct theme_colour {
	short fg, bg;		/* curses colour numbers 0-7, or THEME_COLOUR_DEFAULT */
	unsigned attrs;		/* THEME_BOLD | ... */
};

struct theme {
	struct theme_colour role[ROLE_COUNT];
};

/* The key of a role in theme files ("header.verified"). */
const char *theme_role_key(enum ui_role role);

/* The built-in default theme (themes/default.theme says the same). */
void theme_default(struct theme *t);

/*
 * Parse theme text over the default theme: keys not given keep their
 * default colour. On error returns -1 with "name:line: what" in err and
 * leaves t as the default theme.
 */
int theme_parse(struct theme *t, const char *text, const char *name, char *err, size_t errlen);

/*
 * Load the theme spec names: NULL or "" is the default theme, a value with a
 * '/' is a file path, anything else is dir/NAME.theme. On error t is the
 * default theme and err says why (the caller shows it and carries on).
 */
int theme_load(struct theme *t, const char *spec, const char *dir, char *err, size_t errlen);

/* The state of an integrity item as a role: verified, unknown, tampered. */
enum integrity_state;
enum ui_role theme_role_for_state(enum integrity_state state);

#endif
