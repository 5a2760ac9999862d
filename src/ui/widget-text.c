/* widget-text.c - column counting, wrapping and line editing for UTF-8 text. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/xmalloc.h"
#include "ui/widget-text.h"

/* Bytes and columns of the character at s (1 and 1 for invalid bytes). */
static size_t char_at(const char *s, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cols = 1;
		return 1;
	}
	*cols = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
	return n;
}

int text_columns(const char *s)
{
	int total = 0, w;

	while (*s) {
		s += char_at(s, &w);
		total += w;
	}
	return total;
}

void text_wrap(const char *line, int width, struct strlist *out)
{
	if (width < 1)
		width = 1;
	do {
		const char *p = line, *brk = NULL;
		int used = 0, w;

		while (*p) {
			size_t n = char_at(p, &w);

			if (used + w > width)
				break;
			/* Only a space in the second half: else a long path leaves a stub line. */
			if (*p == ' ' && used >= width / 2)
				brk = p;
			used += w;
			p += n;
		}
		if (*p && brk)
			p = brk;	/* break at the last space that fits */
		if (p == line && *p)
			p += char_at(p, &w);	/* a character wider than width */
		strlist_push(out, xstrndup(line, (size_t)(p - line)));
		line = p;
		while (*line == ' ')
			line++;
	} while (*line);
}

void field_init(struct text_field *f, const char *text)
{
	f->len = strlen(text);
	f->cap = f->len + 64;
	f->text = xmalloc(f->cap);
	memcpy(f->text, text, f->len + 1);
	f->cursor = f->len;
}

void field_free(struct text_field *f)
{
	free(f->text);
	memset(f, 0, sizeof(*f));
}

void field_insert(struct text_field *f, const char *utf8, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		f->cap = (f->len + n + 1) * 2;
		f->text = xrealloc(f->text, f->cap);
	}
	memmove(f->text + f->cursor + n, f->text + f->cursor, f->len - f->cursor + 1);
	memcpy(f->text + f->cursor, utf8, n);
	f->len += n;
	f->cursor += n;
}

/* Start of the character before byte offset at (UTF-8 continuation bytes are 10xxxxxx). */
static size_t prev_char(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const struct text_field *f, size_t at)
{
	int w;

	return at < f->len ? at + char_at(f->text + at, &w) : at;
}

void field_backspace(struct text_field *f)
{
	size_t start = prev_char(f->text, f->cursor);

	memmove(f->text + start, f->text + f->cursor, f->len - f->cursor + 1);
	f->len -= f->cursor - start;
	f->cursor = start;
}

void field_delete(struct text_field *f)
{
	size_t end = next_char(f, f->cursor);

	memmove(f->text + f->cursor, f->text + end, f->len - end + 1);
	f->len -= end - f->cursor;
}

void field_left(struct text_field *f)
{
	f->cursor = prev_char(f->text, f->cursor);
}

void field_right(struct text_field *f)
{
	f->cursor = next_char(f, f->cursor);
}

void field_home(struct text_field *f)
{
	f->cursor = 0;
}

void field_end(struct text_field *f)
{
	f->cursor = f->len;
}

/* Columns from byte a to byte b. */
static int span_columns(const struct text_field *f, size_t a, size_t b)
{
	int total = 0, w;

	while (a < b) {
		a += char_at(f->text + a, &w);
		total += w;
	}
	return total;
}

size_t field_scroll(const struct text_field *f, size_t first, int width)
{
	if (width < 2)
		width = 2;
	if (first > f->cursor)
		first = f->cursor;
	/* Keep one column for the cursor after the last character. */
	while (span_columns(f, first, f->cursor) > width - 1) {
		int step = width / 3 > 0 ? width / 3 : 1;

		while (step-- > 0 && first < f->cursor)
			first = next_char(f, first);
	}
	return first;
}
