/* nc-edit.c - edit an entry's kernel command line for one boot (never saved, marked unverified). */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/widget-text.h"

#define FIELD_Y (UI_HEADER_ROWS + 3)

/* What the line editor shows around its field. */
struct line_screen {
	const char *heading;
	const char *note;	/* under the heading, or NULL */
	enum ui_role note_role;
	const char *keys;	/* the footer */
};

static void draw(struct nc_ui *ui, const struct line_screen *ls, const struct text_field *f,
		 size_t *first)
{
	int width = ui->layout.cols - 2, cursor_x;

	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(UI_HEADER_ROWS, 1, width, ls->heading, false);
	if (ls->note) {
		nc_role(ui, ls->note_role);
		nc_text(UI_HEADER_ROWS + 1, 1, width, ls->note, false);
	}
	*first = field_scroll(f, *first, width);
	nc_role(ui, ROLE_SELECTED);
	nc_text(FIELD_Y, 1, width, f->text + *first, true);
	nc_role(ui, ROLE_NORMAL);
	nc_draw_footer(ui, ls->keys);
	{
		char *before = xstrndup(f->text + *first, f->cursor - *first);

		cursor_x = 1 + text_columns(before);
		free(before);
	}
	move(FIELD_Y, cursor_x);
	refresh();
}

/* Handle one key; returns 1 when Enter takes the line, -1 to cancel, 0 to go on. */
static int edit_key(struct text_field *f, int r, wint_t wc)
{
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_LEFT: field_left(f); break;
		case KEY_RIGHT: field_right(f); break;
		case KEY_HOME: field_home(f); break;
		case KEY_END: field_end(f); break;
		case KEY_BACKSPACE: field_backspace(f); break;
		case KEY_DC: field_delete(f); break;
		case KEY_ENTER: return 1;
		}
		return 0;
	}
	switch (wc) {
	case '\r':
	case '\n':
		return 1;
	case NC_CTRL('X'):
	case 27:
		return -1;
	case NC_CTRL('A'): field_home(f); break;
	case NC_CTRL('E'): field_end(f); break;
	case 0x7f:
	case NC_CTRL('H'): field_backspace(f); break;
	default:
		if (wc >= ' ') {
			char buf[MB_LEN_MAX];
			mbstate_t st;
			size_t n;

			memset(&st, 0, sizeof(st));
			n = wcrtomb(buf, (wchar_t)wc, &st);
			if (n != (size_t)-1)
				field_insert(f, buf, n);
		}
	}
	return 0;
}

char *nc_edit_line(struct nc_ui *ui, const char *heading, const char *note,
		   enum ui_role note_role, const char *initial, const char *keys,
		   enum help_topic help)
{
	struct line_screen ls = { heading, note, note_role, keys };
	struct text_field f;
	size_t first = 0;
	char *taken = NULL;
	int done = 0;

	field_init(&f, initial ? initial : "");
	curs_set(1);
	while (!done) {
		wint_t wc;
		int r;

		draw(ui, &ls, &f, &first);
		timeout(NC_TICK_MS);
		r = get_wch(&wc);
		if (r == ERR)
			continue;	/* a tick: the header clock is redrawn with the field */
		if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			layout_compute(&ui->layout, LINES, COLS);
			clear();
			continue;
		}
		if (r == KEY_CODE_YES && wc == KEY_F(1)) {
			curs_set(0);
			nc_help_screen(ui, help);
			curs_set(1);
			continue;
		}
		done = edit_key(&f, r, wc);
	}
	curs_set(0);
	if (done > 0)
		taken = xstrdup(f.text);
	field_free(&f);
	return taken;
}

void nc_edit_screen(struct nc_ui *ui, size_t i)
{
	const struct boot_entry *e = ui->s->entries.items[i];
	char *cmdline;

	cmdline = nc_edit_line(ui, _("Kernel command line for this boot only"),
			       _("An edited command line is not verified: the boot is marked "
				 "unverified."), ROLE_UNKNOWN, e->cmdline,
			       _("Enter=boot with it  Ctrl-X=cancel  F1=help"), HELP_EDIT);
	if (cmdline)
		nc_boot_screen(ui, i, cmdline, false);
	free(cmdline);
}
