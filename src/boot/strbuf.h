/* strbuf.h - growable strings and string lists for the boot config parsers. */
#ifndef VIGIL_BOOT_STRBUF_H
#define VIGIL_BOOT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void sb_putn(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contents as a malloc'd string ("" if empty); the buffer is reset. */
char *sb_steal(struct strbuf *sb);
void sb_free(struct strbuf *sb);

struct strlist {
	char **v;
	size_t n;
};

/* Append s (taking ownership). */
void strlist_push(struct strlist *l, char *s);
void strlist_pushdup(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

#endif
