/*
 * test-boot-syslinux.c - syslinux configs: labels, APPEND/INITRD, INCLUDE, CONFIG, DEFAULT,
 * mboot.c32, and where each loader finds its config. The expectations pin syslinux's
 * documentation (syslinux.cfg(5), syslinux.txt, syslinux-cli(1)) and, where it is
 * silent, what syslinux 6's ldlinux does (readconfig.c, execute.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-tree.h"
#include "boot/parser.h"
#include "boot/syslinux.h"

static struct boot_entry_list run(const char *root, const char *path, const char *cfg)
{
	struct boot_partition part = { .root = root ? root : "/nonexistent" };
	struct boot_entry_list l = { 0 };

	syslinux_collect_text(&l, &part, path, cfg);
	return l;
}

static const struct boot_entry *only_entry(const struct boot_entry_list *l)
{
	assert_int_equal(l->count, 1);
	return l->items[0];
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

/* The first warning containing what, or NULL. */
static const char *warning_with(const struct boot_entry_list *l, const char *what)
{
	size_t i;

	for (i = 0; i < l->warnings.n; i++)
		if (strstr(l->warnings.v[i], what))
			return l->warnings.v[i];
	return NULL;
}

/*
 * "CONFIG image: the configuration file is read, the working directory is
 * changed (if specified via an APPEND), then the configuration file is
 * parsed" - or given after the file name on the CONFIG line itself, which
 * ldlinux reads the same way. Without one the working directory stays.
 */
static void config_switches_file_and_directory(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "other/other.cfg",
		   "DEFAULT o\nLABEL o\n KERNEL vmlinuz-o\n INITRD initrd-o\n");
	tree_write(root, "cfg/sub.cfg", "LABEL s\n KERNEL k-s\n");
	tree_write(root, "third/third.cfg", "LABEL t\n MENU LABEL Third\n LINUX ../k-t\n");
	l = run(root, "/isolinux/isolinux.cfg",
		"UI menu.c32\nAPPEND global=1\n"
		"LABEL main\n MENU LABEL Main\n KERNEL vmlinuz\n"
		"LABEL other\n MENU LABEL ^Other media\n CONFIG /other/other.cfg /other\n"
		"LABEL same-dir\n CONFIG ../cfg/sub.cfg\n"
		"LABEL via-append\n CONFIG /third/third.cfg\n APPEND /third\n");
	assert_int_equal(l.warnings.n, 0);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0]->name, "Main");
	assert_string_equal(l.items[0]->cmdline, "global=1");
	assert_true(l.items[0]->is_default);	/* under a menu UI: the first label */
	/* a submenu named after the label; the new directory is the base for relative names */
	assert_string_equal(l.items[1]->name, "Other media>o");
	assert_string_equal(l.items[1]->kernel, "/other/vmlinuz-o");
	assert_string_equal(l.items[1]->initrd.v[0], "/other/initrd-o");
	assert_string_equal(l.items[1]->file, "/other/other.cfg");
	/* syslinux restarts: the old config's global APPEND is gone */
	assert_string_equal(l.items[1]->cmdline, "");
	assert_false(l.items[1]->is_default);
	/* no directory given: relative names still resolve in /isolinux */
	assert_string_equal(l.items[2]->name, "same-dir>s");
	assert_string_equal(l.items[2]->kernel, "/isolinux/k-s");
	assert_string_equal(l.items[2]->file, "/cfg/sub.cfg");
	assert_string_equal(l.items[3]->name, "via-append>Third");
	assert_string_equal(l.items[3]->kernel, "/k-t");
	boot_list_free(&l);
	tree_remove(root);
}

/*
 * What Rufus and UNetbootin write on a FAT stick made from an isolinux ISO:
 * without a menu UI, DEFAULT boots the CONFIG label at once, so its entries
 * stand in its place (no submenu) and its default is the default.
 */
