/* layout.c - screen geometry and list scrolling, kept free of curses so it can be tested. */
#include "ui/layout.h"

static struct ui_rect rect(int y, int x, int h, int w)
{
	struct ui_rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };

	return r;
}

void layout_compute(struct ui_layout *l, int rows, int cols)
{
	int body_y = UI_HEADER_ROWS, body_h;

	l->rows = rows;
	l->cols = cols;
	l->undersized = rows < UI_MIN_ROWS || cols < UI_MIN_COLS;
	l->two_columns = cols >= UI_WIDE_COLS;
	l->pcr_hex_chars = cols >= UI_FULL_PCR_COLS ? 64 : UI_SHORT_PCR_CHARS;
	l->title = rect(0, 0, 1, cols);
	l->integrity = rect(1, 0, 3, cols);
	body_h = rows - body_y - 2;
	if (l->two_columns) {
		int left = cols / 2;

		l->entries = rect(body_y, 0, body_h, left - 1);
		l->actions = rect(body_y, left + 1, body_h, cols - left - 1);
	} else {
		l->entries = rect(body_y, 0, body_h, cols);
		l->actions = l->entries;
	}
	l->status = rect(rows - 2, 0, 1, cols);
	l->help = rect(rows - 1, 0, 1, cols);
}

size_t layout_list_rows(bool two_columns, int pane, size_t n_entries, size_t n_actions,
			struct list_row *out)
{
	size_t n = 0, i;

	if (!two_columns || pane == 0) {
		out[n++] = (struct list_row){ .heading = true, .item = 0 };
		for (i = 0; i < n_entries; i++)
			out[n++] = (struct list_row){ .heading = false, .item = i };
	}
	if (!two_columns || pane == 1) {
		out[n++] = (struct list_row){ .heading = true, .item = 1 };
		for (i = 0; i < n_actions; i++)
			out[n++] = (struct list_row){ .heading = false, .item = n_entries + i };
	}
	return n;
}

int layout_row_of_item(const struct list_row *rows, size_t n, size_t item)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!rows[i].heading && rows[i].item == item)
			return (int)i;
	return -1;
}

int layout_scroll(int top, int sel, int height, int nrows)
{
	if (height <= 0 || sel < 0)
		return 0;
	if (sel < top)
		top = sel > 0 ? sel - 1 : 0;	/* keep the section heading in view */
	if (sel >= top + height)
		top = sel - height + 1;
	if (top > nrows - height)
		top = nrows - height;
	return top < 0 ? 0 : top;
}
