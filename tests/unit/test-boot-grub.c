/* test-boot-grub.c - the GRUB interpreter pins GRUB's semantics: quoting, scoping, menus, defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "boot-tree.h"
#include "boot/grub/grub.h"

/* Run cfg as /boot/grub/grub.cfg of a partition rooted at root (may be NULL). */
static struct boot_entry_list run(const char *root, const char *cfg)
{
	struct boot_partition part = { .root = root ? root : "/nonexistent" };
	struct boot_entry_list l = { 0 };

	grub_collect_text(&l, &part, 1, 0, "/boot/grub/grub.cfg", cfg, strlen(cfg));
	return l;
}

static const struct boot_entry *only(const struct boot_entry_list *l)
{
	assert_int_equal(l->count, 1);
	return l->items[0];
}

static int default_index(const struct boot_entry_list *l)
{
	size_t i;
	int found = -1;

	for (i = 0; i < l->count; i++) {
		if (l->items[i]->is_default) {
			assert_int_equal(found, -1);	/* one default at most */
			found = (int)i;
		}
	}
	return found;
}

static void quoting_and_word_splitting(void **state)
{
	struct boot_entry_list l = run(NULL,
		"set opts='a  b'\n"
		"set dq=\"x $opts \\$y \\\"q\\\" \\n\"  # comment\n"
		"menuentry \"T\" { linux /k $opts \"$opts\" '$opts' $dq \"\" $unset a\\ b }\n");
	const struct boot_entry *e = only(&l);

	/* unquoted $opts splits; quoted stays one word (GRUB quotes words with spaces) */
	assert_string_equal(e->cmdline,
			    "a b \"a  b\" $opts x a b $y \\\"q\\\" \\\\n  \"a b\"");
	boot_list_free(&l);
}

static void comments_and_line_continuation(void **state)
{
	struct boot_entry_list l = run(NULL,
		"# menuentry 'no' { linux /no }\n"
		"menuentry 'yes' { linux /k one \\\n two #three\n}\n");

	assert_string_equal(only(&l)->cmdline, "one two");
	assert_string_equal(l.items[0]->name, "yes");
	boot_list_free(&l);
}

static void conditionals(void **state)
{
	struct boot_entry_list l = run(NULL,
		"set a=1\n"
		"if [ \"$a\" = 1 -a -n \"$a\" ]; then c1=yes; else c1=no; fi\n"
		"if [ x$b = x ]; then c2=empty; fi\n"
		"if [ 3 -lt 10 ] ; then c3=lt; fi\n"
		"if [ ! -z x -o 1 = 2 ]; then c4=or; fi\n"
		"if false; then c5=a; elif true; then c5=b; else c5=c; fi\n"
		"if [ \"$grub_platform\" = pc -o \"$grub_platform\" = \"\" ]; then c6=pc; else c6=other; fi\n"
		"menuentry t { linux /k $c1 $c2 $c3 $c4 $c5 $c6 }\n");

	assert_string_equal(only(&l)->cmdline, "yes empty lt or b other");
	boot_list_free(&l);
}

static void functions_scoping_and_positional(void **state)
{
	struct boot_entry_list l = run(NULL,
		"function f { set g=\"$1:$2:$#\"; shift; h=\"$*\"; return 3; }\n"
		"f one two three\n"
		"st=$?\n"
		"menuentry t extra1 extra2 { linux /k $g $h $st $1 $2 $# }\n");

	/* set in a function sets the global; menuentry's extra args are $1.. */
	assert_string_equal(only(&l)->cmdline, "one:two:3 two three 3 extra1 extra2 2");
	boot_list_free(&l);
}

static void loops_are_capped(void **state)
{
	struct boot_entry_list l = run(NULL,
		"i=x\nwhile [ $i != xxxx ]; do i=${i}x; done\n"
		"for w in a b; do j=\"$j$w\"; done\n"
		"while true; do k=1; done\n"
		"function r { r; }\nr\n"
		"menuentry t { linux /k $i $j $k }\n");

	assert_string_equal(only(&l)->cmdline, "xxxx ab 1");
	assert_true(l.warnings.n >= 2);	/* the endless loop and the recursion */
	boot_list_free(&l);
}

