/* test-diceware.c - passphrases come from the list, every word turns up about equally often, bad lists are named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "crypto/diceware.h"

static char dir[] = "/tmp/vigil-diceware-XXXXXX";

static int group_setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char path[128];
	static const char *names[] = { "list", "four", "empty", "one", "twice", "two-on-a-line",
				       "blank-lines", "binary", NULL };
	int i;

	for (i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}

/* Write text to dir/name; path gets the file's path. */
static void put(const char *name, const char *text, size_t len, char *path, size_t pathlen)
{
	snprintf(path, pathlen, "%s/%s", dir, name);
	assert_int_equal(file_write_atomic(path, text, len, 0644), 0);
}

static int in_list(const struct diceware_list *l, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		if (strlen(l->words[i]) == len && !memcmp(l->words[i], word, len))
			return (int)i;
	}
	return -1;
}

/* Split a passphrase at its spaces into list indices; returns the number of words. */
static unsigned indices(const struct diceware_list *l, const struct secret *s, int *idx, unsigned max)
{
	const char *p = (const char *)s->data, *end = p + s->len, *sp;
	unsigned n = 0;

	assert_int_equal(strlen(p), s->len);
	while (p <= end) {
		sp = memchr(p, ' ', (size_t)(end - p));
		if (!sp)
			sp = end;
		assert_true(n < max);
		idx[n] = in_list(l, p, (size_t)(sp - p));
		if (idx[n] < 0)
			fail_msg("'%.*s' is not in the list", (int)(sp - p), p);
		n++;
		p = sp + 1;
	}
	return n;
}

static void dice_numbered_and_plain_lists(void **state)
{
	static const char text[] = "11111\tabacus\n11112\tabdomen\r\n11113 abide\n\n  plain\n1984\n";
	struct diceware_list l;
	char path[128], err[256];

	put("list", text, strlen(text), path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), 0);
	assert_int_equal(l.count, 5);
	assert_string_equal(l.words[0], "abacus");
	assert_string_equal(l.words[1], "abdomen");
	assert_string_equal(l.words[2], "abide");
	assert_string_equal(l.words[3], "plain");
	/* A number alone is a word, not a dice roll. */
	assert_string_equal(l.words[4], "1984");
	diceware_free(&l);
}

static void passphrases_are_words_of_the_list(void **state)
{
	static const char text[] = "11111\tabacus\n11112\tabdomen\n11113\tabide\n11114\tzebra\n"
				   "11115\tyodel\n11116\txylophone\n";
	struct diceware_list l;
	char path[128], err[256];
	struct secret *s;
	int idx[DICEWARE_WORDS_MAX];
	unsigned n;

	put("list", text, strlen(text), path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), 0);
	for (n = 1; n <= DICEWARE_WORDS_MAX; n++) {
		s = diceware_passphrase(&l, n, err, sizeof(err));
		assert_non_null(s);
		assert_int_equal(indices(&l, s, idx, DICEWARE_WORDS_MAX), n);
		secret_free(s);
	}
	assert_null(diceware_passphrase(&l, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "not 0"));
	assert_null(diceware_passphrase(&l, DICEWARE_WORDS_MAX + 1, err, sizeof(err)));
	assert_non_null(strstr(err, "not 33"));
	diceware_free(&l);
}

/*
 * 4000 words from a list of four: each is expected 1000 times with a
 * standard deviation of 27; 850..1150 is more than five of them either way.
 */
static void every_word_about_equally_often(void **state)
{
	static const char text[] = "alpha\nbravo\ncharlie\ndelta\n";
	struct diceware_list l;
	char path[128], err[256];
	unsigned counts[4] = { 0 }, round, i, n;
	int idx[4];
	struct secret *s;

	put("four", text, strlen(text), path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), 0);
	for (round = 0; round < 1000; round++) {
		s = diceware_passphrase(&l, 4, err, sizeof(err));
		assert_non_null(s);
		n = indices(&l, s, idx, 4);
		assert_int_equal(n, 4);
		for (i = 0; i < n; i++)
			counts[idx[i]]++;
		secret_free(s);
	}
	for (i = 0; i < 4; i++) {
		if (counts[i] < 850 || counts[i] > 1150)
			fail_msg("'%s' came %u times in 4000 draws (expected about 1000)", l.words[i],
				 counts[i]);
	}
	diceware_free(&l);
}

static void bad_lists_are_named(void **state)
{
	struct diceware_list l;
	char path[128], err[256];
	struct secret *s;

	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file"));
	s = diceware_suggest(path, 6, err, sizeof(err));
	assert_null(s);
	assert_non_null(strstr(err, path));

	put("empty", "", 0, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "no words"));

	put("blank-lines", "\n  \n\t\n", 6, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no words"));

	put("one", "11111 only\n", 11, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "only one word"));

	put("twice", "alpha\nbravo\nalpha\n", 18, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "'alpha' is there twice"));

	put("two-on-a-line", "alpha\nbravo charlie\n", 20, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "line 2"));

	put("binary", "alpha\n\0bravo\n", 13, path, sizeof(path));
	assert_int_equal(diceware_load(&l, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a text file"));
}

static void strength_in_bits(void **state)
{
	assert_int_equal(diceware_bits(7776, 1), 12);	/* 12.92 */
	assert_int_equal(diceware_bits(7776, 6), 77);	/* 77.55 */
	assert_int_equal(diceware_bits(7776, 5), 64);	/* 64.62 */
	assert_int_equal(diceware_bits(1024, 3), 30);
	assert_int_equal(diceware_bits(2, 10), 10);
	assert_int_equal(diceware_bits(3, 2), 3);	/* 3.17 */
	assert_int_equal(diceware_bits(1, 6), 0);
}

/* The list the firmware ships (Debian's diceware package), when it is installed here. */
static void the_eff_list(void **state)
{
	struct diceware_list l;
	char err[256];
	struct secret *s;
	int idx[6];

	if (access(DICEWARE_EFF_LIST, R_OK) < 0)
		skip();
	assert_int_equal(diceware_load(&l, DICEWARE_EFF_LIST, err, sizeof(err)), 0);
	assert_int_equal(l.count, 7776);
	assert_string_equal(l.words[0], "abacus");
	s = diceware_suggest(DICEWARE_EFF_LIST, 6, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(indices(&l, s, idx, 6), 6);
	secret_free(s);
	diceware_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dice_numbered_and_plain_lists),
		cmocka_unit_test(passphrases_are_words_of_the_list),
		cmocka_unit_test(every_word_about_equally_often),
		cmocka_unit_test(bad_lists_are_named),
		cmocka_unit_test(strength_in_bits),
		cmocka_unit_test(the_eff_list),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