static void default_config_label_switches_at_once(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "isolinux/isolinux.cfg",
		   "UI vesamenu.c32\nINCLUDE live.cfg\n");
	tree_write(root, "isolinux/live.cfg",
		   "LABEL live\n MENU LABEL Live\n LINUX /live/vmlinuz\n INITRD /live/initrd.img\n"
		   "LABEL failsafe\n MENU LABEL Live (fail-safe)\n MENU DEFAULT\n KERNEL /live/vmlinuz\n"
		   " APPEND initrd=/live/initrd.img nomodeset\n");
	l = run(root, "/syslinux.cfg",
		"DEFAULT loadconfig\n\nLABEL loadconfig\n  CONFIG /isolinux/isolinux.cfg\n"
		"  APPEND /isolinux/\n");
	assert_int_equal(l.warnings.n, 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0]->name, "Live");
	assert_string_equal(l.items[0]->file, "/isolinux/live.cfg");
	assert_false(l.items[0]->is_default);
	assert_string_equal(l.items[1]->name, "Live (fail-safe)");
	assert_string_equal(l.items[1]->cmdline, "nomodeset");
	assert_true(l.items[1]->is_default);	/* MENU DEFAULT of the CONFIG'd menu */
	boot_list_free(&l);
	tree_remove(root);
}

static void config_loops_end_with_a_warning(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/syslinux/a.cfg", "LABEL back\n CONFIG syslinux.cfg\n"
		   "LABEL k\n KERNEL /k\n");
	tree_write(root, "boot/syslinux/syslinux.cfg", "LABEL a\n CONFIG a.cfg\n");
	l = run(root, "/boot/syslinux/syslinux.cfg",
		"UI menu.c32\nLABEL a\n CONFIG a.cfg\nLABEL self\n CONFIG /boot/syslinux/syslinux.cfg\n");
	/* a.cfg once; its way back to the top config, and the top's own, are loops */
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->name, "a>k");
	assert_int_equal(l.warnings.n, 2);
	assert_non_null(strstr(l.warnings.v[0], "/boot/syslinux/a.cfg:2: CONFIG "
					     "/boot/syslinux/syslinux.cfg: a loop"));
	assert_non_null(strstr(l.warnings.v[1], "/boot/syslinux/syslinux.cfg:5: CONFIG "
					     "/boot/syslinux/syslinux.cfg: a loop"));
	boot_list_free(&l);
	tree_remove(root);
}

static void include_loops_and_missing_config_warn(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "extlinux/menu.cfg", "LABEL m\n KERNEL /m\nINCLUDE menu.cfg\n");
	l = run(root, "/extlinux/extlinux.conf",
		"CONFIG /top-level.cfg\nINCLUDE menu.cfg\nLABEL gone\n CONFIG /nowhere.cfg\n");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->name, "m");
	assert_non_null(warning_with(&l, "/extlinux/menu.cfg:3: INCLUDE /extlinux/menu.cfg: a loop"));
	assert_non_null(warning_with(&l, "/extlinux/extlinux.conf:4: cannot read CONFIG file "
					 "/nowhere.cfg"));
	/* syslinux reads kernel-like directives only in a LABEL */
	assert_non_null(warning_with(&l, "/extlinux/extlinux.conf:1: CONFIG outside a LABEL"));
	boot_list_free(&l);
	tree_remove(root);
}

/*
 * "Only the last effective initrd= parameter is used"; INITRD "functionally
 * appends initrd=initrd_file" after APPEND, so it wins over APPEND's; of
 * several INITRD lines the last counts. The words leave the command line.
 */
static void last_initrd_wins(void **state)
{
	struct boot_entry_list l = run(NULL, "/boot/extlinux/extlinux.conf",
		"LABEL a\n KERNEL k initrd=x\n APPEND initrd=b,c quiet\n"
		"LABEL b\n KERNEL k\n APPEND initrd=b quiet\n INITRD one\n INITRD two,three\n"
		"LABEL c\n KERNEL k\n INITRD /i\n APPEND -\n");

	assert_int_equal(l.count, 3);
	assert_int_equal(l.items[0]->initrd.n, 2);
	assert_string_equal(l.items[0]->initrd.v[0], "/boot/extlinux/b");
	assert_string_equal(l.items[0]->initrd.v[1], "/boot/extlinux/c");
	assert_string_equal(l.items[0]->cmdline, "quiet");
	assert_int_equal(l.items[1]->initrd.n, 2);
	assert_string_equal(l.items[1]->initrd.v[0], "/boot/extlinux/two");
	assert_string_equal(l.items[1]->initrd.v[1], "/boot/extlinux/three");
	assert_string_equal(l.items[1]->cmdline, "quiet");
	assert_string_equal(l.items[2]->initrd.v[0], "/i");
	assert_string_equal(l.items[2]->cmdline, "");
	boot_list_free(&l);
}

