/* test-boot-verify-entry.c - the boot policy (verify, no keys, unverified, forbidden) and the PCR 4 boot mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "boot-tree.h"
#include "boot/discover-usb.h"
#include "boot/kexec.h"
#include "boot/verify-entry.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/measure.h"
#include "hw/tpm.h"
#include "swtpm-fixture.h"

static char workdir[] = "/tmp/vigil-bootmode-XXXXXX";

static void policy(void **state)
{
	(void)state;
	/* keys, unverified, restricted */
	assert_int_equal(boot_check_choose(true, false, false), BOOT_CHECK_VERIFY);
	assert_int_equal(boot_check_choose(true, false, true), BOOT_CHECK_VERIFY);
	assert_int_equal(boot_check_choose(false, false, false), BOOT_CHECK_NO_KEYS);
	assert_int_equal(boot_check_choose(false, false, true), BOOT_CHECK_NO_KEYS);
	assert_int_equal(boot_check_choose(true, true, false), BOOT_CHECK_UNVERIFIED);
	assert_int_equal(boot_check_choose(false, true, false), BOOT_CHECK_UNVERIFIED);
	/* Restricted: never unverified, keys or not. */
	assert_int_equal(boot_check_choose(true, true, true), BOOT_CHECK_FORBIDDEN);
	assert_int_equal(boot_check_choose(false, true, true), BOOT_CHECK_FORBIDDEN);
}

static void modes(void **state)
{
	(void)state;
	assert_string_equal(boot_check_mode(BOOT_CHECK_VERIFY, 0), "normal");
	assert_string_equal(boot_check_mode(BOOT_CHECK_NO_KEYS, 0), "normal");
	assert_string_equal(boot_check_mode(BOOT_CHECK_UNVERIFIED, 0), "unverified");
	/* A kernel from USB (or from a device that cannot be told) is never "normal"... */
	assert_string_equal(boot_check_mode(BOOT_CHECK_VERIFY, 1), "usb");
	assert_string_equal(boot_check_mode(BOOT_CHECK_NO_KEYS, 1), "usb");
	assert_string_equal(boot_check_mode(BOOT_CHECK_VERIFY, -1), "usb");
	/* ...and an unverified boot stays "unverified", from USB or not. */
	assert_string_equal(boot_check_mode(BOOT_CHECK_UNVERIFIED, 1), "unverified");
	assert_string_equal(boot_check_mode(BOOT_CHECK_UNVERIFIED, -1), "unverified");
}

/* sysfs as the kernel has it for a USB stick's partition and a virtio disk's. */
#define USB_SDA1 "devices/pci0000:00/0000:00:1d.0/usb2/2-1/2-1:1.0/host6/target6:0:0/" \
	"6:0:0:0/block/sda/sda1"
#define VIRTIO_VDA1 "devices/pci0000:00/0000:00:03.0/virtio1/block/vda/vda1"
#define LOOP0 "devices/virtual/block/loop0"

/* Make sys/dev/block/MAJ:MIN a link to the device's directory sys/target. */
static void sys_link(const char *sys, unsigned maj, unsigned min, const char *target)
{
	char *keep = xasprintf("%s/dev", target);
	char *link = xasprintf("%s/dev/block/%u:%u", sys, maj, min);
	char *to = xasprintf("../../%s", target);

	tree_write(sys, keep, "");	/* makes the device's directory */
	tree_write(sys, "dev/block/.keep", "");
	unlink(link);
	assert_int_equal(symlink(to, link), 0);
	free(keep);
	free(link);
	free(to);
}

