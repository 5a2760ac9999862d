/*
 * test-boot-discover.c - discovery on real disk images attached to a loop device: GPT
 * (ext4 + vfat), and MBR with a primary ext4 and a vfat logical partition in an extended one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boot/discover-usb.h"
#include "boot/discover.h"
#include "boot/json.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "boot-tree.h"

struct disk {
	char *dir;		/* scratch: image, trees, mounts */
	char *image;
	char *loop;		/* "/dev/loop3", NULL if not attached */
	char *mount_dir;
	const char *fat_type;	/* "vfat", or "ext2" where the kernel cannot mount FAT */
	const char *table;	/* sfdisk script: the partition table */
	int fat_part;		/* number of the FAT partition: 2 (GPT), 5 (logical, MBR) */
	struct discovery d;
};

/* GPT: two partitions. */
static const char gpt_table[] = "label: gpt\nsize=16MiB, type=linux\ntype=linux\n";
/* MBR: a primary, an extended partition and, inside it, a logical one (number 5). */
static const char mbr_table[] = "label: dos\nsize=16MiB, type=83\ntype=5\ntype=c\n";

static int run(char *const argv[])
{
	int status = spawn_wait(argv);

	if (status != 0)
		fprintf(stderr, "test-boot-discover: %s exited with %d\n", argv[0], status);
	return status;
}

