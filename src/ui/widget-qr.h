/*
 * widget-qr.h - QR codes (libqrencode) as text: half-block characters put two
 * module rows in one line, so an otpauth URI fits an 80x24 terminal; without
 * UTF-8, two '#' per module.
 */
#ifndef VIGIL_WIDGET_QR_H
#define VIGIL_WIDGET_QR_H

#include <stdbool.h>
#include <stddef.h>

#define QR_QUIET_ZONE 2	/* modules of light border; scanners cope with 2 */

struct qr_art {
	int size;		/* modules per side, without the quiet zone */
	int rows, cols;		/* text lines and their width in columns */
	bool utf8;		/* half blocks; else '#' pairs */
	bool fits;		/* within the space it was asked to fit */
	char ecc;		/* 'M' or 'L' */
	char **lines;		/* rows strings; '#'/'▀'/'▄'/'█' are light, ' ' dark */
};

/*
 * Render modules (size*size bytes, row by row, nonzero = dark) with the quiet
 * zone. Light is drawn, dark left blank, so on a light-on-dark terminal the
 * code has the right polarity.
 */
void qr_art_from_modules(struct qr_art *art, const unsigned char *modules, int size, bool utf8);

/*
 * Encode text, with ECC level M if that fits in max_rows x max_cols, else L.
 * art->fits says whether it does. Returns -1 with the reason in err when the
 * text cannot be encoded at all.
 */
int qr_art_encode(struct qr_art *art, const char *text, bool utf8, int max_rows, int max_cols,
		  char *err, size_t errlen);

void qr_art_free(struct qr_art *art);

/* Draw at y, x as light modules on black (curses; pair is white on black). */
struct _win_st;	/* WINDOW */
void qr_draw(struct _win_st *win, int y, int x, const struct qr_art *art, short pair);

#endif
