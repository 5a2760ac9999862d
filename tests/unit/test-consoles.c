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

static void the_setting_names_terminals(void **state)
{
	struct console c[CONSOLES_MAX];

	assert_int_equal(consoles_from_setting("ttyS0,115200  tty1", c, CONSOLES_MAX), 2);
	assert_string_equal(c[0].device, "/dev/ttyS0");
	assert_string_equal(c[0].term, "vt100");
	assert_string_equal(c[1].device, "/dev/tty1");
	assert_string_equal(c[1].term, "linux");
	assert_int_equal(consoles_from_setting("tty0", c, CONSOLES_MAX), 1);
	assert_string_equal(c[0].device, "/dev/tty1");
	/* Anything but terminal names is refused: no paths, no options alone, not empty. */
	assert_int_equal(consoles_from_setting("../sda1", c, CONSOLES_MAX), -1);
	assert_int_equal(consoles_from_setting("tty", c, CONSOLES_MAX), -1);
	assert_int_equal(consoles_from_setting("ttyS0 console=tty1", c, CONSOLES_MAX), -1);
	assert_int_equal(consoles_from_setting(",9600", c, CONSOLES_MAX), -1);
	assert_int_equal(consoles_from_setting("  ", c, CONSOLES_MAX), -1);
	assert_int_equal(consoles_from_setting("tty1 tty2 tty3 tty4 tty5", c, CONSOLES_MAX), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vt_and_serial),
		cmocka_unit_test(duplicates_and_lookalikes_ignored),
		cmocka_unit_test(none_given),
		cmocka_unit_test(the_setting_names_terminals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
