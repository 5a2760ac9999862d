/* test-boot-grub.c - the GRUB interpreter pins GRUB's semantics: quoting, scoping, menus, defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot-tree.h"
#include "boot/grub/grub.h"
#include "common/xmalloc.h"

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

/*
 * An entry whose body runs configfile (installers, chainload/memtest
 * wrappers): GRUB shows that file's menu in a new context with the exported
 * variables. vigil lists its entries as a submenu of the entry; the entry
 * itself boots nothing. Being the default, it hands the default to that
 * menu's own choice.
 */
static void configfile_in_an_entry_is_a_submenu(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub/more.cfg",
		   "set default=1\nmenuentry M1 { linux /m1 }\n"
		   "menuentry M2 --id m2 { linux /m2 x$plain $exp }\n");
	l = run(root,
		"set default=1\nset plain=p\nset exp=e\nexport exp\n"
		"menuentry A { linux /a }\n"
		"menuentry 'More' { insmod part_gpt; configfile $prefix/more.cfg }\n"
		"menuentry 'Broken' { configfile /boot/grub/missing.cfg }\n");
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0]->name, "A");
	assert_string_equal(l.items[1]->name, "More>M1");
	assert_string_equal(l.items[1]->file, "/boot/grub/more.cfg");
	assert_string_equal(l.items[2]->name, "More>M2");
	assert_string_equal(l.items[2]->id, "m2");
	assert_string_equal(l.items[2]->cmdline, "x e");	/* only exported variables pass */
	assert_int_equal(default_index(&l), 2);
	/* an entry whose config cannot be read says so */
	assert_int_equal(l.warnings.n, 1);
	assert_non_null(strstr(l.warnings.v[0], "cannot read /boot/grub/missing.cfg"));
	boot_list_free(&l);
	tree_remove(root);
}

/*
 * source in an entry's body runs the file in the entry's own context: loader
 * commands load its kernel; menu entries it defines (which GRUB would add to
 * the menu on the screen) are listed as a submenu of the entry. The outer
 * menu's default does not pick among them; one the file sets does.
 */
static void source_in_an_entry(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/grub/memtest.cfg",
		   "set mt=/memtest\nmenuentry 'Memtest86+' { linux16 $mt }\n"
		   "menuentry 'Memtest86+ (serial)' { linux16 $mt console=ttyS0 }\n");
	tree_write(root, "boot/grub/loader.cfg", "linux /vmlinuz root=/dev/sda1\ninitrd /initrd.img\n");
	tree_write(root, "boot/grub/picks.cfg",
		   "set default=1\nmenuentry P0 { linux /p0 }\nmenuentry P1 { linux /p1 }\n");
	l = run(root,
		"set default=1\n"
		"menuentry 'Linux' { source /boot/grub/loader.cfg }\n"
		"menuentry 'Memory test' { source /boot/grub/memtest.cfg }\n"
		"menuentry 'Picks' { source /boot/grub/picks.cfg }\n");
	assert_int_equal(l.count, 5);
	assert_string_equal(l.items[0]->name, "Linux");
	assert_string_equal(l.items[0]->kernel, "/vmlinuz");
	assert_string_equal(l.items[0]->initrd.v[0], "/initrd.img");
	assert_string_equal(l.items[0]->file, "/boot/grub/grub.cfg");
	assert_string_equal(l.items[1]->name, "Memory test>Memtest86+");
	assert_string_equal(l.items[1]->kernel, "/memtest");	/* the sourced file's variables */
	assert_string_equal(l.items[2]->name, "Memory test>Memtest86+ (serial)");
	assert_string_equal(l.items[2]->file, "/boot/grub/memtest.cfg");
	/* "Memory test" is the default, and default=1 is the outer menu's: its first */
	assert_int_equal(default_index(&l), 1);
	assert_false(l.items[4]->is_default);
	assert_string_equal(l.items[4]->name, "Picks>P1");
	boot_list_free(&l);

	l = run(root, "set default=2\nmenuentry A { linux /a }\nmenuentry B { linux /b }\n"
		      "menuentry 'Picks' { source /boot/grub/picks.cfg }\n");
	assert_int_equal(l.count, 4);
	assert_int_equal(default_index(&l), 3);	/* picks.cfg's own default=1 */
	boot_list_free(&l);
	tree_remove(root);
}

