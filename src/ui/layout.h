/* layout.h - where the main screen's parts go for a terminal size (pure, tested at 80x24 and 200x60). */
#ifndef VIGIL_LAYOUT_H
#define VIGIL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define UI_MIN_ROWS 24
#define UI_MIN_COLS 80
#define UI_HEADER_ROWS 5	/* title, three integrity lines, a blank */
#define UI_WIDE_COLS 120	/* from here entries and actions sit side by side */
#define UI_FULL_PCR_COLS 110	/* from here PCR 2 is shown whole */
#define UI_SHORT_PCR_CHARS 16

struct ui_rect {
	int y, x, h, w;
};

struct ui_layout {
	int rows, cols;
	bool undersized;	/* below 80x24: drawn anyway, with a warning */
	bool two_columns;	/* entries left, actions right; else one list */
	int pcr_hex_chars;	/* of PCR 2's 64 hex digits */
	struct ui_rect title;
	struct ui_rect integrity;	/* one line per integrity item */
	struct ui_rect entries;		/* in one-list mode the same as actions */
	struct ui_rect actions;
	struct ui_rect status;		/* countdown, messages, why an action is disabled */
	struct ui_rect help;		/* the keys of this screen */
};

void layout_compute(struct ui_layout *l, int rows, int cols);

/* A row of a list pane: a section heading or a selectable item. */
struct list_row {
	bool heading;
	size_t item;	/* for items: index into entries-then-actions; for headings: 0 entries, 1 actions */
};

/*
 * Rows of one pane: in one-list mode (pane 0) a heading and the entries, then
 * a heading and the actions; in two-column mode pane 0 holds the entries and
 * pane 1 the actions. out must hold n_entries + n_actions + 2 rows. Returns
 * the row count.
 */
size_t layout_list_rows(bool two_columns, int pane, size_t n_entries, size_t n_actions,
			struct list_row *out);

/* The row showing item, or -1. */
int layout_row_of_item(const struct list_row *rows, size_t n, size_t item);

/*
 * First row to show so that row `sel` is visible in a pane of height rows,
 * moving as little as possible from top (and showing a heading right above
 * the selection when scrolling up to it).
 */
int layout_scroll(int top, int sel, int height, int nrows);

#endif