/* sfdisk reads its script on stdin. */
static int run_with_stdin(char *const argv[], const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(path, O_RDONLY);

		if (fd < 0 || dup2(fd, 0) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define RUN(...) run((char *[]){ __VA_ARGS__, NULL })

static char *node(const struct disk *k, int part)
{
	return xasprintf("%sp%d", k->loop, part);
}

/* losetup, then partx -a: losetup -P makes no partition nodes on some hosts. */
static int attach(struct disk *k)
{
	char *out = xasprintf("%s/losetup.out", k->dir);
	char *text;
	int i, ret = -1;

	if (spawn_wait_to_file((char *[]){ "losetup", "-f", "--show", k->image, NULL }, out) != 0)
		goto out;
	text = file_read_all(out, NULL, 4096);
	if (!text || strncmp(text, "/dev/loop", 9) != 0) {
		free(text);
		goto out;
	}
	text[strcspn(text, "\n")] = '\0';
	k->loop = text;
	if (RUN("partx", "-a", k->loop) != 0)
		goto out;
	for (i = 0; i < 50; i++) {
		char *last = node(k, k->fat_part);
		struct stat st;
		int found = stat(last, &st) == 0;

		free(last);
		if (found) {
			ret = 0;
			break;
		}
		usleep(100000);
	}
out:
	free(out);
	return ret;
}

static const char ext_grub_cfg[] =
	"set default=1\n"
	"menuentry 'Linux on ext4' {\n"
	"\tlinux /boot/vmlinuz root=LABEL=vigil-ext ro\n"
	"\tinitrd /boot/initrd.img\n"
	"}\n"
	"menuentry 'Linux on the FAT partition' {\n"
	"\tsearch --no-floppy --label --set=root VIGILFAT\n"
	"\tlinux /vmlinuz-fat console=ttyS0\n"
	"}\n";

static const char fat_syslinux_cfg[] =
	"DEFAULT fat\n"
	"LABEL fat\n"
	"  MENU LABEL syslinux on FAT\n"
	"  KERNEL /vmlinuz-fat\n"
	"  APPEND initrd=/initrd-fat.img quiet\n";

/* Can this kernel mount fstype? (The payload's can mount vfat; some CI hosts cannot.) */
static bool kernel_has(const char *fstype)
{
	char *fs = file_read_all("/proc/filesystems", NULL, 1 << 16);
	char *want = xasprintf("\t%s\n", fstype);
	bool found = fs && strstr(fs, want);

	free(fs);
	free(want);
	return found;
}

static int make_disk(struct disk *k)
{
	char *ext = xasprintf("%s/ext", k->dir), *fat = xasprintf("%s/fat", k->dir);
	char *p1 = NULL, *p2 = NULL, *sfdisk_in = xasprintf("%s/sfdisk.in", k->dir);
	char *fat_files[3];
	int i, ret = -1;

	fat_files[0] = xasprintf("%s/syslinux.cfg", fat);
	fat_files[1] = xasprintf("%s/vmlinuz-fat", fat);
	fat_files[2] = xasprintf("%s/initrd-fat.img", fat);

	tree_write(k->dir, "ext/boot/grub/grub.cfg", ext_grub_cfg);
	tree_write(k->dir, "ext/boot/vmlinuz", "kernel");
	tree_write(k->dir, "ext/boot/initrd.img", "initrd");
	tree_write(k->dir, "fat/syslinux.cfg", fat_syslinux_cfg);
	tree_write(k->dir, "fat/vmlinuz-fat", "kernel");
	tree_write(k->dir, "fat/initrd-fat.img", "initrd");
	tree_write(k->dir, "sfdisk.in", k->table);
	if (RUN("truncate", "-s", "40M", k->image) != 0 ||
	    run_with_stdin((char *[]){ "sfdisk", "-q", k->image, NULL }, sfdisk_in) != 0)
		goto out;
	if (attach(k) < 0)
		goto out;
	p1 = node(k, 1);
	p2 = node(k, k->fat_part);
	if (RUN("mkfs.ext4", "-q", "-F", "-L", "vigil-ext", "-d", ext, p1) != 0)
		goto out;
	k->fat_type = kernel_has("vfat") ? "vfat" : "ext2";
	if (strcmp(k->fat_type, "vfat") != 0) {
		fprintf(stderr, "test-boot-discover: this kernel has no vfat: partition %d is ext2\n",
			k->fat_part);
		if (RUN("mkfs.ext4", "-q", "-F", "-t", "ext2", "-L", "VIGILFAT", "-d", fat, p2) != 0)
			goto out;
	} else if (RUN("mkfs.vfat", "-n", "VIGILFAT", p2) != 0 ||
		   RUN("mcopy", "-s", "-i", p2, fat_files[0], fat_files[1], fat_files[2],
		       "::/") != 0) {
		goto out;
	}
	ret = 0;
out:
	free(ext);
	free(fat);
	for (i = 0; i < 3; i++)
		free(fat_files[i]);
	free(p1);
	free(p2);
	free(sfdisk_in);
	return ret;
}

static int setup_disk(void **state, const char *table, int fat_part)
{
	struct disk *k = xcalloc(1, sizeof(*k));

	*state = k;
	k->table = table;
	k->fat_part = fat_part;
	k->dir = tree_new();
	k->image = xasprintf("%s/disk.img", k->dir);
	k->mount_dir = xasprintf("%s/mnt", k->dir);
	if (geteuid() != 0 || access("/dev/loop-control", F_OK) != 0)
		return 0;	/* the test skips */
	if (make_disk(k) < 0) {
		fprintf(stderr, "test-boot-discover: no loop device disk image, skipping\n");
		return 0;
	}
	return 0;
}

static int setup(void **state)
{
	return setup_disk(state, gpt_table, 2);
}

static int setup_mbr(void **state)
{
	return setup_disk(state, mbr_table, 5);
}

static int teardown(void **state)
{
	struct disk *k = *state;

	discover_release(&k->d);
	if (k->loop) {
		RUN("partx", "-d", k->loop);
		RUN("losetup", "-d", k->loop);
	}
	tree_remove(k->dir);
	free(k->image);
	free(k->loop);
	free(k->mount_dir);
	free(k);
	return 0;
}

static bool is_mounted(const char *path)
{
	char *mounts = file_read_all("/proc/self/mounts", NULL, 1 << 22);
	bool found = mounts && strstr(mounts, path);

	free(mounts);
	return found;
}

static void finds_and_mounts_both(void **state)
{
	struct disk *k = *state;
	const char *only[2] = { NULL, NULL };
	struct discover_options opt = { .mount_dir = k->mount_dir, .only = only };
	struct boot_entry_list list = { 0 };
	char *p1, *p2, *mp;
	size_t i;

	if (!k->loop)
		skip();
	only[0] = k->loop + strlen("/dev/");
	discover_devices(&k->d, &opt);
	for (i = 0; i < k->d.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", k->d.warnings.v[i]);
	assert_int_equal(k->d.count, 2);
	p1 = node(k, 1);
	p2 = node(k, 2);
	assert_string_equal(k->d.items[0].devnode, p1);
	assert_string_equal(k->d.items[0].fstype, "ext4");
	assert_string_equal(k->d.items[0].label, "vigil-ext");
	assert_non_null(k->d.items[0].uuid);
	assert_string_equal(k->d.items[0].grub_name, "hd0,gpt1");
	assert_string_equal(k->d.items[1].devnode, p2);
	assert_string_equal(k->d.items[1].fstype, k->fat_type);
	assert_string_equal(k->d.items[1].label, "VIGILFAT");
	assert_string_equal(k->d.items[1].grub_name, "hd0,gpt2");

	discover_mount(&k->d, &opt);
	for (i = 0; i < k->d.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", k->d.warnings.v[i]);
	assert_int_equal(k->d.warnings.n, 0);
	mp = xasprintf("%s/%s", k->mount_dir, k->d.items[1].name);
	assert_string_equal(k->d.items[1].mountpoint, mp);
	assert_true(k->d.items[1].mounted_here);
	assert_true(is_mounted(mp));
	/* read-only: nothing from a boot disk is ever written */
	assert_int_equal(access(mp, W_OK), -1);

	assert_int_equal(discover_scan(&k->d, &list), 3);
	assert_string_equal(list.items[0]->name, "Linux on ext4");
	assert_string_equal(list.items[0]->host_root, k->d.items[0].mountpoint);
	assert_string_equal(list.items[0]->device, p1);
	/* GRUB's search found the FAT partition by label: the kernel is there */
	assert_string_equal(list.items[1]->name, "Linux on the FAT partition");
	assert_true(list.items[1]->is_default);
	assert_string_equal(list.items[1]->host_root, mp);
	assert_string_equal(list.items[1]->kernel, "/vmlinuz-fat");
	assert_string_equal(list.items[2]->name, "syslinux on FAT");
	assert_int_equal(list.items[2]->source, BOOT_SOURCE_SYSLINUX);
	assert_string_equal(list.items[2]->initrd.v[0], "/initrd-fat.img");
	assert_string_equal(list.items[2]->device, p2);

	discover_release(&k->d);
	assert_false(is_mounted(mp));
	boot_list_free(&list);
	free(mp);
	free(p1);
	free(p2);
}

static void reuses_its_own_mounts(void **state)
{
	struct disk *k = *state;
	const char *only[2] = { NULL, NULL };
	struct discover_options opt = { .mount_dir = k->mount_dir, .only = only };
	struct discovery again;
	struct boot_entry_list list = { 0 };

	if (!k->loop)
		skip();
	only[0] = k->loop + strlen("/dev/");
	assert_int_equal(discover_entries(&k->d, &opt, &list), 3);
	/* A second discovery (say, the menu after "vigil entries") finds them mounted. */
	discover_devices(&again, &opt);
	assert_int_equal(discover_mount(&again, &opt), 2);
	assert_false(again.items[0].mounted_here);
	assert_false(again.items[1].mounted_here);
	discover_release(&again);
	assert_true(is_mounted(k->d.items[0].mountpoint));
	boot_list_free(&list);
}

/*
 * MBR: libblkid and the kernel number a logical partition 5 whatever its
 * place; GRUB calls it msdos5. The extended partition holding it (a
 * partition table, no file system) is passed over without a warning.
 */
static void finds_primary_and_logical_on_mbr(void **state)
{
	struct disk *k = *state;
	const char *only[2] = { NULL, NULL };
	struct discover_options opt = { .mount_dir = k->mount_dir, .only = only };
	struct boot_entry_list list = { 0 };
	char *p1, *p2, *p5;
	struct stat st;
	size_t i;

	if (!k->loop)
		skip();
	only[0] = k->loop + strlen("/dev/");
	p2 = node(k, 2);
	assert_int_equal(stat(p2, &st), 0);	/* the extended partition is there, and skipped */
	free(p2);
	discover_devices(&k->d, &opt);
	for (i = 0; i < k->d.warnings.n; i++)
		fprintf(stderr, "warning: %s\n", k->d.warnings.v[i]);
	assert_int_equal(k->d.warnings.n, 0);
	assert_int_equal(k->d.count, 2);
	p1 = node(k, 1);
	p5 = node(k, 5);
	assert_string_equal(k->d.items[0].devnode, p1);
	assert_string_equal(k->d.items[0].fstype, "ext4");
	assert_string_equal(k->d.items[0].grub_name, "hd0,msdos1");
	assert_string_equal(k->d.items[1].devnode, p5);
	assert_string_equal(k->d.items[1].fstype, k->fat_type);
	assert_string_equal(k->d.items[1].label, "VIGILFAT");
	assert_string_equal(k->d.items[1].grub_name, "hd0,msdos5");

	discover_mount(&k->d, &opt);
	assert_int_equal(k->d.warnings.n, 0);
	assert_int_equal(discover_scan(&k->d, &list), 3);
	assert_string_equal(list.items[0]->name, "Linux on ext4");
	assert_string_equal(list.items[0]->device, p1);
	/* GRUB's search by label finds the logical partition */
	assert_string_equal(list.items[1]->name, "Linux on the FAT partition");
	assert_string_equal(list.items[1]->device, p5);
	assert_string_equal(list.items[1]->host_root, k->d.items[1].mountpoint);
	assert_string_equal(list.items[2]->name, "syslinux on FAT");
	assert_string_equal(list.items[2]->device, p5);
	boot_list_free(&list);
	free(p1);
	free(p5);
}

static void skips_unwanted_disks(void **state)
{
	char *sys = tree_new();
	struct discover_options opt = { .sys_block = sys, .dev_dir = sys };
	struct discovery d;

	/* RAM disks, zram, device-mapper and loop devices are not looked at by default. */
	tree_write(sys, "ram0/size", "8192\n");
	tree_write(sys, "zram0/size", "8192\n");
	tree_write(sys, "dm-0/size", "8192\n");
	tree_write(sys, "loop0/size", "8192\n");
	/* An empty drive (size 0) is not probed either; a disk that cannot be read warns. */
	tree_write(sys, "sr0/size", "0\n");
	tree_write(sys, "vdz/size", "8192\n");
	discover_devices(&d, &opt);
	assert_int_equal(d.count, 0);
	assert_int_equal(d.warnings.n, 1);
	assert_non_null(strstr(d.warnings.v[0], "/vdz: cannot probe"));
	discover_release(&d);
	tree_remove(sys);
}

/* A stick usb-storage bound but has not scanned yet is waited for, not missed silently. */
static void waits_for_usb_disks(void **state)
{
	char *sys = tree_new(), *usb = xasprintf("%s/usb-storage", sys);
	struct discover_options opt = { .sys_block = sys, .dev_dir = sys, .usb_storage_dir = usb,
					.usb_settle_ms = 300 };
	struct strlist warnings = { 0 };
	struct discovery d;
	struct timespec t0, t1;
	long ms;

	tree_write(sys, "usb-storage/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sda/dev", "8:0\n");
	tree_write(sys, "usb-storage/module", "");
	tree_write(sys, "usb-storage/new_id", "");
	assert_int_equal(usb_disks_pending(usb), 0);
	assert_int_equal(usb_wait_for_disks(usb, 5000, &warnings), 0);
	assert_int_equal(warnings.n, 0);

	tree_write(sys, "usb-storage/3-1:1.0/host7/target7:0:0/7:0:0:0/type", "0\n");
	assert_int_equal(usb_disks_pending(usb), 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	discover_devices(&d, &opt);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 300 && ms < 3000);
	assert_int_equal(d.warnings.n, 1);
	assert_string_equal(d.warnings.v[0],
			    "1 USB storage device still without a disk after 300 ms, not looked at");
	discover_release(&d);

	/* A test's own sysfs: the host's usb-storage is not waited for. */
	opt.usb_storage_dir = NULL;
	discover_devices(&d, &opt);
	assert_int_equal(d.warnings.n, 0);
	discover_release(&d);
	free(usb);
	tree_remove(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(finds_and_mounts_both, setup, teardown),
		cmocka_unit_test_setup_teardown(reuses_its_own_mounts, setup, teardown),
		cmocka_unit_test_setup_teardown(finds_primary_and_logical_on_mbr, setup_mbr, teardown),
		cmocka_unit_test(skips_unwanted_disks),
		cmocka_unit_test(waits_for_usb_disks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