/*
 * A configfile or source back to a config whose menu is listed above (a
 * "back to the main menu" entry) or to the file being read is a loop: it is
 * not read again, and says so.
 */
static void entry_loops_end_with_a_warning(void **state)
{
	char *root = tree_new();
	static const char cfg[] =
		"menuentry 'Again' { configfile /boot/grub/grub.cfg }\n"
		"menuentry 'Sourced' { source /boot/grub/wrap.cfg }\n"
		"menuentry 'Real' { linux /real }\n"
		"menuentry 'Advanced' { configfile /boot/grub/advanced.cfg }\n";
	struct boot_partition part;
	struct boot_entry_list l = { 0 };
	size_t i;
	int loops = 0;

	tree_write(root, "boot/grub/grub.cfg", cfg);
	tree_write(root, "boot/grub/wrap.cfg", "menuentry W { source /boot/grub/wrap.cfg }\n");
	tree_write(root, "boot/grub/advanced.cfg",
		   "menuentry 'Recovery' { linux /real single }\n"
		   "menuentry 'Back' { configfile /boot/grub/grub.cfg }\n");
	memset(&part, 0, sizeof(part));
	part.root = root;
	grub_collect(&l, &part, 1, 0, "/boot/grub/grub.cfg");
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0]->name, "Real");
	assert_string_equal(l.items[1]->name, "Advanced>Recovery");
	for (i = 0; i < l.warnings.n; i++)
		loops += strstr(l.warnings.v[i], "is a menu shown already: a loop") != NULL;
	assert_int_equal(loops, 3);	/* Again, W and Back */
	boot_list_free(&l);

	/* A function defining an entry that calls it: the same entry inside itself. */
	l = run(NULL, "function f { menuentry X { f; linux /x } }\nf\n");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->name, "X");
	assert_int_equal(l.warnings.n, 1);
	assert_non_null(strstr(l.warnings.v[0], "\"X\" opens itself again: a loop"));
	boot_list_free(&l);
	tree_remove(root);
}

/*
 * [ -f ], -e, -d, -s look at the partition the name is on ($root, or
 * "(dev)/path"), inside it: never at the host running vigil, and a symlink
 * cannot lead out of the partition.
 */
static void file_tests_resolve_on_the_partition(void **state)
{
	char *r1 = tree_new(), *r2 = tree_new(), *link;
	struct boot_partition parts[2] = {
		{ .root = r1, .grub_name = "hd0,gpt1" },
		{ .root = r2, .grub_name = "hd1,msdos1" },
	};
	struct boot_entry_list l = { 0 };
	static const char cfg[] =
		"function t { if [ \"$@\" ]; then r=\"${r}1\"; else r=\"${r}0\"; fi; }\n"
		"t -f /boot/vmlinuz\nt -f /boot\nt -d /boot\nt -e /boot\nt -e /boot/none\n"
		"t -s /boot/empty\nt -f /boot/empty\nt -f /etc/passwd\nt -e /boot/escape\n"
		"t -f (hd1,msdos1)/only-on-2\nt -f /only-on-2\nt -d ($root)/boot\n"
		"t ! -e /boot/none -a -f /boot/../boot/vmlinuz\n"
		"set root=hd1,msdos1\nt -f /only-on-2\nt -f /boot/vmlinuz\n"
		"menuentry R { linux /k $r }\n";

	tree_write(r1, "boot/vmlinuz", "kernel");
	tree_write(r1, "boot/empty", "");
	tree_write(r2, "only-on-2", "x");
	link = xasprintf("%s/boot/escape", r1);
	assert_int_equal(symlink("/etc/passwd", link), 0);
	free(link);
	grub_collect_text(&l, parts, 2, 0, "/boot/grub/grub.cfg", cfg, strlen(cfg));
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0]->cmdline, "101100100101110");
	boot_list_free(&l);
	tree_remove(r1);
	tree_remove(r2);
}

