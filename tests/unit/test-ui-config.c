/* test-ui-config.c - the menu's config keys, and when the plain menu is chosen over ncurses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/kvconf.h"
#include "crypto/passphrase-hash.h"
#include "ui/ui-config.h"

static int apply(struct ui_config *cfg, const char *text, char *err, size_t errlen)
{
	struct kvconf conf;
	int ret;

	assert_int_equal(kvconf_parse(&conf, text, "board.conf", err, errlen), 0);
	ret = ui_config_apply(cfg, &conf, "board.conf", err, errlen);
	kvconf_free(&conf);
	return ret;
}

static void reads_the_menu_keys(void **state)
{
	struct ui_config cfg;
	char err[256];

	ui_config_init(&cfg);
	assert_int_equal(cfg.timeout, UI_TIMEOUT_NONE);
	assert_int_equal(apply(&cfg, "board = x230\nui = plain\nheadless = yes\ntimeout = 7\n"
			       "theme = high-contrast\nboot_dirs = \"/mnt/a  /mnt/b\"\n",
			       err, sizeof(err)), 0);
	assert_int_equal(cfg.mode, UI_MODE_PLAIN);
	assert_true(cfg.headless);
	assert_int_equal(cfg.timeout, 7);
	assert_string_equal(cfg.theme, "high-contrast");
	assert_int_equal(cfg.boot_dirs.n, 2);
	assert_string_equal(cfg.boot_dirs.v[1], "/mnt/b");
	ui_config_free(&cfg);
}

static void bad_values_name_the_key(void **state)
{
	struct ui_config cfg;
	char err[256];

	ui_config_init(&cfg);
	assert_int_equal(apply(&cfg, "ui = fancy\n", err, sizeof(err)), -1);
	assert_string_equal(err, "board.conf: key 'ui': 'fancy' is not plain, ncurses or auto");
	assert_int_equal(apply(&cfg, "timeout = soon\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "key 'timeout': 'soon'"));
	assert_int_equal(apply(&cfg, "headless = maybe\n", err, sizeof(err)), -1);
	ui_config_free(&cfg);
}

#define SALT "000102030405060708090a0b0c0d0e0f"
#define HASH "25b376840366f4d3b0e21e414476676e3cd0e89af4430356a234ce0b65a021b5"

static void recovery_passphrase_is_checked_at_load(void **state)
{
	struct ui_config cfg;
	char err[256];

	ui_config_init(&cfg);
	assert_int_equal(apply(&cfg, "recovery_passphrase = \"$vigil-scrypt$N=16384,r=8,p=1$" SALT
			       "$" HASH "\"\n", err, sizeof(err)), 0);
	assert_non_null(cfg.recovery_passphrase);
	assert_int_equal(cfg.recovery_passphrase->n, 16384);
	assert_int_equal(cfg.recovery_passphrase->p, 1);
	/* The setting, then what is wrong with it. */
	assert_int_equal(apply(&cfg, "recovery_passphrase = abc\n", err, sizeof(err)), -1);
	assert_string_equal(err, "board.conf: key 'recovery_passphrase': it does not start with "
			    "$vigil-scrypt$");
	assert_int_equal(apply(&cfg, "recovery_passphrase = \"$vigil-scrypt$N=1000,r=8,p=1$" SALT
			       "$" HASH "\"\n", err, sizeof(err)), -1);
	assert_string_equal(err, "board.conf: key 'recovery_passphrase': N=1000 is not a power of "
			    "two from N=16384 to N=262144");
	assert_int_equal(apply(&cfg, "recovery_passphrase = \"$vigil-scrypt$N=16384,r=8,p=1$" SALT
			       "$" HASH "0\"\n", err, sizeof(err)), -1);
	assert_string_equal(err, "board.conf: key 'recovery_passphrase': the hash is not 64 "
			    "lower-case hex digits");
	/* The old unsalted SHA-256 key is gone: nothing reads it. */
	assert_int_equal(apply(&cfg, "recovery_passphrase_sha256 = " HASH "\n", err, sizeof(err)), 0);
	assert_int_equal(cfg.recovery_passphrase->n, 16384);
	ui_config_free(&cfg);
	assert_null(cfg.recovery_passphrase);
}

static void timeouts_and_booleans(void **state)
{
	assert_int_equal(ui_parse_timeout("0"), 0);
	assert_int_equal(ui_parse_timeout("-1"), UI_TIMEOUT_NONE);
	assert_int_equal(ui_parse_timeout("none"), UI_TIMEOUT_NONE);
	assert_int_equal(ui_parse_timeout("5s"), -2);
	assert_int_equal(ui_parse_timeout("-2"), -2);
	assert_int_equal(ui_parse_timeout("99999"), -2);
	assert_int_equal(ui_parse_bool("on"), 1);
	assert_int_equal(ui_parse_bool("0"), 0);
	assert_int_equal(ui_parse_bool("Yes"), -1);
}

static void missing_board_config_is_fine_but_named_config_is_not(void **state)
{
	struct ui_config cfg;
	char err[256];

	ui_config_init(&cfg);
	assert_int_equal(ui_config_load(&cfg, "/nonexistent/board.conf", false, err, sizeof(err)), 0);
	assert_int_equal(ui_config_load(&cfg, "/nonexistent/board.conf", true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/board.conf"));
	ui_config_free(&cfg);
}

static void plain_for_dumb_terminals(void **state)
{
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "linux", true, true), UI_MODE_NCURSES);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "vt100", true, true), UI_MODE_NCURSES);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "dumb", true, true), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "unknown", true, true), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, NULL, false, true), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "xterm-foo", false, true), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_AUTO, "xterm", true, false), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_PLAIN, "xterm", true, true), UI_MODE_PLAIN);
	assert_int_equal(ui_choose_mode(UI_MODE_NCURSES, "dumb", true, true), UI_MODE_NCURSES);
}

static void unreadable_settings_fail_closed(void **state)
{
	char dir[] = "/tmp/vigil-keys-XXXXXX", notice[256] = "settings not used: x";
	struct ui_config cfg;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* No keys anywhere: nothing to protect, nothing changes. */
	ui_config_init(&cfg);
	ui_config_fail_closed(&cfg, "/nonexistent/rom", "/nonexistent/default", notice,
			      sizeof(notice));
	assert_null(cfg.keyring);
	assert_false(cfg.restricted);
	assert_string_equal(notice, "settings not used: x");
	/* Keys from the ROM: verify against them, and restrict. */
	ui_config_fail_closed(&cfg, dir, "/nonexistent/default", notice, sizeof(notice));
	assert_string_equal(cfg.keyring, dir);
	assert_true(cfg.restricted);
	assert_non_null(strstr(notice, "keys exist"));
	ui_config_free(&cfg);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_menu_keys),
		cmocka_unit_test(bad_values_name_the_key),
		cmocka_unit_test(recovery_passphrase_is_checked_at_load),
		cmocka_unit_test(timeouts_and_booleans),
		cmocka_unit_test(missing_board_config_is_fine_but_named_config_is_not),
		cmocka_unit_test(plain_for_dumb_terminals),
		cmocka_unit_test(unreadable_settings_fail_closed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
