/* nc-qr.c - a QR code over the whole screen (the integrity header would not leave room at 80x24). */
#include <curses.h>
#include <string.h>

#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/widget-qr.h"

static void draw(struct nc_ui *ui, const char *title, const char *text)
{
	struct qr_art art;
	char err[256];
	int rows = ui->layout.rows - 2, cols = ui->layout.cols;

	clear();
	nc_role(ui, ROLE_TITLE);
	nc_text(0, 0, cols, title, true);
	nc_role(ui, ROLE_NORMAL);
	if (qr_art_encode(&art, text, ui->utf8, rows, cols, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_STATUS, "%s", err);
	} else {
		int y = 1 + (art.fits && rows > art.rows ? (rows - art.rows) / 2 : 0);
		int x = art.fits && cols > art.cols ? (cols - art.cols) / 2 : 0;

		qr_draw(stdscr, y, x, &art, ui->colour ? NC_QR_PAIR : 0);
		/* Short enough for 80 columns: a vt100 serial console is where it does not fit. */
		if (!art.fits)
			nc_status(ui, ROLE_STATUS, _("The QR code needs %dx%d characters: use a larger "
						     "or a UTF-8 terminal"),
				  art.cols, art.rows);
		else
			nc_status(ui, ROLE_STATUS, "%s", text);
		qr_art_free(&art);
	}
	/* Keys go on the title line: the bottom line holds the encoded text. */
	nc_role(ui, ROLE_TITLE);
	nc_text(0, cols > 20 ? cols - 20 : 0, 20, _("h=help  x=back"), true);
	nc_role(ui, ui->status_role);
	nc_text(ui->layout.rows - 1, 0, cols, ui->status, true);
	nc_role(ui, ROLE_NORMAL);
	refresh();
}

void nc_qr_screen(struct nc_ui *ui, const char *title, const char *text)
{
	int key = KEY_RESIZE;

	for (;;) {
		if (key == KEY_RESIZE)
			draw(ui, title, text);
		timeout(-1);
		key = getch();
		if (key == KEY_RESIZE)
			layout_compute(&ui->layout, LINES, COLS);
		else if (nc_is_back_key(key))
			break;
		else if (key == 'h') {
			nc_help_screen(ui, HELP_QR);
			key = KEY_RESIZE;
		}
	}
	/* The status line showed the text, which may be a secret. */
	explicit_bzero(ui->status, sizeof(ui->status));
	clear();
}