static void kernel_on_usb_or_not(void **state)
{
	char *root = tree_new(), *sys = tree_new(), *kernel;
	struct boot_entry e = { .name = (char *)"live", .kernel = (char *)"/live/vmlinuz",
				.host_root = root };
	struct stat st;

	(void)state;
	tree_write(root, "live/vmlinuz", "kernel");
	kernel = xasprintf("%s/live/vmlinuz", root);
	assert_int_equal(stat(kernel, &st), 0);

	/* sysfs does not list the file system's device: not a block device, not USB. */
	assert_int_equal(boot_entry_from_usb(&e, sys), 0);
	sys_link(sys, major(st.st_dev), minor(st.st_dev), USB_SDA1);
	assert_int_equal(boot_entry_from_usb(&e, sys), 1);
	assert_string_equal(boot_check_mode(BOOT_CHECK_NO_KEYS, boot_entry_from_usb(&e, sys)),
			    "usb");
	sys_link(sys, major(st.st_dev), minor(st.st_dev), VIRTIO_VDA1);
	assert_int_equal(boot_entry_from_usb(&e, sys), 0);

	/* An ISO image on the stick, loop-mounted: where its backing file is. */
	sys_link(sys, major(st.st_dev), minor(st.st_dev), USB_SDA1);
	sys_link(sys, 7, 99, LOOP0);
	tree_write(sys, LOOP0 "/loop/backing_file", kernel);
	assert_int_equal(usb_holds_device(sys, 7, 99), 1);
	sys_link(sys, 259, 99, LOOP0 "/loop0p1");	/* a partition of it */
	assert_int_equal(usb_holds_device(sys, 259, 99), 1);
	sys_link(sys, major(st.st_dev), minor(st.st_dev), VIRTIO_VDA1);
	assert_int_equal(usb_holds_device(sys, 7, 99), 0);

	/* Device-mapper on top of the stick: where its slaves are. */
	sys_link(sys, major(st.st_dev), minor(st.st_dev), USB_SDA1);
	sys_link(sys, 254, 99, "devices/virtual/block/dm-0");
	tree_write(sys, "devices/virtual/block/dm-0/slaves/vda2/dev", "252:98\n");
	tree_write(sys, "devices/virtual/block/dm-0/slaves/sda1/dev", "8:99\n");
	sys_link(sys, 252, 98, "devices/pci0000:00/0000:00:03.0/virtio1/block/vda/vda2");
	sys_link(sys, 8, 99, USB_SDA1);
	assert_int_equal(usb_holds_device(sys, 254, 99), 1);

	/* Cannot tell: a backing file that is gone, a loop backed by itself. */
	tree_write(sys, LOOP0 "/loop/backing_file", "/nonexistent/image.iso (deleted)\n");
	assert_int_equal(usb_holds_device(sys, 7, 99), -1);
	assert_string_equal(boot_check_mode(BOOT_CHECK_VERIFY, usb_holds_device(sys, 7, 99)),
			    "usb");
	tree_write(sys, LOOP0 "/loop/backing_file", kernel);
	sys_link(sys, major(st.st_dev), minor(st.st_dev), LOOP0);
	assert_int_equal(usb_holds_device(sys, 7, 99), -1);

	/* A kernel that is not there: cannot tell, so not "normal". */
	e.host_root = root;
	e.kernel = (char *)"/live/missing";
	assert_int_equal(boot_entry_from_usb(&e, sys), -1);
	/* No mounted partition: nothing to boot, nothing to tell. */
	e.host_root = NULL;
	assert_int_equal(boot_entry_from_usb(&e, sys), 0);
	free(kernel);
	tree_remove(root);
	tree_remove(sys);
}

static void unmounted_entry_is_an_error(void **state)
{
	struct boot_entry e = { .name = (char *)"lost" };
	struct bootverify_result res;

	(void)state;
	assert_int_equal(verify_entry(&e, "/nonexistent", NULL, &res), BV_ERROR);
	assert_non_null(strstr(res.message, "entry 'lost' is not on a mounted partition"));
}

static int tpm_setup(void **state)
{
	char err[256], log[160];

	if (swtpm_setup(state) < 0)
		return -1;
	strcpy(workdir, "/tmp/vigil-bootmode-XXXXXX");
	if (!mkdtemp(workdir))
		return -1;
	snprintf(log, sizeof(log), "%s/eventlog.bin", workdir);
	measure_set_log_path(log);
	return measure_init(NULL, err, sizeof(err)) < 0 ? -1 : 0;
}

static int tpm_teardown(void **state)
{
	char *argv[] = { "rm", "-rf", workdir, NULL };

	measure_set_log_path(NULL);
	spawn_wait(argv);
	return swtpm_teardown(state);
}

/* PCR 4 from zero after one extend with SHA-256(word). */
static void expect_pcr4(const char *word)
{
	uint8_t digest[SHA256_LEN], buf[2 * SHA256_LEN] = { 0 }, want[SHA256_LEN], got[SHA256_LEN];
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	assert_non_null(tpm);
	hash_sha256(word, strlen(word), digest);
	memcpy(buf + SHA256_LEN, digest, SHA256_LEN);
	hash_sha256(buf, sizeof(buf), want);
	assert_int_equal(tpm_pcr_read(tpm, 4, got, err, sizeof(err)), 0);
	tpm_close(tpm);
	assert_memory_equal(got, want, SHA256_LEN);
}

static bool log_has(const char *text)
{
	size_t len;
	char *log = file_read_all(measure_log_path(), &len, 1 << 20);
	bool found;

	assert_non_null(log);
	found = memmem(log, len, text, strlen(text) + 1) != NULL;
	free(log);
	return found;
}

static void before_kexec_records_the_mode(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { .boot_mode = KEXEC_MODE_UNVERIFIED };
	char err[512];

	(void)state;
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
	expect_pcr4("unverified");
	assert_true(log_has("boot mode: unverified"));
}

static void before_kexec_normal_by_default(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { 0 };
	char err[512];

	(void)state;
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
	expect_pcr4("normal");
	assert_true(log_has("boot mode: normal"));
}

static void before_kexec_without_tpm_goes_on(void **state)
{
	struct boot_entry e = { .name = (char *)"demo" };
	struct kexec_plan plan = { 0 };
	struct kexec_options opt = { 0 };
	char err[512];

	(void)state;
	setenv("VIGIL_TCTI", "device:/nonexistent", 1);
	assert_int_equal(boot_before_kexec(&e, &plan, &opt, err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy),
		cmocka_unit_test(modes),
		cmocka_unit_test(kernel_on_usb_or_not),
		cmocka_unit_test(unmounted_entry_is_an_error),
		cmocka_unit_test_setup_teardown(before_kexec_records_the_mode, tpm_setup,
						tpm_teardown),
		cmocka_unit_test_setup_teardown(before_kexec_normal_by_default, tpm_setup,
						tpm_teardown),
		cmocka_unit_test(before_kexec_without_tpm_goes_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
