/* widget-progress.c - text progress bars that read the same on a VT and a serial line. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui/widget-progress.h"

#define PERCENT_COLS 5	/* " 100%" */

int progress_percent(uint64_t done, uint64_t total)
{
	if (total == 0)
		return 0;
	if (done >= total)
		return 100;
	/* long double: done * 100 could overflow 64 bits for huge totals. */
	if (done > UINT64_MAX / 100)
		return (int)((long double)done * 100 / (long double)total);
	return (int)(done * 100 / total);
}

void progress_format(uint64_t done, uint64_t total, int width, char *buf, size_t len)
{
	int pct = progress_percent(done, total), inner, filled, i, n = 0;

	if (width < 8)
		width = 8;
	if ((size_t)width + 1 > len) {
		if (len)
			buf[0] = '\0';
		return;
	}
	inner = width - 2 - PERCENT_COLS;
	filled = inner * pct / 100;
	buf[n++] = '[';
	for (i = 0; i < inner; i++)
		buf[n++] = i < filled ? '#' : ' ';
	buf[n++] = ']';
	snprintf(buf + n, len - (size_t)n, " %3d%%", pct);
}

void progress_draw(WINDOW *win, int y, int x, int width, const char *label,
		   uint64_t done, uint64_t total)
{
	char bar[512];

	if (width > (int)sizeof(bar) - 1)
		width = (int)sizeof(bar) - 1;
	mvwaddnstr(win, y, x, label, width);
	wclrtoeol(win);
	progress_format(done, total, width, bar, sizeof(bar));
	mvwaddstr(win, y + 1, x, bar);
}

void progress_print(const char *label, int *last, uint64_t done, uint64_t total)
{
	int percent = progress_percent(done, total);

	if (percent == *last)
		return;
	*last = percent;
	if (isatty(STDOUT_FILENO))
		printf("\r%s %3d%%", label, percent);
	else if (percent == 100)
		printf("%s 100%%", label);
	if (percent == 100)
		printf("\n");
	fflush(stdout);
}