static void entry_bodies_run_late_and_do_not_leak(void **state)
{
	struct boot_entry_list l = run(NULL,
		"menuentry a { set leak=1; linux /a $late }\n"
		"menuentry b { linux /b $leak }\n"
		"set late=seen\n");

	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0]->cmdline, "seen");
	assert_string_equal(l.items[1]->cmdline, "");
	boot_list_free(&l);
}

static void submenu_sees_only_exported(void **state)
{
	struct boot_entry_list l = run(NULL,
		"set plain=p\nset exp=e\nexport exp\n"
		"submenu 'S' { menuentry 'E' --class os --id e1 { linux /k x$plain $exp } }\n");
	const struct boot_entry *e = only(&l);

	assert_string_equal(e->name, "S>E");
	assert_string_equal(e->id, "e1");
	assert_string_equal(e->cmdline, "x e");
	boot_list_free(&l);
}

static const char menu4[] =
	"menuentry_id_option=--id\n"
	"menuentry 'A' --id a { linux /a }\n"
	"menuentry 'B' $menuentry_id_option b { linux /b }\n"
	"submenu 'Sub' --id sub {\n"
	"  menuentry 'C' --id c { linux /c }\n"
	"  menuentry 'D>x' --id d { linux /d }\n"
	"}\n";

static int default_for(const char *set_default)
{
	char *cfg = malloc(strlen(menu4) + strlen(set_default) + 2);
	struct boot_entry_list l;
	int idx;

	strcpy(cfg, set_default);
	strcat(cfg, "\n");
	strcat(cfg, menu4);
	l = run(NULL, cfg);
	assert_int_equal(l.count, 4);
	idx = default_index(&l);
	boot_list_free(&l);
	free(cfg);
	return idx;
}

static void default_by_index_title_id_and_path(void **state)
{
	assert_int_equal(default_for(""), 0);
	assert_int_equal(default_for("set default=1"), 1);
	assert_int_equal(default_for("set default='B'"), 1);
	assert_int_equal(default_for("set default=b"), 1);
	assert_int_equal(default_for("set default='Sub>D>>x'"), 3);
	assert_int_equal(default_for("set default='sub>c'"), 2);
	assert_int_equal(default_for("set default='2>1'"), 3);
	assert_int_equal(default_for("set default=Sub"), 2);	/* the submenu's first */
	assert_int_equal(default_for("set default=nosuch"), 0);
	assert_int_equal(default_for("set default=7"), 0);
}

static void saved_entry_from_grubenv(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub/grubenv",
		   "# GRUB Environment Block\nsaved_entry=Sub>D>>x\nodd=a\\\\b\\\nc\n"
		   "##########################\n");
	l = run(root,
		"if [ -s $prefix/grubenv ]; then load_env; fi\n"
		"if [ \"${saved_entry}\" ]; then set default=\"${saved_entry}\"; fi\n"
		"menuentry 'A' { linux /a \"$odd\" }\n"
		"submenu 'Sub' { menuentry 'C' { linux /c }\nmenuentry 'D>x' { linux /d } }\n");
	assert_int_equal(l.count, 3);
	assert_int_equal(default_index(&l), 2);
	assert_string_equal(l.items[0]->cmdline, "a\\\\b\nc");	/* the loader escapes \ */
	boot_list_free(&l);
	tree_remove(root);
}

static void next_entry_wins_once(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub/grubenv", "# GRUB Environment Block\nnext_entry=1\n");
	l = run(root,
		"if [ -s $prefix/grubenv ]; then\n  set have_grubenv=true\n  load_env\nfi\n"
		"if [ \"${next_entry}\" ] ; then\n   set default=\"${next_entry}\"\n"
		"   set next_entry=\n   save_env next_entry\nelse\n   set default=\"0\"\nfi\n"
		"menuentry 'A' { linux /a }\nmenuentry 'B' { linux /b }\n");
	assert_int_equal(default_index(&l), 1);
	boot_list_free(&l);
	tree_remove(root);
}

