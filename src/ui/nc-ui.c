/* nc-ui.c - start and stop curses, read keys, and draw the header and footer of every screen. */
#include <curses.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "ui/boot-lock.h"
#include "ui/nc-screens.h"
#include "ui/nc-ui.h"

#define THEMES_DIR DATADIR "/themes"

void nc_text(int y, int x, int width, const char *s, bool pad)
{
	mbstate_t st;
	int used = 0;

	memset(&st, 0, sizeof(st));
	move(y, x);
	while (*s && used < width) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not valid in this locale: show a placeholder, resync. */
			memset(&st, 0, sizeof(st));
			addch('?');
			used++;
			s++;
			continue;
		}
		w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (used + w > width)
			break;
		addnstr(s, (int)n);
		used += w;
		s += n;
	}
	for (; pad && used < width; used++)
		addch(' ');
}

void nc_status(struct nc_ui *ui, enum ui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof(ui->status), fmt, ap);
	va_end(ap);
	ui->status_role = role;
}

static void draw_clock(struct nc_ui *ui, time_t now)
{
	char when[64];
	struct tm tm;
	int w;

	localtime_r(&now, &tm);
	w = (int)strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	nc_role(ui, ROLE_TITLE);
	if (ui->layout.cols > w)
		nc_text(0, ui->layout.cols - w - 1, w, when, false);
	ui->clock_shown = now;
}

void nc_draw_header(struct nc_ui *ui)
{
	const struct ui_layout *l = &ui->layout;
	char title[256], line[512];
	time_t now = time(NULL);
	int i;

	integrity_refresh_totp(&ui->s->integrity, &ui->s->otp, now, &ui->totp_asked);
	snprintf(title, sizeof(title), _(" vigil %s boot menu%s%s"), PACKAGE_VERSION,
		 ui->s->console ? " - " : "", ui->s->console ? ui->s->console : "");
	nc_role(ui, ROLE_TITLE);
	nc_text(l->title.y, 0, l->cols, title, true);
	draw_clock(ui, now);
	for (i = 0; i < INTEGRITY_ITEMS; i++) {
		enum integrity_state st = integrity_line(&ui->s->integrity, (enum integrity_item)i,
							 now, l->pcr_hex_chars, line, sizeof(line));

		nc_role(ui, theme_role_for_state(st));
		nc_text(l->integrity.y + i, 0, l->cols, line, true);
	}
	nc_role(ui, ROLE_NORMAL);
	move(l->integrity.y + INTEGRITY_ITEMS, 0);
	clrtoeol();
}

void nc_draw_footer(struct nc_ui *ui, const char *keys)
{
	const struct ui_layout *l = &ui->layout;

	nc_role(ui, ui->status[0] ? ui->status_role : ROLE_NORMAL);
	nc_text(l->status.y, 0, l->cols, ui->status, true);
	nc_role(ui, ROLE_HELP);
	nc_text(l->help.y, 0, l->cols, keys, true);
	nc_role(ui, ROLE_NORMAL);
}

void nc_clear_body(struct nc_ui *ui)
{
	int y;

	nc_role(ui, ROLE_NORMAL);
	for (y = UI_HEADER_ROWS; y < ui->layout.status.y; y++) {
		move(y, 0);
		clrtoeol();
	}
}

int nc_getkey(struct nc_ui *ui)
{
	int key;

	timeout(NC_TICK_MS);
	key = getch();
	if (key == KEY_RESIZE) {
		layout_compute(&ui->layout, LINES, COLS);
		clear();
		return key;
	}
	if (key == ERR) {
		time_t now = time(NULL);

		if (now != ui->clock_shown) {
			/* Only the header changes with time: the TOTP seconds and the clock. */
			int y, x;

			getyx(stdscr, y, x);
			nc_draw_header(ui);
			move(y, x);
			refresh();
		}
		return NC_KEY_TICK;
	}
	return key;
}

bool nc_is_back_key(int key)
{
	/* Esc works too, but is never the only way: terminals delay it. */
	return key == 'x' || key == 'q' || key == 27;
}

bool nc_is_up_key(int key)
{
	return key == KEY_UP || key == 'k';
}

bool nc_is_down_key(int key)
{
	return key == KEY_DOWN || key == 'j';
}

bool nc_is_enter_key(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/*
 * A serial console gets TERM=vt100, whose entry knows the arrows only in
 * application mode and has no Home/End/PgUp/PgDn, while the terminal at the
 * other end may send the ANSI, xterm or VT220 forms. Unbound, such a sequence
 * reads as Esc (back) plus stray letters: bind the ones the entry lacks.
 */
static void bind_common_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} keys[] = {
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT },
		{ "\033[D", KEY_LEFT }, { "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END }, { "\033[1~", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE }, { "\033[3~", KEY_DC },
		{ "\033[11~", KEY_F(1) },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

int nc_ui_run(struct ui_session *s)
{
	struct nc_ui ui;
	char err[512];
	SCREEN *scr;

	memset(&ui, 0, sizeof(ui));
	ui.s = s;
	ui.utf8 = locale_is_utf8();
	/* Esc alone should not stall the menu for a second. */
	setenv("ESCDELAY", "100", 0);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, _("vigil menu: cannot start the screen for TERM=%s\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return EXIT_FAILURE;
	}
	set_term(scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	bind_common_keys();
	curs_set(0);
	ui.colour = has_colors();
	if (theme_load(&ui.theme, s->cfg.theme, THEMES_DIR, err, sizeof(err)) < 0)
		nc_status(&ui, ROLE_STATUS, "%s", err);
	if (s->notice[0])
		nc_status(&ui, ROLE_STATUS, "%s", s->notice);
	nc_theme_apply(&ui);
	layout_compute(&ui.layout, LINES, COLS);
	/* Stopped on some console earlier this boot (a restarted menu): it stays stopped. */
	countdown_start(&ui.countdown, s->entries.count &&
			!boot_countdown_stopped(s->boot_lock, NULL, 0) ? s->cfg.timeout : -1,
			countdown_now_ms());
	nc_use_owner_prompt(&ui);
	nc_main_screen(&ui);
	nc_use_owner_prompt(NULL);
	endwin();
	delscreen(scr);
	free(ui.edited_cmdline);
	return EXIT_SUCCESS;
}
