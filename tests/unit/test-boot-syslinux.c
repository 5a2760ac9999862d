/* test-boot-syslinux.c - syslinux configs: labels, APPEND/INITRD, INCLUDE, DEFAULT, mboot.c32. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "boot-tree.h"
#include "boot/syslinux.h"

static struct boot_entry_list run(const char *root, const char *path, const char *cfg)
{
	struct boot_partition part = { .root = root ? root : "/nonexistent" };
	struct boot_entry_list l = { 0 };

	syslinux_collect_text(&l, &part, path, cfg);
	return l;
}

static void labels_append_and_initrd(void **state)
{
	struct boot_entry_list l = run(NULL, "/boot/extlinux/extlinux.conf",
		"# comment\nAPPEND global=1\nDEFAULT two\n"
		"LABEL one\n  MENU LABEL ^First one\n  KERNEL vmlinuz quiet\n  INITRD a.img,/b.img\n"
		"label two\n  linux /vmlinuz-2\n  append root=/dev/sda1 initrd=/i1,i2 ro\n"
		"Label three\n  kernel ../vmlinuz-3\n  APPEND -\n");

	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0]->name, "First one");
	assert_string_equal(l.items[0]->id, "one");
	assert_string_equal(l.items[0]->kernel, "/boot/extlinux/vmlinuz");
	assert_string_equal(l.items[0]->cmdline, "quiet global=1");
	assert_int_equal(l.items[0]->initrd.n, 2);
	assert_string_equal(l.items[0]->initrd.v[0], "/boot/extlinux/a.img");
	assert_string_equal(l.items[0]->initrd.v[1], "/b.img");
	assert_string_equal(l.items[1]->cmdline, "root=/dev/sda1 ro");
	assert_string_equal(l.items[1]->initrd.v[1], "/boot/extlinux/i2");
	assert_true(l.items[1]->is_default);
	assert_string_equal(l.items[2]->kernel, "/boot/vmlinuz-3");
	assert_string_equal(l.items[2]->cmdline, "");	/* "APPEND -": not even the global one */
	boot_list_free(&l);
}

static void include_is_relative_to_the_config_dir(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "isolinux/menu.cfg", "include sub/live.cfg\n");
	tree_write(root, "isolinux/sub/live.cfg", "label live\n linux /live/vmlinuz\n menu default\n");
	l = run(root, "/isolinux/isolinux.cfg", "UI vesamenu.c32\nINCLUDE menu.cfg\nINCLUDE missing.cfg\n");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->file, "/isolinux/sub/live.cfg");
	assert_true(l.items[0]->is_default);
	assert_int_equal(l.warnings.n, 1);
	assert_non_null(strstr(l.warnings.v[0], "/isolinux/isolinux.cfg:3"));
	boot_list_free(&l);
	tree_remove(root);
}

static void mboot_c32_is_xen(void **state)
{
	struct boot_entry_list l = run(NULL, "/syslinux.cfg",
		"LABEL xen\n KERNEL mboot.c32\n"
		" APPEND xen.gz dom0_mem=1G --- vmlinuz root=/dev/sda1 ro --- initrd.img\n"
		"LABEL menu\n KERNEL menu.c32\nLABEL hdt\n COM32 hdt.c32\nLABEL local\n LOCALBOOT 0\n");

	assert_int_equal(l.count, 1);
	assert_int_equal(l.items[0]->kind, BOOT_KIND_XEN);
	assert_string_equal(l.items[0]->kernel, "/xen.gz");
	assert_string_equal(l.items[0]->cmdline, "dom0_mem=1G");
	assert_int_equal(l.items[0]->n_modules, 2);
	assert_string_equal(l.items[0]->modules[0].path, "/vmlinuz");
	assert_string_equal(l.items[0]->modules[0].cmdline, "root=/dev/sda1 ro");
	assert_string_equal(l.items[0]->modules[1].path, "/initrd.img");
	boot_list_free(&l);
}

static void default_command_line_and_ontimeout(void **state)
{
	struct boot_entry_list l = run(NULL, "/extlinux.conf",
		"DEFAULT vmlinuz-rescue root=/dev/sdb1 initrd=r.img\n"
		"LABEL a\n KERNEL /a\n");

	assert_int_equal(l.count, 2);
	assert_false(l.items[0]->is_default);
	assert_string_equal(l.items[1]->kernel, "/vmlinuz-rescue");
	assert_string_equal(l.items[1]->cmdline, "root=/dev/sdb1");
	assert_string_equal(l.items[1]->initrd.v[0], "/r.img");
	assert_string_equal(l.items[1]->file, "/extlinux.conf");
	assert_true(l.items[1]->is_default);
	boot_list_free(&l);

	l = run(NULL, "/extlinux.conf",
		"ui menu.c32\ndefault a\nontimeout b\nlabel a\n kernel /a\nlabel b\n kernel /b\n");
	assert_true(l.items[1]->is_default);
	boot_list_free(&l);
}

static void menu_begin_names_submenus(void **state)
{
	struct boot_entry_list l = run(NULL, "/syslinux.cfg",
		"MENU BEGIN adv\n MENU LABEL ^Advanced\n MENU TITLE Advanced options\n"
		" LABEL r\n  MENU LABEL Rescue\n  LINUX /vmlinuz\nMENU END\n"
		"TEXT HELP\nlabel fake\n kernel /fake\nENDTEXT\n");

	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->name, "Advanced>Rescue");
	boot_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_append_and_initrd),
		cmocka_unit_test(include_is_relative_to_the_config_dir),
		cmocka_unit_test(mboot_c32_is_xen),
		cmocka_unit_test(default_command_line_and_ontimeout),
		cmocka_unit_test(menu_begin_names_submenus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
