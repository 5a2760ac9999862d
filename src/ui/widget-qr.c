/* widget-qr.c - draw QR codes with block characters, or '#' pairs on ASCII terminals. */
#include <curses.h>
#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/widget-qr.h"

#define UPPER_HALF "\xe2\x96\x80"	/* U+2580 */
#define LOWER_HALF "\xe2\x96\x84"	/* U+2584 */
#define FULL_BLOCK "\xe2\x96\x88"	/* U+2588 */

/* Light at (r, c) of the code with its quiet zone around it. */
static bool light(const unsigned char *modules, int size, int r, int c)
{
	r -= QR_QUIET_ZONE;
	c -= QR_QUIET_ZONE;
	if (r < 0 || c < 0 || r >= size || c >= size)
		return true;
	return !modules[r * size + c];
}

void qr_art_from_modules(struct qr_art *art, const unsigned char *modules, int size, bool utf8)
{
	int side = size + 2 * QR_QUIET_ZONE, r, c;

	memset(art, 0, sizeof(*art));
	art->size = size;
	art->utf8 = utf8;
	art->fits = true;
	art->rows = utf8 ? (side + 1) / 2 : side;
	art->cols = utf8 ? side : 2 * side;
	art->lines = xcalloc((size_t)art->rows, sizeof(char *));
	for (r = 0; r < art->rows; r++) {
		/* Three bytes per half block; two per '#' pair. */
		char *line = xmalloc((size_t)side * 3 + 1), *p = line;

		for (c = 0; c < side; c++) {
			if (utf8) {
				bool top = light(modules, size, 2 * r, c);
				/* A last odd row pairs with a light row below the code. */
				bool bottom = 2 * r + 1 >= side || light(modules, size, 2 * r + 1, c);
				const char *s = top && bottom ? FULL_BLOCK :
						top ? UPPER_HALF : bottom ? LOWER_HALF : " ";

				strcpy(p, s);
				p += strlen(s);
			} else {
				const char *s = light(modules, size, r, c) ? "##" : "  ";

				memcpy(p, s, 2);
				p += 2;
			}
		}
		*p = '\0';
		art->lines[r] = line;
	}
}

static QRcode *encode(const char *text, QRecLevel level)
{
	return QRcode_encodeString8bit(text, 0, level);
}

int qr_art_encode(struct qr_art *art, const char *text, bool utf8, int max_rows, int max_cols,
		  char *err, size_t errlen)
{
	static const QRecLevel levels[] = { QR_ECLEVEL_M, QR_ECLEVEL_L };
	static const char names[] = { 'M', 'L' };
	size_t i;

	memset(art, 0, sizeof(*art));
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		QRcode *qr = encode(text, levels[i]);
		unsigned char *modules;
		int n, k;

		if (!qr) {
			snprintf(err, errlen, _("cannot make a QR code: %s"), strerror(errno));
			return -1;
		}
		n = qr->width * qr->width;
		modules = xmalloc((size_t)n);
		for (k = 0; k < n; k++)
			modules[k] = qr->data[k] & 1;	/* bit 0: dark module */
		if (art->lines)
			qr_art_free(art);
		qr_art_from_modules(art, modules, qr->width, utf8);
		free(modules);
		QRcode_free(qr);
		art->ecc = names[i];
		art->fits = art->rows <= max_rows && art->cols <= max_cols;
		if (art->fits)
			break;
	}
	return 0;
}

void qr_art_free(struct qr_art *art)
{
	int r;

	for (r = 0; r < art->rows && art->lines; r++)
		free(art->lines[r]);
	free(art->lines);
	memset(art, 0, sizeof(*art));
}

void qr_draw(WINDOW *win, int y, int x, const struct qr_art *art, short pair)
{
	bool reverse = (termattrs() & A_REVERSE) != 0;
	int r, c;

	wattr_set(win, A_NORMAL, pair, NULL);
	for (r = 0; r < art->rows; r++) {
		if (art->utf8 || !reverse) {
			mvwaddstr(win, y + r, x, art->lines[r]);
			continue;
		}
		/* Reverse-video blanks are solid light cells: better than '#' glyphs. */
		for (c = 0; art->lines[r][c]; c++)
			mvwaddch(win, y + r, x + c, art->lines[r][c] == '#' ? ' ' | A_REVERSE : ' ');
	}
	wattr_set(win, A_NORMAL, 0, NULL);
}
