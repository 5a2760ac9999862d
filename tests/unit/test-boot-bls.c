/* test-boot-bls.c - BLS entries and systemd-boot's order, grubenv blocks, JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "boot-tree.h"
#include "boot/bls.h"
#include "boot/grubenv.h"
#include "boot/json.h"

static void version_compare_like_systemd(void **state)
{
	assert_true(bls_version_cmp("6.10.0", "6.9.0") > 0);
	assert_true(bls_version_cmp("123-9", "123.1-1") < 0);	/* "-" ends the version */
	assert_true(bls_version_cmp("6.1.0-rc1", "6.1.0") > 0);	/* longer is newer */
	assert_true(bls_version_cmp("1.0~rc1", "1.0") < 0);
	assert_true(bls_version_cmp("1.0^fix", "1.0") > 0);
	assert_true(bls_version_cmp("123a", "123.a") > 0);	/* no prefix is newest */
	assert_true(bls_version_cmp("007", "7") == 0);
	assert_true(bls_version_cmp("abc", "abcd") < 0);
	assert_true(bls_version_cmp("1", "a") > 0);	/* numbers are newer than letters */
	assert_true(bls_version_cmp(NULL, "1") < 0);
}

static void parses_keys_and_joins_options(void **state)
{
	struct bls_entry e;

	bls_parse(&e, "# c\ntitle  Fedora Linux  \nversion 6.5\nlinux /vmlinuz\ninitrd /a\ninitrd /b\n"
		      "options root=x\noptions  quiet\nsort-key fedora\nmachine-id m1\n",
		  "m1-6.5+2-1.conf", "/loader/entries/m1-6.5+2-1.conf");
	assert_string_equal(e.id, "m1-6.5.conf");	/* boot counter removed */
	assert_int_equal(e.tries_left, 2);
	assert_int_equal(e.tries_done, 1);
	assert_string_equal(e.title, "Fedora Linux");
	assert_string_equal(e.options, "root=x quiet");
	assert_int_equal(e.initrd.n, 2);
	assert_string_equal(e.sort_key, "fedora");
	bls_entry_free(&e);
}

static void sorted_as_systemd_boot(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l = { 0 };
	struct boot_partition part = { .root = root };

	tree_write(root, "loader/entries/z-old.conf", "title no key\nlinux /z\n");
	tree_write(root, "loader/entries/b-6.1.conf", "title B 6.1\nsort-key b\nversion 6.1\nlinux /b61\n");
	tree_write(root, "loader/entries/b-6.10.conf", "title B 6.10\nsort-key b\nversion 6.10\nlinux /b610\n");
	tree_write(root, "loader/entries/a.conf", "title A\nsort-key a\nmachine-id 2\nversion 1\nlinux /a\n");
	tree_write(root, "loader/entries/a2.conf", "title A2\nsort-key a\nmachine-id 1\nversion 1\nlinux /a2\n");
	tree_write(root, "loader/entries/spent+0-3.conf", "title spent\nsort-key 0\nlinux /s\n");
	tree_write(root, "loader/entries/y-new.conf", "title no key 2\nlinux /y\n");
	tree_write(root, "loader/entries/nolinux.conf", "title broken\n");
	tree_write(root, "loader/loader.conf", "timeout 3\ndefault b-6.1*\n");
	bls_collect(&l, &part, "/loader/entries", "/loader/loader.conf");
	assert_int_equal(l.count, 7);
	assert_string_equal(l.items[0]->name, "A2");
	assert_string_equal(l.items[1]->name, "A");
	assert_string_equal(l.items[2]->name, "B 6.10");
	assert_string_equal(l.items[3]->name, "B 6.1");
	assert_string_equal(l.items[4]->name, "no key");	/* then by id, newest first */
	assert_string_equal(l.items[5]->name, "no key 2");
	assert_string_equal(l.items[6]->name, "spent");	/* no tries left */
	/* loader.conf's glob picks the first match in that order */
	assert_true(l.items[2]->is_default);
	assert_false(l.items[3]->is_default);
	assert_int_equal(l.warnings.n, 1);
	boot_list_free(&l);
	tree_remove(root);
}

static void grubenv_as_load_env_reads_it(void **state)
{
	static const char block[] = "# GRUB Environment Block\nsaved_entry=A>B\nx=back\\\\slash\n"
				    "nl=one\\\ntwo\n#######\ncut=no newline";
	struct grubenv env;
	char err[128];

	assert_int_equal(grubenv_parse(&env, block, sizeof(block) - 1, err, sizeof(err)), 0);
	assert_string_equal(grubenv_get(&env, "saved_entry"), "A>B");
	assert_string_equal(grubenv_get(&env, "x"), "back\\slash");
	assert_string_equal(grubenv_get(&env, "nl"), "one\ntwo");
	assert_null(grubenv_get(&env, "cut"));
	grubenv_free(&env);
	assert_int_equal(grubenv_parse(&env, "saved_entry=1\n", 14, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a GRUB environment block"));
}

static void json_escapes_strings(void **state)
{
	struct strbuf sb = { 0 };

	json_put_string(&sb, "a\"b\\c\n\x01\x7f\xc3\xa9\xff\xc0\x80\xed\xa0\x80");
	assert_string_equal(sb.s, "\"a\\\"b\\\\c\\u000a\\u0001\\u007f\xc3\xa9\\ufffd\\ufffd\\ufffd"
				  "\\ufffd\\ufffd\\ufffd\"");
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_compare_like_systemd),
		cmocka_unit_test(parses_keys_and_joins_options),
		cmocka_unit_test(sorted_as_systemd_boot),
		cmocka_unit_test(grubenv_as_load_env_reads_it),
		cmocka_unit_test(json_escapes_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
