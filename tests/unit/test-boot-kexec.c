/* test-boot-kexec.c - kexec plans for Linux and Xen entries, command line edits, file checks, loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/kexec-cmdline.h"
#include "boot/kexec-files.h"
#include "boot/kexec.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/measure.h"
#include "boot-tree.h"

struct fixture {
	char *root;	/* a "partition" */
	char *run;	/* the run dir */
	char *fake;	/* fake kexec: logs its argv to run/kexec.log */
};

/* A stand-in for kexec-tools: refuses -s when run/refuse-s exists, fails all when run/fail does. */
static const char fake_kexec[] =
	"#!/bin/sh\n"
	"d=$(dirname \"$0\")\n"
	"echo \"$*\" >> \"$d/kexec.log\"\n"
	"if [ -e \"$d/fail\" ]; then echo 'kexec_load failed: Invalid argument' >&2; exit 1; fi\n"
	"case \"$1\" in -s) if [ -e \"$d/refuse-s\" ]; then\n"
	"  echo 'kexec_file_load failed: Operation not permitted' >&2; exit 255; fi ;; esac\n"
	"exit 0\n";

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->root = tree_new();
	f->run = tree_new();
	tree_write(f->root, "boot/vmlinuz-6.1", "KERNEL");
	tree_write(f->root, "boot/initrd.img-6.1", "INITRD");
	tree_write(f->root, "boot/ucode.img", "UCODE");
	tree_write(f->root, "boot/xen.bin", "XEN");
	f->fake = xasprintf("%s/kexec", f->run);
	tree_write(f->run, "kexec", fake_kexec);
	chmod(f->fake, 0755);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tree_remove(f->root);
	tree_remove(f->run);
	free(f->fake);
	free(f);
	return 0;
}

static struct boot_entry *linux_entry(const struct fixture *f, const char *cmdline)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_GRUB);

	e->name = xstrdup("Debian GNU/Linux");
	e->kernel = xstrdup("/boot/vmlinuz-6.1");
	strlist_pushdup(&e->initrd, "/boot/initrd.img-6.1");
	e->cmdline = xstrdup(cmdline);
	e->host_root = xstrdup(f->root);
	e->device = xstrdup("/dev/vda1");
	return e;
}

static struct boot_entry *xen_entry(const struct fixture *f, const char *xen)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_GRUB);

	e->name = xstrdup("Debian GNU/Linux, with Xen hypervisor");
	e->kind = BOOT_KIND_XEN;
	e->kernel = xstrdup(xen);
	e->cmdline = xstrdup("placeholder dom0_mem=1G");
	boot_entry_add_module(e, "/boot/vmlinuz-6.1", "placeholder root=UUID=abc ro quiet");
	boot_entry_add_module(e, "/boot/initrd.img-6.1", "");
	e->host_root = xstrdup(f->root);
	return e;
}

static char *joined(const struct strlist *l)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			sb_putc(&sb, '|');
		sb_puts(&sb, l->v[i]);
	}
	return sb_steal(&sb);
}

static void assert_argv(const struct strlist *argv, const char *want)
{
	char *got = joined(argv);

	assert_string_equal(got, want);
	free(got);
}

