/* diceware.h - passphrase suggestions: words drawn uniformly at random from a diceware word list. */
#ifndef VIGIL_DICEWARE_H
#define VIGIL_DICEWARE_H

#include <stddef.h>

#include "crypto/secret.h"

/*
 * The EFF's long list (7776 words, 12.9 bits each), as Debian's diceware
 * package ships it. The payload copies it into the initramfs.
 */
#define DICEWARE_EFF_LIST "/usr/lib/python3/dist-packages/diceware/wordlists/wordlist_en_eff.txt"

#define DICEWARE_WORDS_MAX 32	/* words in one passphrase */
#define DICEWARE_WORD_MAX 64	/* bytes in one word */

struct diceware_list {
	char **words;
	size_t count;
	char *text;	/* the file; words point into it */
};

/*
 * Read a word list: one word per line, optionally after its dice number
 * ("11111<tab>abacus", as diceware lists have) or alone ("abacus"). Empty
 * lines are skipped. A file that is missing or empty, has a line with two
 * words, or has a word twice (which would make it likelier than the rest) is
 * refused with err naming the file and line. 0, or -1 with err.
 */
int diceware_load(struct diceware_list *list, const char *path, char *err, size_t errlen);
void diceware_free(struct diceware_list *list);

/*
 * A passphrase of nwords words separated by single spaces, each drawn
 * uniformly and independently from list with libgcrypt's strong random
 * generator (rejection sampling: no word is likelier than another). NULL
 * with err when nwords is 0 or above DICEWARE_WORDS_MAX.
 */
struct secret *diceware_passphrase(const struct diceware_list *list, unsigned nwords,
				   char *err, size_t errlen);

/* Both at once: load path, draw nwords, free the list. */
struct secret *diceware_suggest(const char *path, unsigned nwords, char *err, size_t errlen);

/* Strength of a passphrase of nwords from a list of count words, in whole bits (rounded down). */
unsigned diceware_bits(size_t count, unsigned nwords);

#endif
