/* diceware.c - load a diceware word list and draw passphrases from it without bias. */
#include <ctype.h>
#include <errno.h>
#include <gcrypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "crypto/diceware.h"
#include "crypto/gcrypt-init.h"
#include "i18n.h"

#define LIST_MAX (4 << 20)	/* the EFF list has 62 KiB */

/* The word on one line (dice number dropped), NULL for an empty line, or err. */
static int parse_line(char *line, char **word, char *err, size_t errlen, const char *path,
		      size_t lineno)
{
	char *p = line, *end;

	*word = NULL;
	while (isspace((unsigned char)*p))
		p++;
	/* "11111<tab>abacus": the dice number, then whitespace, then the word. */
	end = p;
	while (isdigit((unsigned char)*end))
		end++;
	if (end > p && (*end == ' ' || *end == '\t')) {
		p = end;
		while (isspace((unsigned char)*p))
			p++;
	}
	if (!*p)
		return 0;
	end = p;
	while (*end && !isspace((unsigned char)*end))
		end++;
	if (*end) {
		*end++ = '\0';
		while (isspace((unsigned char)*end))
			end++;
		if (*end) {
			snprintf(err, errlen, _("%s, line %zu: more than one word"), path, lineno);
			return -1;
		}
	}
	if (strlen(p) > DICEWARE_WORD_MAX) {
		snprintf(err, errlen, _("%s, line %zu: a word longer than %d bytes"), path, lineno,
			 DICEWARE_WORD_MAX);
		return -1;
	}
	*word = p;
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A word twice would be drawn twice as often as the others. */
static int find_duplicate(const struct diceware_list *list, const char *path,
			  char *err, size_t errlen)
{
	char **sorted = xmalloc(list->count * sizeof(*sorted));
	size_t i;
	int ret = 0;

	memcpy(sorted, list->words, list->count * sizeof(*sorted));
	qsort(sorted, list->count, sizeof(*sorted), by_text);
	for (i = 1; i < list->count; i++) {
		if (!strcmp(sorted[i - 1], sorted[i])) {
			snprintf(err, errlen, _("%s: the word '%s' is there twice"), path, sorted[i]);
			ret = -1;
			break;
		}
	}
	free(sorted);
	return ret;
}

int diceware_load(struct diceware_list *list, const char *path, char *err, size_t errlen)
{
	size_t len, lineno = 0, cap = 0;
	char *line, *next, *word;

	memset(list, 0, sizeof(*list));
	list->text = file_read_all(path, &len, LIST_MAX);
	if (!list->text) {
		snprintf(err, errlen, _("cannot read the word list %s: %s"), path, strerror(errno));
		return -1;
	}
	if (memchr(list->text, '\0', len)) {
		snprintf(err, errlen, _("the word list %s is not a text file"), path);
		goto fail;
	}
	for (line = list->text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (parse_line(line, &word, err, errlen, path, lineno) < 0)
			goto fail;
		if (!word)
			continue;
		if (list->count == cap) {
			cap = cap ? 2 * cap : 1024;
			list->words = xrealloc(list->words, cap * sizeof(*list->words));
		}
		list->words[list->count++] = word;
	}
	if (list->count < 2) {
		snprintf(err, errlen, list->count ? _("the word list %s has only one word")
						  : _("the word list %s has no words"), path);
		goto fail;
	}
	if (find_duplicate(list, path, err, errlen) < 0)
		goto fail;
	return 0;
fail:
	diceware_free(list);
	return -1;
}

void diceware_free(struct diceware_list *list)
{
	free(list->words);
	free(list->text);
	memset(list, 0, sizeof(*list));
}

/*
 * Uniform in [0, n): a 32-bit random number, redrawn while it falls in the
 * last, incomplete run of n values (r % n alone would favour small indices).
 */
static size_t uniform_below(size_t n)
{
	const uint64_t range = UINT64_C(1) << 32;
	const uint64_t limit = range - range % n;
	uint32_t r;

	do
		gcry_randomize(&r, sizeof(r), GCRY_STRONG_RANDOM);
	while (r >= limit);
	return (size_t)(r % n);
}

struct secret *diceware_passphrase(const struct diceware_list *list, unsigned nwords,
				   char *err, size_t errlen)
{
	size_t picks[DICEWARE_WORDS_MAX], total, used = 0, wlen;
	struct secret *s;
	unsigned i;

	if (nwords == 0 || nwords > DICEWARE_WORDS_MAX) {
		snprintf(err, errlen, _("a passphrase has 1 to %d words, not %u"), DICEWARE_WORDS_MAX,
			 nwords);
		return NULL;
	}
	if (list->count < 2 || list->count > UINT32_MAX) {
		snprintf(err, errlen, _("the word list has %zu words"), list->count);
		return NULL;
	}
	crypto_init();
	total = nwords - 1;	/* the spaces */
	for (i = 0; i < nwords; i++) {
		picks[i] = uniform_below(list->count);
		total += strlen(list->words[picks[i]]);
	}
	s = secret_new(total);
	for (i = 0; i < nwords; i++) {
		wlen = strlen(list->words[picks[i]]);
		if (i)
			s->data[used++] = ' ';
		memcpy(s->data + used, list->words[picks[i]], wlen);
		used += wlen;
	}
	s->data[used] = '\0';
	s->len = used;
	/* Which words were drawn is the passphrase itself. */
	explicit_bzero(picks, sizeof(picks));
	return s;
}

struct secret *diceware_suggest(const char *path, unsigned nwords, char *err, size_t errlen)
{
	struct diceware_list list;
	struct secret *s;

	if (diceware_load(&list, path, err, errlen) < 0)
		return NULL;
	s = diceware_passphrase(&list, nwords, err, errlen);
	diceware_free(&list);
	return s;
}

unsigned diceware_bits(size_t count, unsigned nwords)
{
	/* log2(count) in 1/65536ths: the integer part, then the fraction bit by bit. */
	uint64_t fixed = 0;
	double y;
	int bit;

	if (count < 2)
		return 0;
	while (fixed < 63 && (count >> (fixed + 1)) != 0)
		fixed++;
	y = (double)count / (double)(UINT64_C(1) << fixed);
	fixed <<= 16;
	for (bit = 15; bit >= 0; bit--) {
		y *= y;
		if (y >= 2.0) {
			y /= 2.0;
			fixed |= UINT64_C(1) << bit;
		}
	}
	return (unsigned)((fixed * nwords) >> 16);
}
