/* test-kvconf.c - the settings parser accepts what we document and names bad lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/kvconf.h"

static void parses_keys_quotes_and_comments(void **state)
{
	struct kvconf conf;
	char err[128];
	const char *text = "# board settings\nboard = qemu-q35\n\n  timeout=5  \n"
			   "cmdline_add = \"quiet splash\"\nboard=x230\n";

	assert_int_equal(kvconf_parse(&conf, text, "board.conf", err, sizeof(err)), 0);
	assert_string_equal(kvconf_get(&conf, "board"), "x230");
	assert_string_equal(kvconf_get(&conf, "timeout"), "5");
	assert_string_equal(kvconf_get(&conf, "cmdline_add"), "quiet splash");
	assert_null(kvconf_get(&conf, "missing"));
	assert_int_equal(conf.count, 3);
	kvconf_free(&conf);
}

static void names_the_bad_line(void **state)
{
	struct kvconf conf;
	char err[128];

	assert_int_equal(kvconf_parse(&conf, "a=1\nb 2\n", "user.conf", err, sizeof(err)), -1);
	assert_string_equal(err, "user.conf:2: expected '=' after the key");
	assert_int_equal(kvconf_parse(&conf, "a=\"open\n", "u", err, sizeof(err)), -1);
	assert_string_equal(err, "u:1: unterminated quoted value");
	assert_int_equal(kvconf_parse(&conf, "=1\n", "u", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "u:1: expected a key"));
	assert_int_equal(kvconf_parse(&conf, "a=x\"y\n", "u", err, sizeof(err)), -1);
	assert_int_equal(conf.count, 0);
}

static void load_reports_missing_file(void **state)
{
	struct kvconf conf;
	char err[128];

	assert_int_equal(kvconf_load(&conf, "/nonexistent/board.conf", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/board.conf: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_keys_quotes_and_comments),
		cmocka_unit_test(names_the_bad_line),
		cmocka_unit_test(load_reports_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