static void search_by_uuid_label_and_file(void **state)
{
	char *r1 = tree_new(), *r2 = tree_new();
	struct boot_partition parts[2] = {
		{ .root = r1, .uuid = "1111-aaaa", .label = "esp", .device = "dev1" },
		{ .root = r2, .uuid = "2222-BBBB", .label = "boot", .device = "dev2" },
	};
	struct boot_entry_list l = { 0 };
	const char *cfg =
		"search --no-floppy --fs-uuid --set=root --hint-bios=hd0,gpt2 2222-bbbb\n"
		"menuentry u { linux /vmlinuz }\n"
		"menuentry l { search --label --set=r esp; linux ($r)/k1; initrd ($root)/i }\n"
		"menuentry f { search -f /only-on-1 --set; linux /k2 }\n"
		"menuentry n { if search --fs-uuid --set=x nope; then linux /bad; else linux /good; fi }\n";

	tree_write(r1, "only-on-1", "x");
	tree_write(r2, "vmlinuz", "x");
	grub_collect_text(&l, parts, 2, 0, "/EFI/debian/grub.cfg", cfg, strlen(cfg));
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0]->device, "dev2");
	assert_string_equal(l.items[0]->kernel, "/vmlinuz");
	assert_int_equal(l.items[0]->warnings.n, 0);	/* found on the searched partition */
	assert_string_equal(l.items[1]->device, "dev1");
	assert_string_equal(l.items[1]->initrd.v[0], "/i");
	assert_string_equal(l.items[2]->device, "dev1");
	assert_string_equal(l.items[3]->kernel, "/good");
	boot_list_free(&l);
	tree_remove(r1);
	tree_remove(r2);
}

static void source_and_configfile(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub/custom.cfg", "set from_source=yes\nmenuentry S { linux /s }\n");
	tree_write(root, "boot/grub2/grub.cfg",
		   "set default=1\nmenuentry X { linux /x $exp }\nmenuentry Y { linux /y }\n");
	tree_write(root, "boot/grub/loop.cfg", "source $prefix/loop.cfg\n");
	l = run(root,
		"source $prefix/custom.cfg\nsource $prefix/loop.cfg\n"
		"set exp=$from_source\nexport exp\n"
		"menuentry A { linux /a }\n"
		"configfile /boot/grub2/grub.cfg\n");
	/* the configfile's menu is shown at once and owns the default */
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0]->name, "X");
	assert_string_equal(l.items[0]->cmdline, "yes");
	assert_string_equal(l.items[0]->file, "/boot/grub2/grub.cfg");
	assert_int_equal(default_index(&l), 1);
	assert_string_equal(l.items[2]->name, "S");
	assert_string_equal(l.items[2]->file, "/boot/grub/custom.cfg");
	assert_true(l.warnings.n >= 1);	/* the source loop was cut */
	boot_list_free(&l);
	tree_remove(root);
}

static void xen_multiboot2_entry(void **state)
{
	struct boot_entry_list l = run(NULL,
		"menuentry 'Xen' {\n"
		"  if [ \"$grub_platform\" = \"pc\" -o \"$grub_platform\" = \"\" ]; then\n"
		"    xen_rm_opts=\n  else\n    xen_rm_opts=\"no-real-mode edd=off\"\n  fi\n"
		"  multiboot2 /xen.gz placeholder dom0_mem=1G ${xen_rm_opts}\n"
		"  module2 /vmlinuz placeholder root=UUID=x ro quiet\n"
		"  module2 --nounzip /initrd.img\n}\n");
	const struct boot_entry *e = only(&l);

	assert_int_equal(e->kind, BOOT_KIND_XEN);
	assert_string_equal(e->kernel, "/xen.gz");
	assert_string_equal(e->cmdline, "placeholder dom0_mem=1G no-real-mode edd=off");
	assert_int_equal(e->n_modules, 2);
	assert_string_equal(e->modules[0].path, "/vmlinuz");
	assert_string_equal(e->modules[0].cmdline, "placeholder root=UUID=x ro quiet");
	assert_string_equal(e->modules[1].path, "/initrd.img");
	assert_string_equal(e->modules[1].cmdline, "");
	assert_int_equal(e->initrd.n, 0);
	boot_list_free(&l);
}