static void linux_plan(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "root=UUID=abc ro quiet");
	struct kexec_options opt = { .run_dir = f->run };
	struct kexec_plan plan;
	char err[512], *want;

	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.n_steps, 0);
	want = xasprintf("kexec|-s|-l|%s/boot/vmlinuz-6.1|--initrd=%s/boot/initrd.img-6.1|"
			 "--command-line=root=UUID=abc ro quiet", f->root, f->root);
	assert_argv(&plan.load, want);
	free(want);
	want = xasprintf("kexec|-l|%s/boot/vmlinuz-6.1|--initrd=%s/boot/initrd.img-6.1|"
			 "--command-line=root=UUID=abc ro quiet", f->root, f->root);
	assert_argv(&plan.fallback, want);
	free(want);
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void linux_without_initrd(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "");
	struct kexec_options opt = { .run_dir = f->run, .kexec = "/sbin/kexec" };
	struct kexec_plan plan;
	char err[512], *want;

	strlist_free(&e->initrd);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	want = xasprintf("/sbin/kexec|-s|-l|%s/boot/vmlinuz-6.1|--command-line=", f->root);
	assert_argv(&plan.load, want);
	free(want);
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void several_initrds_are_joined(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "ro");
	struct kexec_options opt = { .run_dir = f->run, .kexec = f->fake };
	struct kexec_plan plan;
	char err[512], *want, *path, *data;
	size_t len;

	strlist_free(&e->initrd);
	strlist_pushdup(&e->initrd, "/boot/ucode.img");
	strlist_pushdup(&e->initrd, "/boot/initrd.img-6.1");
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.n_steps, 1);
	assert_int_equal(plan.steps[0].kind, KEXEC_STEP_CONCAT);
	assert_int_equal(plan.steps[0].in.n, 2);
	want = xasprintf("%s|-s|-l|%s/boot/vmlinuz-6.1|--initrd=%s/kexec-initrd|--command-line=ro",
			 f->fake, f->root, f->run);
	assert_argv(&plan.load, want);
	free(want);
	/* Loading makes the joined file: each part padded to 4 bytes, as GRUB does. */
	assert_int_equal(kexec_plan_load(&plan, &opt, err, sizeof(err)), 0);
	path = xasprintf("%s/kexec-initrd", f->run);
	data = file_read_all(path, &len, 1024);
	assert_non_null(data);
	assert_int_equal(len, 16);
	assert_memory_equal(data, "UCODE\0\0\0INITRD\0\0", 16);
	free(data);
	free(path);
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void cmdline_words(void **state)
{
	struct strlist w = { 0 };
	char *s;

	cmdline_split("  root=/dev/sda1 acpi_osi=\"Windows 2015\"\tquiet ", &w);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[1], "acpi_osi=\"Windows 2015\"");
	strlist_free(&w);

	s = cmdline_edit("root=UUID=x ro quiet splash quiet=1", "console=ttyS0 ro",
			 "quiet splash");
	/* whole words only: quiet=1 stays; ro is there already */
	assert_string_equal(s, "root=UUID=x ro quiet=1 console=ttyS0");
	free(s);
	s = cmdline_edit(NULL, NULL, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void board_edits_apply(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "root=UUID=abc ro quiet");
	struct kvconf conf = { 0 };
	struct kexec_options opt = { .run_dir = f->run };
	struct kexec_plan plan;
	char err[512];

	assert_int_equal(kvconf_parse(&conf, "cmdline_add = \"console=ttyS0 iommu=pt\"\n"
					     "cmdline_remove = quiet\n", "board.conf",
				      err, sizeof(err)), 0);
	kexec_options_from_config(&opt, &conf);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_string_equal(plan.load.v[plan.load.n - 1],
			    "--command-line=root=UUID=abc ro console=ttyS0 iommu=pt");
	kexec_plan_free(&plan);
	/* An edited command line replaces the entry's, and the board's edits still apply. */
	opt.cmdline = "root=/dev/vda2 quiet single";
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_string_equal(plan.load.v[plan.load.n - 1],
			    "--command-line=root=/dev/vda2 single console=ttyS0 iommu=pt");
	kexec_plan_free(&plan);
	kvconf_free(&conf);
	boot_entry_free(e);
}

static void length_limit(void **state)
{
	struct fixture *f = *state;
	char *longest = xmalloc(KEXEC_LINUX_CMDLINE_SIZE + 1);
	struct kexec_options opt = { .run_dir = f->run };
	struct boot_entry *e;
	struct kexec_plan plan;
	char err[512];

	memset(longest, 'a', KEXEC_LINUX_CMDLINE_SIZE - 1);
	longest[KEXEC_LINUX_CMDLINE_SIZE - 1] = '\0';
	e = linux_entry(f, longest);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	kexec_plan_free(&plan);
	/* One byte more than the kernel keeps (the add makes 2049 with its blank). */
	opt.cmdline_add = "b";
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), -1);
	assert_string_equal(err, "entry 'Debian GNU/Linux': the Linux command line is 2049 bytes, "
				 "longer than the 2047 it can take");
	boot_entry_free(e);
	free(longest);
}

