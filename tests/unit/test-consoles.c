/* test-consoles.c - console= arguments become the terminals the menu runs on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "consoles.h"

static void vt_and_serial(void **state)
{
	struct console c[CONSOLES_MAX];
	size_t n = consoles_from_cmdline("root=x console=tty0 console=ttyS0,115200n8 quiet\n",
					 c, CONSOLES_MAX);

	assert_int_equal(n, 2);
	assert_string_equal(c[0].device, "/dev/tty1");
	assert_string_equal(c[0].term, "linux");
	assert_string_equal(c[1].device, "/dev/ttyS0");
	assert_string_equal(c[1].term, "vt100");
}

static void duplicates_and_lookalikes_ignored(void **state)
{
	struct console c[CONSOLES_MAX];
	size_t n = consoles_from_cmdline("xconsole=ttyS1 console=ttyS0 console=ttyS0,9600 "
					 "console=../etc/x console=", c, CONSOLES_MAX);

	assert_int_equal(n, 1);
	assert_string_equal(c[0].device, "/dev/ttyS0");
}

static void none_given(void **state)
{
	struct console c[CONSOLES_MAX];

	assert_int_equal(consoles_from_cmdline("root=/dev/sda1", c, CONSOLES_MAX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vt_and_serial),
		cmocka_unit_test(duplicates_and_lookalikes_ignored),
		cmocka_unit_test(none_given),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