static void blscfg_with_kernelopts(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub2/grubenv",
		   "# GRUB Environment Block\nkernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto\n"
		   "saved_entry=abc-4.18.0-80.el8.x86_64\n");
	tree_write(root, "loader/entries/abc-4.18.0-80.el8.x86_64.conf",
		   "title Red Hat (4.18.0-80)\nversion 4.18.0-80.el8.x86_64\nlinux /vmlinuz-4.18.0-80\n"
		   "initrd /initramfs-4.18.0-80.img\noptions $kernelopts $tuned_params\nid rhel\n");
	tree_write(root, "loader/entries/abc-4.18.0-147.el8.x86_64.conf",
		   "title Red Hat (4.18.0-147)\nversion 4.18.0-147.el8.x86_64\n"
		   "linux /vmlinuz-4.18.0-147\ninitrd /initramfs-4.18.0-147.img\noptions $kernelopts\n");
	{
		struct boot_partition part = { .root = root };
		const char *cfg = "load_env -f /boot/grub2/grubenv\nset default=\"${saved_entry}\"\n"
				  "insmod blscfg\nblscfg\n";

		memset(&l, 0, sizeof(l));
		grub_collect_text(&l, &part, 1, 0, "/boot/grub2/grub.cfg", cfg, strlen(cfg));
	}
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0]->name, "Red Hat (4.18.0-147)");	/* newest first */
	assert_int_equal(l.items[0]->source, BOOT_SOURCE_BLS);
	assert_string_equal(l.items[1]->cmdline, "root=/dev/mapper/rhel-root ro crashkernel=auto");
	assert_string_equal(l.items[1]->initrd.v[0], "/initramfs-4.18.0-80.img");
	assert_string_equal(l.items[1]->file, "/loader/entries/abc-4.18.0-80.el8.x86_64.conf");
	assert_int_equal(default_index(&l), 1);	/* saved_entry is the BLS id */
	boot_list_free(&l);
	tree_remove(root);
}

static void unknown_commands_and_syntax_errors_warn(void **state)
{
	struct boot_entry_list l = run(NULL,
		"frobnicate --now\n"
		"echo a | cat\n"
		"if true; then\n"
		"menuentry ok { linux /ok; chainloader +1 }\n");

	assert_int_equal(l.count, 0);	/* the unterminated if swallowed the entry */
	assert_true(l.warnings.n >= 2);
	assert_non_null(strstr(l.warnings.v[0], "/boot/grub/grub.cfg:1: unknown command \"frobnicate\""));
	assert_non_null(strstr(l.warnings.v[1], "/boot/grub/grub.cfg:2: syntax error"));
	boot_list_free(&l);

	l = run(NULL, "menuentry ok { linux /ok; frob }\nmenuentry win { chainloader +1 }\n");
	assert_int_equal(only(&l)->warnings.n, 2);	/* frob, and the kernel is missing */
	boot_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoting_and_word_splitting),
		cmocka_unit_test(comments_and_line_continuation),
		cmocka_unit_test(conditionals),
		cmocka_unit_test(functions_scoping_and_positional),
		cmocka_unit_test(loops_are_capped),
		cmocka_unit_test(entry_bodies_run_late_and_do_not_leak),
		cmocka_unit_test(submenu_sees_only_exported),
		cmocka_unit_test(default_by_index_title_id_and_path),
		cmocka_unit_test(saved_entry_from_grubenv),
		cmocka_unit_test(next_entry_wins_once),
		cmocka_unit_test(search_by_uuid_label_and_file),
		cmocka_unit_test(source_and_configfile),
		cmocka_unit_test(xen_multiboot2_entry),
		cmocka_unit_test(blscfg_with_kernelopts),
		cmocka_unit_test(unknown_commands_and_syntax_errors_warn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
