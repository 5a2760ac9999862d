/* test-ui-widgets.c - progress bars, word wrapping and the one-line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "ui/widget-progress.h"
#include "ui/widget-text.h"

static void progress_bar_fills_with_percent(void **state)
{
	char bar[64];

	progress_format(0, 200, 20, bar, sizeof(bar));
	assert_string_equal(bar, "[             ]   0%");
	progress_format(100, 200, 20, bar, sizeof(bar));
	assert_string_equal(bar, "[######       ]  50%");
	progress_format(300, 200, 20, bar, sizeof(bar));
	assert_string_equal(bar, "[#############] 100%");
	assert_int_equal((int)strlen(bar), 20);
	/* Unknown total, huge numbers, too narrow, too small a buffer. */
	assert_int_equal(progress_percent(5, 0), 0);
	assert_int_equal(progress_percent(UINT64_MAX / 2, UINT64_MAX), 49);
	progress_format(1, 2, 3, bar, sizeof(bar));
	assert_int_equal((int)strlen(bar), 8);
	progress_format(1, 2, 20, bar, 10);
	assert_string_equal(bar, "");
}

static void wrap_breaks_at_spaces(void **state)
{
	struct strlist out = { 0 };

	text_wrap("root=UUID=abc ro quiet splash", 12, &out);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0], "root=UUID=ab");
	assert_string_equal(out.v[1], "c ro quiet");
	assert_string_equal(out.v[2], "splash");
	strlist_free(&out);
	/* A space early in the line does not leave a stub: "initrd" alone, then the path. */
	text_wrap("ab cdefghijklmnop", 8, &out);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0], "ab cdefg");
	assert_string_equal(out.v[1], "hijklmno");
	strlist_free(&out);
	text_wrap("", 10, &out);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "");
	strlist_free(&out);
}

static void wrap_counts_columns_not_bytes(void **state)
{
	struct strlist out = { 0 };

	/* "Größe" is 5 columns in 7 bytes. */
	text_wrap("Gr\xc3\xb6\xc3\x9f" "e ab", 5, &out);
	assert_string_equal(out.v[0], "Gr\xc3\xb6\xc3\x9f" "e");
	assert_string_equal(out.v[1], "ab");
	assert_int_equal(text_columns("Gr\xc3\xb6\xc3\x9f" "e"), 5);
	strlist_free(&out);
}

static void field_edits_utf8_by_character(void **state)
{
	struct text_field f;

	field_init(&f, "ro quiet");
	assert_int_equal(f.cursor, 8);
	field_insert(&f, " \xc3\xbc", 3);
	assert_string_equal(f.text, "ro quiet \xc3\xbc");
	field_backspace(&f);
	assert_string_equal(f.text, "ro quiet ");
	field_home(&f);
	field_delete(&f);
	field_delete(&f);
	assert_string_equal(f.text, " quiet ");
	field_insert(&f, "rw", 2);
	field_right(&f);
	field_left(&f);
	field_left(&f);
	assert_int_equal(f.cursor, 1);
	field_end(&f);
	field_right(&f);
	assert_int_equal(f.cursor, f.len);
	field_free(&f);
}

static void field_scrolls_to_keep_cursor_visible(void **state)
{
	struct text_field f;
	size_t first;

	field_init(&f, "0123456789abcdefghij");
	first = field_scroll(&f, 0, 10);
	/* Cursor at 20 must be within columns first..first+9. */
	assert_true(f.cursor - first <= 9);
	field_home(&f);
	assert_int_equal(field_scroll(&f, first, 10), 0);
	field_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(progress_bar_fills_with_percent),
		cmocka_unit_test(wrap_breaks_at_spaces),
		cmocka_unit_test(wrap_counts_columns_not_bytes),
		cmocka_unit_test(field_edits_utf8_by_character),
		cmocka_unit_test(field_scrolls_to_keep_cursor_visible),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
