/* widget-progress.h - a progress bar for hashing, signing and flashing. */
#ifndef VIGIL_WIDGET_PROGRESS_H
#define VIGIL_WIDGET_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* Percent done, 0-100 (0 while total is unknown, 100 when done >= total). */
int progress_percent(uint64_t done, uint64_t total);

/*
 * "[#######             ]  35%" exactly width columns wide (at least 8);
 * buf must hold width + 1 bytes.
 */
void progress_format(uint64_t done, uint64_t total, int width, char *buf, size_t len);

/*
 * On stdout as plain lines: "\rLABEL  35%" rewritten in place on a
 * terminal, only "LABEL 100%" elsewhere (a log would fill with them); a
 * newline at 100. *last (start at -1) keeps what was shown.
 */
void progress_print(const char *label, int *last, uint64_t done, uint64_t total);

/* Draw a label line and the bar below it at y, x in the window (curses). */
struct _win_st;
void progress_draw(struct _win_st *win, int y, int x, int width, const char *label,
		   uint64_t done, uint64_t total);

#endif
