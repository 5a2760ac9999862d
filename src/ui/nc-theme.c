/* nc-theme.c - turn a theme into curses colour pairs; monochrome terminals get attributes. */
#include <curses.h>

#include "ui/nc-ui.h"

/* Pair numbers: role + 1 (pair 0 is the terminal's default). */
#define ROLE_PAIR(role) ((short)((role) + 1))

static attr_t theme_attrs(unsigned a)
{
	attr_t out = A_NORMAL;

	if (a & THEME_BOLD)
		out |= A_BOLD;
	if (a & THEME_DIM)
		out |= A_DIM;
	if (a & THEME_REVERSE)
		out |= A_REVERSE;
	if (a & THEME_UNDERLINE)
		out |= A_UNDERLINE;
	return out;
}

/* Without colours the states still differ, and the words say which is which. */
static attr_t mono_attrs(enum ui_role role)
{
	switch (role) {
	case ROLE_TITLE:
	case ROLE_HELP:
	case ROLE_SELECTED:
	case ROLE_COUNTDOWN:
		return A_REVERSE;
	case ROLE_TAMPERED:
		return A_BOLD | A_REVERSE;
	case ROLE_VERIFIED:
	case ROLE_HEADING:
		return A_BOLD;
	case ROLE_DISABLED:
		return A_DIM;
	case ROLE_STATUS:
		return A_UNDERLINE;
	default:
		return A_NORMAL;
	}
}

void nc_theme_apply(struct nc_ui *ui)
{
	bool defaults;
	int r;

	if (!ui->colour)
		return;
	start_color();
	/* Without "default" colours, the usual light-on-dark stands in for them. */
	defaults = use_default_colors() == OK;
	for (r = 0; r < ROLE_COUNT; r++) {
		short fg = ui->theme.role[r].fg, bg = ui->theme.role[r].bg;

		if (!defaults && fg == THEME_COLOUR_DEFAULT)
			fg = COLOR_WHITE;
		if (!defaults && bg == THEME_COLOUR_DEFAULT)
			bg = COLOR_BLACK;
		init_pair(ROLE_PAIR(r), fg, bg);
	}
	init_pair(NC_QR_PAIR, COLOR_WHITE, COLOR_BLACK);
}

void nc_role(struct nc_ui *ui, enum ui_role role)
{
	if (!ui->colour) {
		attrset(mono_attrs(role));
		return;
	}
	attrset(theme_attrs(ui->theme.role[role].attrs) | COLOR_PAIR(ROLE_PAIR(role)));
}
