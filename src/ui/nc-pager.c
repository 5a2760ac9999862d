/* nc-pager.c - a scrollable page of text under the header: previews, plans, help. */
#include <curses.h>
#include <limits.h>
#include <string.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/widget-text.h"

static void wrap_all(const struct strlist *lines, int width, struct strlist *out)
{
	size_t i;

	for (i = 0; i < lines->n; i++)
		text_wrap(lines->v[i], width, out);
}

static int pager(struct nc_ui *ui, const char *title, const struct strlist *lines,
		 const char *keys, const char *exits, enum help_topic topic, bool from_end)
{
	struct strlist wrapped = { 0 };
	int top = from_end ? INT_MAX / 2 : 0, width = -1, key = KEY_RESIZE;

	for (;;) {
		int body_y = UI_HEADER_ROWS + 2, height = ui->layout.status.y - body_y, y;

		if (ui->layout.cols != width) {
			width = ui->layout.cols;
			strlist_free(&wrapped);
			wrap_all(lines, width > 2 ? width - 2 : 1, &wrapped);
		}
		if (height < 1)
			height = 1;
		if (top > (int)wrapped.n - height)
			top = (int)wrapped.n - height;
		if (top < 0)
			top = 0;
		if (key != NC_KEY_TICK) {
			nc_draw_header(ui);
			nc_clear_body(ui);
			nc_role(ui, ROLE_HEADING);
			nc_text(UI_HEADER_ROWS, 1, ui->layout.cols - 2, title, false);
			nc_role(ui, ROLE_NORMAL);
			for (y = 0; y < height && top + y < (int)wrapped.n; y++)
				nc_text(body_y + y, 1, ui->layout.cols - 2, wrapped.v[top + y], false);
			nc_draw_footer(ui, keys);
			refresh();
		}
		key = nc_getkey(ui);
		if (key == NC_KEY_TICK || key == KEY_RESIZE)
			continue;
		ui->status[0] = '\0';
		if (nc_is_back_key(key)) {
			key = 'x';
			break;
		}
		if (key > 0 && key < 256 && exits && strchr(exits, key))
			break;
		if (nc_is_up_key(key))
			top--;
		else if (nc_is_down_key(key))
			top++;
		else if (key == KEY_PPAGE)
			top -= height;
		else if (key == KEY_NPAGE || key == ' ')
			top += height;
		else if (key == KEY_HOME)
			top = 0;
		else if (key == KEY_END)
			top = (int)wrapped.n;
		else if (key == 'h' && topic != HELP_TOPICS)
			nc_help_screen(ui, topic);
	}
	strlist_free(&wrapped);
	return key;
}

int nc_pager(struct nc_ui *ui, const char *title, const struct strlist *lines,
	     const char *keys, const char *exits, enum help_topic topic)
{
	return pager(ui, title, lines, keys, exits, topic, false);
}

int nc_pager_end(struct nc_ui *ui, const char *title, const struct strlist *lines,
		 const char *keys, const char *exits, enum help_topic topic)
{
	return pager(ui, title, lines, keys, exits, topic, true);
}

void nc_help_screen(struct nc_ui *ui, enum help_topic topic)
{
	struct strlist lines = { 0 };
	const char *p = help_text(topic);

	while (*p) {
		size_t n = strcspn(p, "\n");

		strlist_push(&lines, xstrndup(p, n));
		p += n;
		if (*p == '\n')
			p++;
	}
	/* HELP_TOPICS: no help about the help. */
	nc_pager(ui, help_title(topic), &lines, _("Up/Down scroll  x=back"), NULL, HELP_TOPICS);
	strlist_free(&lines);
}
