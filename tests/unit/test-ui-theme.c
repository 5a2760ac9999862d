/* test-ui-theme.c - theme files: colours per role, errors naming file and line, default fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/integrity.h"
#include "ui/theme.h"

static void default_theme_file_matches_builtin(void **state)
{
	struct theme builtin, fromfile;
	char err[256];

	theme_default(&builtin);
	assert_int_equal(theme_load(&fromfile, THEMES_SRCDIR "/default.theme", NULL, err,
				    sizeof(err)), 0);
	assert_memory_equal(&builtin, &fromfile, sizeof(builtin));
	assert_int_equal(theme_load(&fromfile, "high-contrast", THEMES_SRCDIR, err, sizeof(err)), 0);
	assert_int_equal(fromfile.role[ROLE_TAMPERED].bg, 1);
	assert_true(fromfile.role[ROLE_TAMPERED].attrs & THEME_UNDERLINE);
}

static void parses_colours_and_attributes(void **state)
{
	struct theme t;
	char err[256];
	const char *text = "# mine\nheader.verified = green/black\n"
			   "menu.selected = default/white bold reverse\n";

	assert_int_equal(theme_parse(&t, text, "mine.theme", err, sizeof(err)), 0);
	assert_int_equal(t.role[ROLE_VERIFIED].fg, 2);
	assert_int_equal(t.role[ROLE_VERIFIED].bg, 0);
	assert_int_equal(t.role[ROLE_VERIFIED].attrs, 0);
	assert_int_equal(t.role[ROLE_SELECTED].fg, THEME_COLOUR_DEFAULT);
	assert_int_equal(t.role[ROLE_SELECTED].bg, 7);
	assert_int_equal(t.role[ROLE_SELECTED].attrs, THEME_BOLD | THEME_REVERSE);
	/* Keys not given keep the default. */
	struct theme d;
	theme_default(&d);
	assert_memory_equal(&t.role[ROLE_HELP], &d.role[ROLE_HELP], sizeof(d.role[0]));
}

static void errors_name_file_and_line_and_fall_back(void **state)
{
	struct theme t, d;
	char err[256];

	theme_default(&d);
	assert_int_equal(theme_parse(&t, "title = white/blue\n\nheader.unknown = grene/black\n",
				     "x.theme", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "x.theme:3: unknown colour 'grene'"));
	assert_memory_equal(&t, &d, sizeof(d));
	assert_int_equal(theme_parse(&t, "title = white/blue\nbanner = red/black\n", "x.theme",
				     err, sizeof(err)), -1);
	assert_string_equal(err, "x.theme:2: unknown key 'banner'");
	assert_int_equal(theme_parse(&t, "title = white\n", "x.theme", err, sizeof(err)), -1);
	assert_string_equal(err, "x.theme:1: 'white' is not fg/bg");
	assert_int_equal(theme_parse(&t, "help = white/blue blink\n", "x.theme", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "x.theme:1: unknown attribute 'blink'"));
	assert_int_equal(theme_parse(&t, "help white/blue\n", "x.theme", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "x.theme:1:"));
}

static void missing_theme_falls_back_to_default(void **state)
{
	struct theme t, d;
	char err[256];

	theme_default(&d);
	assert_int_equal(theme_load(&t, "nosuch", "/nonexistent", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/nosuch.theme"));
	assert_non_null(strstr(err, "default theme"));
	assert_memory_equal(&t, &d, sizeof(d));
	assert_int_equal(theme_load(&t, NULL, "/nonexistent", err, sizeof(err)), 0);
}

static void states_map_to_roles(void **state)
{
	assert_int_equal(theme_role_for_state(INTEGRITY_VERIFIED), ROLE_VERIFIED);
	assert_int_equal(theme_role_for_state(INTEGRITY_UNKNOWN), ROLE_UNKNOWN);
	assert_int_equal(theme_role_for_state(INTEGRITY_TAMPERED), ROLE_TAMPERED);
	assert_string_equal(theme_role_key(ROLE_TAMPERED), "header.tampered");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_theme_file_matches_builtin),
		cmocka_unit_test(parses_colours_and_attributes),
		cmocka_unit_test(errors_name_file_and_line_and_fall_back),
		cmocka_unit_test(missing_theme_falls_back_to_default),
		cmocka_unit_test(states_map_to_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
