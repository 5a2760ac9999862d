/* test-boot-real.c - exact JSON for configs that Debian's grub-mkconfig and live-build generated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "boot/json.h"
#include "boot/parser.h"
#include "common/fileio.h"
#include "common/xmalloc.h"

static void check_tree(const char *name)
{
	char *root = xasprintf("%s/real/%s", BOOT_TEST_DATA, name);
	char *want_path = xasprintf("%s/real/%s.json", BOOT_TEST_DATA, name);
	struct boot_partition part = { .root = root };
	struct boot_entry_list l = { 0 };
	struct strbuf sb = { 0 };
	size_t len;
	char *want = file_read_all(want_path, &len, 1 << 20);

	assert_non_null(want);
	boot_scan_partition(&l, &part, 1, 0);
	json_put_entries(&sb, &l);
	assert_string_equal(sb.s, want);
	assert_int_equal(l.warnings.n, 0);
	sb_free(&sb);
	boot_list_free(&l);
	free(want);
	free(want_path);
	free(root);
}

static void debian_plain(void **state)
{
	check_tree("debian-plain");
}

static void debian_xen_separate_boot(void **state)
{
	check_tree("debian-xen-boot");
}

static void live_build_isolinux(void **state)
{
	check_tree("live-iso");
}

static void live_build_grub_and_isolinux(void **state)
{
	check_tree("live-usb");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian_plain),
		cmocka_unit_test(debian_xen_separate_boot),
		cmocka_unit_test(live_build_isolinux),
		cmocka_unit_test(live_build_grub_and_isolinux),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
