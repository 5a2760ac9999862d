/* discover.h - find the file systems on block devices, mount them read-only, scan their boot configs. */
#ifndef VIGIL_BOOT_DISCOVER_H
#define VIGIL_BOOT_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "boot/strbuf.h"

#define DISCOVER_MOUNT_DIR "/run/vigil/mnt"

struct discover_options {
	const char *sys_block;		/* NULL: "/sys/block" */
	const char *dev_dir;		/* NULL: "/dev" */
	const char *mount_dir;		/* NULL: DISCOVER_MOUNT_DIR; each at mount_dir/NAME */
	bool include_loop;		/* loop devices too (test images) */
	const char *const *only;	/* NULL, or the only disks (names in sys_block) to look at */
	/* usb-storage's sysfs directory; NULL: USB_STORAGE_DIR, or none with a sys_block of one's own */
	const char *usb_storage_dir;
	unsigned usb_settle_ms;		/* longest wait for USB disks; 0: USB_SETTLE_MS */
};

/* One file system vigil can read: a partition, or a whole disk without partitions. */
struct discovered {
	char *name;		/* kernel name: "vda1", "sr0" */
	char *devnode;		/* "/dev/vda1" */
	char *fstype;		/* ext2, ext3, ext4, vfat or iso9660 */
	char *uuid;		/* may be NULL */
	char *label;		/* may be NULL */
	char *grub_name;	/* GRUB's name for it, a guess: "hd0,msdos1" */
	char *mountpoint;	/* NULL until mounted */
	bool mounted_here;	/* discover_release() unmounts it */
};

struct discovery {
	struct discovered *items;
	size_t count;
	struct strlist warnings;	/* devices that could not be probed or mounted */
};

/*
 * Probe every disk and partition in /sys/block; nothing is mounted yet.
 * USB sticks usb-storage is still scanning are waited for first (briefly).
 */
void discover_devices(struct discovery *d, const struct discover_options *opt);

/*
 * The device nodes ("/dev/vda3") of every disk and partition
 * discover_devices() looks at, probed or not, in the same order and after
 * the same wait for USB sticks, appended to nodes: for what lies beside the
 * file systems (LUKS headers). USB disks still missing after the wait are a
 * warning.
 */
void discover_device_nodes(const struct discover_options *opt, struct strlist *nodes,
			   struct strlist *warnings);

/* Mount each found file system read-only; failures become warnings. Returns how many are mounted. */
size_t discover_mount(struct discovery *d, const struct discover_options *opt);

/* Run the config parsers over every mounted file system (GRUB's search sees them all). */
size_t discover_scan(const struct discovery *d, struct boot_entry_list *out);

/* Unmount what discover_mount() mounted and free everything. */
void discover_release(struct discovery *d);

/* All of it for "vigil entries" and "vigil boot": find, mount, scan. */
size_t discover_entries(struct discovery *d, const struct discover_options *opt,
			struct boot_entry_list *out);

#endif