/* PATH lists where COM32 modules are looked for: kernels still resolve in the working directory. */
static void path_directive_is_for_modules(void **state)
{
	struct boot_entry_list l = run(NULL, "/syslinux/syslinux.cfg",
		"PATH /boot/syslinux/modules:/lib\nLABEL k\n KERNEL vmlinuz\n");

	assert_string_equal(only_entry(&l)->kernel, "/syslinux/vmlinuz");
	boot_list_free(&l);
}

/* The config files of a partition vigil lists, with their source file. */
static void scan(const char *root, const char *fstype, struct boot_entry_list *l)
{
	struct boot_partition part = { .root = root, .fstype = fstype };

	memset(l, 0, sizeof(*l));
	boot_scan_partition(l, &part, 1, 0);
}

static void write_cfg(const char *root, const char *path)
{
	char *text = malloc(strlen(path) + 32);

	sprintf(text, "LABEL x\n KERNEL %s.k\n", path);
	tree_write(root, path, text);
	free(text);
}

/*
 * Each loader reads the first config of its search order: ISOLINUX (4.02+)
 * isolinux.cfg then syslinux.cfg in /boot/isolinux, /isolinux, /boot/syslinux,
 * /syslinux, /; EXTLINUX/SYSLINUX (4.00+) extlinux.conf then syslinux.cfg in
 * its install directory (/boot/extlinux or /extlinux as installers put it),
 * /boot/syslinux, /syslinux, /. The working directory is the config's.
 */
static void loaders_search_their_directories(void **state)
{
	char *iso = tree_new(), *ext = tree_new(), *fat = tree_new();
	struct boot_entry_list l;

	write_cfg(iso, "boot/isolinux/isolinux.cfg");
	write_cfg(iso, "isolinux/isolinux.cfg");
	write_cfg(iso, "syslinux/syslinux.cfg");
	scan(iso, "iso9660", &l);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->file, "/boot/isolinux/isolinux.cfg");
	assert_string_equal(l.items[0]->kernel, "/boot/isolinux/boot/isolinux/isolinux.cfg.k");
	boot_list_free(&l);
	/* an ext4 partition with the same files: EXTLINUX never reads isolinux.cfg */
	scan(iso, "ext4", &l);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->file, "/syslinux/syslinux.cfg");
	boot_list_free(&l);

	write_cfg(ext, "extlinux/syslinux.cfg");
	write_cfg(ext, "extlinux/extlinux.conf");
	write_cfg(ext, "syslinux.cfg");
	scan(ext, "ext4", &l);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->file, "/extlinux/extlinux.conf");
	boot_list_free(&l);
	write_cfg(ext, "boot/extlinux/extlinux.conf");
	scan(ext, "ext4", &l);
	assert_string_equal(l.items[0]->file, "/boot/extlinux/extlinux.conf");
	boot_list_free(&l);

	/* a FAT stick with only an ISO's isolinux directory copied over: nothing reads it */
	write_cfg(fat, "isolinux/isolinux.cfg");
	scan(fat, "vfat", &l);
	assert_int_equal(l.count, 0);
	boot_list_free(&l);
	/* "vigil entries DIR" does not know the file system: both loaders are tried */
	write_cfg(fat, "syslinux.cfg");
	scan(fat, NULL, &l);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0]->file, "/syslinux.cfg");
	assert_string_equal(l.items[1]->file, "/isolinux/isolinux.cfg");
	boot_list_free(&l);
	tree_remove(iso);
	tree_remove(ext);
	tree_remove(fat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(labels_append_and_initrd),
		cmocka_unit_test(include_is_relative_to_the_config_dir),
		cmocka_unit_test(mboot_c32_is_xen),
		cmocka_unit_test(default_command_line_and_ontimeout),
		cmocka_unit_test(menu_begin_names_submenus),
		cmocka_unit_test(config_switches_file_and_directory),
		cmocka_unit_test(default_config_label_switches_at_once),
		cmocka_unit_test(config_loops_end_with_a_warning),
		cmocka_unit_test(include_loops_and_missing_config_warn),
		cmocka_unit_test(last_initrd_wins),
		cmocka_unit_test(path_directive_is_for_modules),
		cmocka_unit_test(loaders_search_their_directories),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