static void missing_file_is_named(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "ro");
	struct kexec_options opt = { .run_dir = f->run };
	struct kexec_plan plan;
	char err[512];

	strlist_pushdup(&e->initrd, "/boot/initrd.img-5.10");
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), -1);
	assert_string_equal(err, "entry 'Debian GNU/Linux' on /dev/vda1: initrd "
				 "/boot/initrd.img-5.10: no such file");
	free(e->kernel);
	e->kernel = xstrdup("/boot");
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), -1);
	assert_string_equal(err, "entry 'Debian GNU/Linux' on /dev/vda1: kernel /boot: "
				 "not a regular file");
	boot_entry_free(e);
}

static void paths_stay_in_partition(void **state)
{
	struct fixture *f = *state;
	char err[512], *p, *want, *outside;

	/* ".." stops at the partition root, as in GRUB */
	p = kexec_host_path(f->root, "/../../boot/./vmlinuz-6.1", err, sizeof(err));
	want = xasprintf("%s/boot/vmlinuz-6.1", f->root);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
	free(want);
	/* A relative symlink inside is fine; one leading out is refused. */
	want = xasprintf("%s/boot/vmlinuz", f->root);
	assert_int_equal(symlink("vmlinuz-6.1", want), 0);
	free(want);
	p = kexec_host_path(f->root, "/boot/vmlinuz", err, sizeof(err));
	assert_non_null(p);
	free(p);
	outside = xasprintf("%s/kexec", f->run);
	want = xasprintf("%s/boot/evil", f->root);
	assert_int_equal(symlink(outside, want), 0);
	assert_null(kexec_host_path(f->root, "/boot/evil", err, sizeof(err)));
	assert_string_equal(err, "/boot/evil: a symlink leading outside its partition");
	free(want);
	want = xasprintf("%s/boot/up", f->root);
	assert_int_equal(symlink("../../../../../../etc/passwd", want), 0);
	assert_null(kexec_host_path(f->root, "/boot/up", err, sizeof(err)));
	free(want);
	free(outside);
}

static void xen_plan(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = xen_entry(f, "/boot/xen.bin");
	struct kexec_options opt = { .run_dir = f->run, .cmdline_remove = "quiet",
				     .cmdline_add = "console=hvc0" };
	struct kexec_plan plan;
	char err[512], *want;

	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.n_steps, 0);
	assert_int_equal(plan.fallback.n, 0);
	want = xasprintf("kexec|-l|--type|multiboot2-x86|%s/boot/xen.bin|"
			 "--command-line=placeholder dom0_mem=1G no-real-mode edd=off|"
			 "--module|%s/boot/vmlinuz-6.1 placeholder root=UUID=abc ro console=hvc0|"
			 "--module|%s/boot/initrd.img-6.1", f->root, f->root, f->root);
	assert_argv(&plan.load, want);
	free(want);
	kexec_plan_free(&plan);
	/* Options Xen needs after a Linux payload are not repeated. */
	free(e->cmdline);
	e->cmdline = xstrdup("placeholder no-real-mode edd=off");
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_string_equal(plan.load.v[5], "--command-line=placeholder no-real-mode edd=off");
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void xen_gz_is_unpacked(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = xen_entry(f, "/boot/xen.gz");
	struct kexec_options opt = { .run_dir = f->run, .kexec = f->fake };
	char *argv[] = { "gzip", "-n", "-c", NULL, NULL };
	struct kexec_plan plan;
	char err[512], *src, *dst, *data;
	size_t len;

	src = xasprintf("%s/boot/xen.bin", f->root);
	dst = xasprintf("%s/boot/xen.gz", f->root);
	argv[3] = src;
	assert_int_equal(spawn_wait_to_file(argv, dst), 0);
	assert_true(kexec_is_gzip(dst));
	assert_false(kexec_is_gzip(src));
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.n_steps, 1);
	assert_int_equal(plan.steps[0].kind, KEXEC_STEP_GUNZIP);
	free(dst);
	dst = xasprintf("%s/kexec-xen", f->run);
	assert_string_equal(plan.load.v[4], dst);
	assert_int_equal(kexec_plan_load(&plan, &opt, err, sizeof(err)), 0);
	data = file_read_all(dst, &len, 1024);
	assert_non_null(data);
	assert_string_equal(data, "XEN");
	free(data);
	kexec_plan_free(&plan);
	boot_entry_free(e);
	free(src);
	free(dst);
}

