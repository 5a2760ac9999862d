/* test-ui-countdown.c - the default-boot timeout counts whole seconds, fires once, stops on cancel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/countdown.h"

static void counts_down_in_whole_seconds(void **state)
{
	struct countdown c;

	countdown_start(&c, 5, 1000);
	assert_int_equal(countdown_left(&c, 1000), 5);
	assert_int_equal(countdown_left(&c, 1001), 5);
	assert_int_equal(countdown_left(&c, 2000), 4);
	assert_int_equal(countdown_left(&c, 5999), 1);
	assert_int_equal(countdown_next_tick_ms(&c, 1000), 1000);
	assert_int_equal(countdown_next_tick_ms(&c, 1250), 750);
	assert_false(countdown_fire(&c, 5999));
	assert_true(countdown_fire(&c, 6000));
	/* Fires once only. */
	assert_false(countdown_fire(&c, 7000));
	assert_int_equal(countdown_left(&c, 7000), 0);
	assert_int_equal(countdown_next_tick_ms(&c, 7000), -1);
}

static void cancel_stops_it(void **state)
{
	struct countdown c;

	countdown_start(&c, 3, 0);
	countdown_cancel(&c);
	assert_false(c.running);
	assert_false(countdown_fire(&c, 10000));
}

static void negative_waits_and_zero_fires_at_once(void **state)
{
	struct countdown c;

	countdown_start(&c, -1, 0);
	assert_false(c.running);
	assert_false(countdown_fire(&c, 999999));
	countdown_start(&c, 0, 500);
	assert_true(countdown_fire(&c, 500));
}

static void clock_going_back_counts_as_no_time(void **state)
{
	struct countdown c;

	countdown_start(&c, 2, 5000);
	assert_int_equal(countdown_left(&c, 4000), 2);
	assert_false(countdown_fire(&c, 4000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_down_in_whole_seconds),
		cmocka_unit_test(cancel_stops_it),
		cmocka_unit_test(negative_waits_and_zero_fires_at_once),
		cmocka_unit_test(clock_going_back_counts_as_no_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