/*
 * GRUB's regexp module: the regexp command (POSIX extended, --set
 * [N:]VAR), and once the module is loaded, unquoted * and ? in a word
 * starting with "/" or "(dev)" expand to the matching files of the partition
 * (also from an unquoted $var, as GRUB escapes only quoted text). Quoted or
 * backslash-escaped they are plain characters; a pattern that matches
 * nothing stays as it is.
 */
static void regexp_and_wildcards(void **state)
{
	char *root = tree_new();
	struct boot_entry_list l;

	tree_write(root, "boot/vmlinuz-6.1.0-28-amd64", "k");
	tree_write(root, "boot/vmlinuz-6.1.0-25-amd64", "k");
	tree_write(root, "boot/initrd.img-6.1.0-25-amd64", "i");
	tree_write(root, "boot/initrd.img-6.1.0-28-amd64", "i");
	tree_write(root, "boot/config-6.1.0-28-amd64", "c");
	tree_write(root, "live/a/filesystem.squashfs", "s");
	tree_write(root, "live/b/other", "s");
	l = run(root,
		"before=/boot/vmlinuz-*\n"
		"insmod regexp\n"
		"for k in /boot/vmlinuz-*; do\n"
		"  regexp --set=1:ver --set=2:flavour '^/boot/vmlinuz-([0-9.-]+)-([a-z0-9]+)$' \"$k\"\n"
		"  menuentry \"Linux $ver ($flavour)\" \"$k\" \"$ver\" {\n"
		"    linux $1 root=/dev/sda1\n    initrd /boot/initrd.img-$2-amd64\n  }\n"
		"done\n"
		"if regexp 'amd(64)' x86; then m=yes; else m=no; fi\n"
		"regexp -s whole '^(.*)$' 'a b'\n"
		"menuentry Words { linux /k $before \"$before\" \"/boot/*\" /boot/\\* /nothing/* "
		"/live/*/filesystem.* "
		"($root)/boot/conf?g-* $m \"$whole\" }\n");
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0]->name, "Linux 6.1.0-25 (amd64)");
	assert_string_equal(l.items[0]->kernel, "/boot/vmlinuz-6.1.0-25-amd64");
	assert_string_equal(l.items[0]->initrd.v[0], "/boot/initrd.img-6.1.0-25-amd64");
	assert_string_equal(l.items[1]->name, "Linux 6.1.0-28 (amd64)");
	assert_string_equal(l.items[1]->cmdline, "root=/dev/sda1");
	assert_string_equal(l.items[2]->cmdline,
			    "/boot/vmlinuz-6.1.0-25-amd64 /boot/vmlinuz-6.1.0-28-amd64 /boot/vmlinuz-* "
			    "/boot/* /boot/* /nothing/* /live/a/filesystem.squashfs "
			    "(vigil0)/boot/config-6.1.0-28-amd64 no \"a b\"");
	boot_list_free(&l);

	/* What glibc's regex engine could spend long on is refused, not run. */
	l = run(root, "if regexp '^(a+)\\1$' aa; then r=y; else r=n; fi\n"
		      "menuentry R { linux /k $r }\n");
	assert_string_equal(only(&l)->cmdline, "n");
	assert_int_equal(l.warnings.n, 1);
	assert_non_null(strstr(l.warnings.v[0], "back-references"));
	boot_list_free(&l);
	tree_remove(root);
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
		cmocka_unit_test(configfile_in_an_entry_is_a_submenu),
		cmocka_unit_test(source_in_an_entry),
		cmocka_unit_test(entry_loops_end_with_a_warning),
		cmocka_unit_test(file_tests_resolve_on_the_partition),
		cmocka_unit_test(regexp_and_wildcards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
