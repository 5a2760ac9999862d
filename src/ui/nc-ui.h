/*
 * nc-ui.h - the ncurses menu: shared state of its screens and the pieces
 * every screen draws (integrity header, status and help lines).
 */
#ifndef VIGIL_NC_UI_H
#define VIGIL_NC_UI_H

#include <stdbool.h>
#include <time.h>

#include "ui/countdown.h"
#include "ui/layout.h"
#include "ui/session.h"
#include "ui/theme.h"

/* nc_getkey's answer when no key came within a tick (time to refresh clocks). */
#define NC_KEY_TICK (-2)
#define NC_TICK_MS 250
#define NC_CTRL(c) ((c) & 0x1f)
/* Colour pair for QR codes: light modules must be white on black whatever the theme. */
#define NC_QR_PAIR ((short)(ROLE_COUNT + 1))

struct nc_ui {
	struct ui_session *s;
	struct theme theme;
	struct ui_layout layout;
	bool utf8;		/* the locale is UTF-8: block characters are available */
	bool colour;		/* else roles map to bold/reverse/underline only */
	char status[512];	/* message of the status line */
	enum ui_role status_role;
	time_t clock_shown;	/* second the header clock last showed */
	time_t totp_asked;
	struct countdown countdown;	/* default boot; runs only on the main screen */
	char *edited_cmdline;	/* for the entry being previewed; NULL: not edited */
};

/* True when $TERM has a terminfo entry (checked without touching the screen). */
bool nc_terminal_usable(void);

/* Run the menu until the terminal goes away; returns an exit code. */
int nc_ui_run(struct ui_session *s);

/* A key, KEY_RESIZE (layout already updated) or NC_KEY_TICK; keeps the header clock live. */
int nc_getkey(struct nc_ui *ui);
bool nc_is_back_key(int key);	/* x, q (and Esc as a fallback) */
bool nc_is_up_key(int key);
bool nc_is_down_key(int key);
bool nc_is_enter_key(int key);

/* Colour and attributes of a role, per the theme (or monochrome attributes). */
void nc_role(struct nc_ui *ui, enum ui_role role);
void nc_theme_apply(struct nc_ui *ui);

/* Draw s at y, x in at most width columns (UTF-8 aware); pad with blanks to width if pad. */
void nc_text(int y, int x, int width, const char *s, bool pad);

void nc_status(struct nc_ui *ui, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nc_draw_header(struct nc_ui *ui);
/* Status line and the key help line of the current screen. */
void nc_draw_footer(struct nc_ui *ui, const char *keys);
/* Clear the body area between header and footer. */
void nc_clear_body(struct nc_ui *ui);

#endif