static void xen_needs_dom0(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_SYSLINUX);
	struct kexec_options opt = { .run_dir = f->run };
	struct kexec_plan plan;
	char err[512];

	e->name = xstrdup("xen");
	e->kind = BOOT_KIND_XEN;
	e->kernel = xstrdup("/boot/xen.bin");
	e->host_root = xstrdup(f->root);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), -1);
	assert_string_equal(err, "entry 'xen': Xen without a dom0 kernel module");
	boot_entry_free(e);
}

static char *read_log(const struct fixture *f)
{
	char *path = xasprintf("%s/kexec.log", f->run);
	char *log = file_read_all(path, NULL, 1 << 16);

	unlink(path);
	free(path);
	return log;
}

static void load_falls_back_to_kexec_load(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "ro");
	struct kexec_options opt = { .run_dir = f->run, .kexec = f->fake };
	struct kexec_plan plan;
	char err[512], *log, *want;

	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	tree_write(f->run, "refuse-s", "");
	assert_int_equal(kexec_plan_load(&plan, &opt, err, sizeof(err)), 0);
	log = read_log(f);
	want = xasprintf("-s -l %s/boot/vmlinuz-6.1 --initrd=%s/boot/initrd.img-6.1 "
			 "--command-line=ro\n-l %s/boot/vmlinuz-6.1 --initrd=%s/boot/initrd.img-6.1 "
			 "--command-line=ro\n", f->root, f->root, f->root, f->root);
	assert_string_equal(log, want);
	free(log);
	free(want);
	/* Both refused: the reason is kexec's own words, with its exit status. */
	tree_write(f->run, "fail", "");
	assert_int_equal(kexec_plan_load(&plan, &opt, err, sizeof(err)), -1);
	want = xasprintf("Debian GNU/Linux: %s exited with status 1: kexec_load failed: "
			 "Invalid argument (kexec_file_load: Debian GNU/Linux: %s exited with "
			 "status 1: kexec_load failed: Invalid argument)", f->fake, f->fake);
	assert_string_equal(err, want);
	free(want);
	free(read_log(f));
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void boot_runs_load_then_execute(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "ro");
	struct kexec_options opt = { .run_dir = f->run, .kexec = f->fake };
	char err[512], *log, *want;

	/* The fake "kexec -e" returns: that is a failure, and the kernel is unloaded. */
	assert_int_equal(kexec_boot(e, &opt, err, sizeof(err)), -1);
	assert_string_equal(err, "kexec -e returned without starting the kernel");
	log = read_log(f);
	want = xasprintf("-s -l %s/boot/vmlinuz-6.1 --initrd=%s/boot/initrd.img-6.1 "
			 "--command-line=ro\n-e\n-u\n", f->root, f->root);
	assert_string_equal(log, want);
	free(log);
	free(want);
	boot_entry_free(e);
}

