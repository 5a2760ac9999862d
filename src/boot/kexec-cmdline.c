/* kexec-cmdline.c - edit kernel command lines word by word, quoting as the kernel parses it. */
#include <stdbool.h>
#include <string.h>

#include "boot/kexec-cmdline.h"
#include "common/xmalloc.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void cmdline_split(const char *cmdline, struct strlist *words)
{
	const char *p = cmdline ? cmdline : "";

	for (;;) {
		const char *start;
		bool quoted = false;

		while (is_blank(*p))
			p++;
		if (!*p)
			return;
		start = p;
		/* Like the kernel's next_arg(): a quote toggles, blanks inside stay. */
		while (*p && (quoted || !is_blank(*p))) {
			if (*p == '"')
				quoted = !quoted;
			p++;
		}
		strlist_push(words, xstrndup(start, (size_t)(p - start)));
	}
}

static bool contains(const struct strlist *l, const char *word)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], word))
			return true;
	return false;
}

static void put_word(struct strbuf *sb, const char *word)
{
	if (sb->len)
		sb_putc(sb, ' ');
	sb_puts(sb, word);
}

char *cmdline_edit(const char *cmdline, const char *add, const char *remove)
{
	struct strlist words = { 0 }, adds = { 0 }, removes = { 0 }, kept = { 0 };
	struct strbuf sb = { 0 };
	size_t i;

	cmdline_split(cmdline, &words);
	cmdline_split(add, &adds);
	cmdline_split(remove, &removes);
	for (i = 0; i < words.n; i++)
		if (!contains(&removes, words.v[i]))
			strlist_pushdup(&kept, words.v[i]);
	for (i = 0; i < adds.n; i++)
		if (!contains(&kept, adds.v[i]))
			strlist_pushdup(&kept, adds.v[i]);
	for (i = 0; i < kept.n; i++)
		put_word(&sb, kept.v[i]);
	strlist_free(&words);
	strlist_free(&adds);
	strlist_free(&removes);
	strlist_free(&kept);
	return sb_steal(&sb);
}
