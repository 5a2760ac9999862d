/* widget-text.h - text that fits the screen: word wrapping and a one-line editor. */
#ifndef VIGIL_WIDGET_TEXT_H
#define VIGIL_WIDGET_TEXT_H

#include <stddef.h>

#include "boot/strbuf.h"

/* Columns s takes on the terminal (UTF-8 aware; invalid bytes count one). */
int text_columns(const char *s);

/* Break line into pieces of at most width columns, at spaces where possible. */
void text_wrap(const char *line, int width, struct strlist *out);

/* A one-line editor's buffer: UTF-8 text and a cursor (a byte offset on a character boundary). */
struct text_field {
	char *text;
	size_t len, cap, cursor;
};

void field_init(struct text_field *f, const char *text);	/* cursor at the end */
void field_free(struct text_field *f);
void field_insert(struct text_field *f, const char *utf8, size_t n);
void field_backspace(struct text_field *f);
void field_delete(struct text_field *f);
void field_left(struct text_field *f);
void field_right(struct text_field *f);
void field_home(struct text_field *f);
void field_end(struct text_field *f);
/*
 * First byte to show so the cursor is visible in width columns, given the
 * previous first byte (scrolls by a third of the width at a time).
 */
size_t field_scroll(const struct text_field *f, size_t first, int width);

#endif