/* What the kernel of the booted OS finds in its initramfs, unpacked by GNU cpio here. */
static char *unpacked_log(const struct fixture *f, const char *archive, size_t skip)
{
	char *dir = xasprintf("%s/unpacked", f->run), *cpio = xasprintf("%s/only.cpio", f->run);
	char *argv[] = { "cpio", "-idm", "--quiet", "-D", dir, "-F", cpio, NULL };
	char *data, *path, *log;
	size_t len;

	data = file_read_all(archive, &len, 1 << 16);
	assert_non_null(data);
	assert_true(len > skip);
	assert_int_equal(file_write_atomic(cpio, data + skip, len - skip, 0600), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(spawn_wait(argv), 0);
	path = xasprintf("%s/vigil/eventlog.bin", dir);
	log = file_read_all(path, NULL, 1 << 16);
	free(data);
	free(path);
	free(dir);
	free(cpio);
	return log;
}

static void handoff_rides_in_the_initrd(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "ro");
	struct kexec_options opt = { .run_dir = f->run, .kexec = f->fake, .handoff = 1 };
	struct kexec_plan plan;
	char err[512], *want, *joined_initrd, *log_path, *log;

	log_path = xasprintf("%s/eventlog.bin", f->run);
	assert_int_equal(file_write_atomic(log_path, "TCG LOG", 7, 0600), 0);
	measure_set_log_path(log_path);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	want = xasprintf("%s/handoff.cpio", f->run);
	assert_string_equal(plan.handoff, want);
	assert_int_equal(plan.n_steps, 1);
	assert_int_equal(plan.steps[0].kind, KEXEC_STEP_CONCAT);
	assert_string_equal(plan.steps[0].in.v[1], want);
	free(want);
	/* Written just before loading (after the boot mode is measured), then joined. */
	assert_int_equal(kexec_boot_plan(e, &plan, &opt, err, sizeof(err)), -1);
	assert_string_equal(err, "kexec -e returned without starting the kernel");
	joined_initrd = xasprintf("%s/kexec-initrd", f->run);
	log = unpacked_log(f, joined_initrd, 8);	/* "INITRD" and its padding first */
	assert_non_null(log);
	assert_string_equal(log, "TCG LOG");
	free(log);
	free(joined_initrd);
	kexec_plan_free(&plan);
	/* No initrd: no initramfs to carry it, and nothing is added. */
	strlist_free(&e->initrd);
	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_null(plan.handoff);
	assert_int_equal(plan.n_steps, 0);
	kexec_plan_free(&plan);
	measure_set_log_path(NULL);
	free(log_path);
	free(read_log(f));
	boot_entry_free(e);
}

static void handoff_rides_in_dom0s_initrd(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = xen_entry(f, "/boot/xen.bin");
	struct kexec_options opt = { .run_dir = f->run, .handoff = 1 };
	struct kexec_plan plan;
	char err[512], *want;

	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.n_steps, 1);
	assert_int_equal(plan.steps[0].kind, KEXEC_STEP_CONCAT);
	want = xasprintf("%s/boot/initrd.img-6.1|%s/handoff.cpio", f->root, f->run);
	assert_argv(&plan.steps[0].in, want);
	free(want);
	want = xasprintf("%s/kexec-dom0-initrd", f->run);
	assert_string_equal(plan.load.v[plan.load.n - 1], want);
	free(want);
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

static void describe_quotes_for_reading(void **state)
{
	struct fixture *f = *state;
	struct boot_entry *e = linux_entry(f, "root=UUID=abc ro");
	struct kexec_options opt = { .run_dir = f->run };
	struct kexec_plan plan;
	struct strlist lines = { 0 };
	char err[512], *want;

	assert_int_equal(kexec_plan_build(e, &opt, &plan, err, sizeof(err)), 0);
	kexec_plan_describe(&plan, &lines);
	assert_int_equal(lines.n, 2);
	want = xasprintf("kexec -s -l %s/boot/vmlinuz-6.1 --initrd=%s/boot/initrd.img-6.1 "
			 "'--command-line=root=UUID=abc ro'", f->root, f->root);
	assert_string_equal(lines.v[0], want);
	free(want);
	strlist_free(&lines);
	kexec_plan_free(&plan);
	boot_entry_free(e);
}

int main(void)
{
	/* boot_before_kexec() must find no TPM here: never extend the host's PCRs. */
	setenv("VIGIL_TCTI", "device:/nonexistent", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(linux_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(linux_without_initrd, setup, teardown),
		cmocka_unit_test_setup_teardown(several_initrds_are_joined, setup, teardown),
		cmocka_unit_test(cmdline_words),
		cmocka_unit_test_setup_teardown(board_edits_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(length_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(paths_stay_in_partition, setup, teardown),
		cmocka_unit_test_setup_teardown(xen_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(xen_gz_is_unpacked, setup, teardown),
		cmocka_unit_test_setup_teardown(xen_needs_dom0, setup, teardown),
		cmocka_unit_test_setup_teardown(load_falls_back_to_kexec_load, setup, teardown),
		cmocka_unit_test_setup_teardown(boot_runs_load_then_execute, setup, teardown),
		cmocka_unit_test_setup_teardown(describe_quotes_for_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(handoff_rides_in_the_initrd, setup, teardown),
		cmocka_unit_test_setup_teardown(handoff_rides_in_dom0s_initrd, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
