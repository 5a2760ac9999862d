/* test-ui-layout.c - the main screen at 80x24 (one list) and 200x60 (two columns), and scrolling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/layout.h"

static void at_80x24_one_list_and_short_pcr(void **state)
{
	struct ui_layout l;

	layout_compute(&l, 24, 80);
	assert_false(l.undersized);
	assert_false(l.two_columns);
	assert_int_equal(l.pcr_hex_chars, UI_SHORT_PCR_CHARS);
	assert_int_equal(l.integrity.y, 1);
	assert_int_equal(l.integrity.h, 3);
	assert_int_equal(l.entries.y, UI_HEADER_ROWS);
	assert_int_equal(l.entries.h, 24 - UI_HEADER_ROWS - 2);
	assert_int_equal(l.entries.w, 80);
	assert_memory_equal(&l.entries, &l.actions, sizeof(l.entries));
	assert_int_equal(l.status.y, 22);
	assert_int_equal(l.help.y, 23);
}

static void at_200x60_two_columns_and_whole_pcr(void **state)
{
	struct ui_layout l;

	layout_compute(&l, 60, 200);
	assert_true(l.two_columns);
	assert_int_equal(l.pcr_hex_chars, 64);
	assert_int_equal(l.entries.x, 0);
	assert_int_equal(l.entries.w, 99);
	assert_int_equal(l.actions.x, 101);
	assert_int_equal(l.actions.w, 99);
	assert_int_equal(l.actions.h, 60 - UI_HEADER_ROWS - 2);
	assert_int_equal(l.help.y, 59);
}

static void smaller_than_80x24_is_flagged(void **state)
{
	struct ui_layout l;

	layout_compute(&l, 20, 60);
	assert_true(l.undersized);
	assert_true(l.entries.h >= 0);
	layout_compute(&l, 3, 10);
	assert_int_equal(l.entries.h, 0);
}

static void list_rows_per_mode(void **state)
{
	struct list_row rows[16];
	size_t n;

	/* One list: heading, 3 entries, heading, 4 actions. */
	n = layout_list_rows(false, 0, 3, 4, rows);
	assert_int_equal(n, 9);
	assert_true(rows[0].heading);
	assert_int_equal(rows[1].item, 0);
	assert_true(rows[4].heading);
	assert_int_equal(rows[5].item, 3);
	assert_int_equal(layout_row_of_item(rows, n, 3), 5);
	/* Two columns: entries left, actions right. */
	n = layout_list_rows(true, 0, 3, 4, rows);
	assert_int_equal(n, 4);
	assert_int_equal(layout_row_of_item(rows, n, 3), -1);
	n = layout_list_rows(true, 1, 3, 4, rows);
	assert_int_equal(n, 5);
	assert_int_equal(layout_row_of_item(rows, n, 6), 4);
}

static void scrolling_keeps_selection_visible(void **state)
{
	/* 30 rows in a pane of 17. */
	assert_int_equal(layout_scroll(0, 5, 17, 30), 0);
	assert_int_equal(layout_scroll(0, 17, 17, 30), 1);
	assert_int_equal(layout_scroll(0, 29, 17, 30), 13);
	/* Going back up shows the row above too (a heading, at the top). */
	assert_int_equal(layout_scroll(13, 1, 17, 30), 0);
	assert_int_equal(layout_scroll(13, 10, 17, 30), 9);
	/* Never past the end. */
	assert_int_equal(layout_scroll(20, 25, 17, 30), 13);
	assert_int_equal(layout_scroll(0, 3, 0, 30), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(at_80x24_one_list_and_short_pcr),
		cmocka_unit_test(at_200x60_two_columns_and_whole_pcr),
		cmocka_unit_test(smaller_than_80x24_is_flagged),
		cmocka_unit_test(list_rows_per_mode),
		cmocka_unit_test(scrolling_keeps_selection_visible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
