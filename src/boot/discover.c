/* discover.c - walk /sys/block for disks and partitions, mount the readable ones, scan their configs. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/discover-probe.h"
#include "boot/discover-usb.h"
#include "boot/discover.h"
#include "boot/mount.h"
#include "boot/parser.h"
#include "boot/partition.h"
#include "common/fileio.h"
#include "common/xmalloc.h"

static const char *sys_block(const struct discover_options *opt)
{
	return opt->sys_block ? opt->sys_block : "/sys/block";
}

/*
 * Disks worth probing: not RAM disks, compressed swap, device-mapper
 * targets (unlocking LUKS makes its own) or floppies; loop devices only when
 * asked (they are images the user attached, or our own tests').
 */
static bool wanted_disk(const char *name, const struct discover_options *opt)
{
	static const char *const skipped[] = { "ram", "zram", "dm-", "fd", "nbd", NULL };
	size_t i;

	if (name[0] == '.')
		return false;
	if (opt->only) {
		for (i = 0; opt->only[i]; i++)
			if (!strcmp(name, opt->only[i]))
				return true;
		return false;
	}
	if (!strncmp(name, "loop", 4))
		return opt->include_loop;
	for (i = 0; skipped[i]; i++)
		if (!strncmp(name, skipped[i], strlen(skipped[i])))
			return false;
	return true;
}

/* A number from a sysfs attribute; -1 if it cannot be read. */
static long long sysfs_number(const char *path)
{
	char *text = file_read_all(path, NULL, 64);
	long long v = -1;

	if (text) {
		char *end;

		errno = 0;
		v = strtoll(text, &end, 10);
		if (errno || end == text)
			v = -1;
		free(text);
	}
	return v;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir accepted by keep, sorted. */
static void list_dir(const char *dir, struct strlist *names,
		     bool (*keep)(const char *dir, const char *name, const void *ctx), const void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (keep(dir, de->d_name, ctx))
			strlist_pushdup(names, de->d_name);
	closedir(d);
	if (names->n)
		qsort(names->v, names->n, sizeof(*names->v), cmp_names);
}

static bool keep_disk(const char *dir, const char *name, const void *ctx)
{
	(void)dir;
	return wanted_disk(name, ctx);
}

/* Partitions of a disk are its subdirectories with a "partition" attribute. */
static bool keep_partition(const char *dir, const char *name, const void *ctx)
{
	const char *disk = ctx;
	char *path;
	long long n;

	if (strncmp(name, disk, strlen(disk)) != 0)
		return false;
	path = xasprintf("%s/%s/partition", dir, name);
	n = sysfs_number(path);
	free(path);
	return n > 0;
}

static char *dev_node(const struct discover_options *opt, const char *name)
{
	return xasprintf("%s/%s", opt->dev_dir ? opt->dev_dir : "/dev", name);
}

/* A device the walk found: kernel name, GRUB's guess for its disk, partition number (0: none). */
typedef void walk_fn(void *ctx, const char *name, const char *grub_disk, long long partno);

/*
 * Every wanted disk in sys_block order: its partitions, or the disk itself
 * when it has none. USB sticks usb-storage is still scanning are waited for
 * first (briefly); the ones still missing become a warning.
 */
static void walk_devices(const struct discover_options *opt, struct strlist *warnings,
			 walk_fn *fn, void *ctx)
{
	struct strlist disks = { 0 };
	const char *usb_dir;
	size_t i, j;

	usb_dir = opt->usb_storage_dir ? opt->usb_storage_dir
				       : opt->sys_block ? NULL : USB_STORAGE_DIR;
	if (usb_dir)
		usb_wait_for_disks(usb_dir, opt->usb_settle_ms ? opt->usb_settle_ms : USB_SETTLE_MS,
				   warnings);
	list_dir(sys_block(opt), &disks, keep_disk, opt);
	for (i = 0; i < disks.n; i++) {
		char *dir = xasprintf("%s/%s", sys_block(opt), disks.v[i]);
		char *size_path = xasprintf("%s/size", dir);
		/* GRUB numbers BIOS disks in firmware order; ours is the best guess we have. */
		char *grub_disk = xasprintf("hd%zu", i);
		struct strlist parts = { 0 };

		/* An empty card reader or CD drive has size 0. */
		if (sysfs_number(size_path) > 0) {
			list_dir(dir, &parts, keep_partition, disks.v[i]);
			if (parts.n == 0)
				fn(ctx, disks.v[i], grub_disk, 0);
			for (j = 0; j < parts.n; j++) {
				char *partition = xasprintf("%s/%s/partition", dir, parts.v[j]);

				fn(ctx, parts.v[j], grub_disk, sysfs_number(partition));
				free(partition);
			}
		}
		strlist_free(&parts);
		free(grub_disk);
		free(size_path);
		free(dir);
	}
	strlist_free(&disks);
}

static void add_found(struct discovery *d, const struct discover_options *opt,
		      const char *name, const char *grub_disk, long long partno)
{
	char *devnode = dev_node(opt, name);
	struct probe_result r;
	struct discovered *f;
	char err[512];

	if (probe_device(devnode, &r, err, sizeof(err)) < 0) {
		strlist_pushdup(&d->warnings, err);
		free(devnode);
		return;
	}
	if (!probe_fstype_supported(r.fstype)) {
		/* swap, LUKS, LVM, unknown: no boot configs to read there */
		probe_result_free(&r);
		free(devnode);
		return;
	}
	d->items = xrealloc(d->items, (d->count + 1) * sizeof(*d->items));
	f = &d->items[d->count++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->devnode = devnode;
	f->fstype = r.fstype;
	f->uuid = r.uuid;
	f->label = r.label;
	if (partno > 0)
		f->grub_name = xasprintf("%s,%s%lld", grub_disk,
					 r.scheme && !strcmp(r.scheme, "gpt") ? "gpt" : "msdos",
					 partno);
	else
		f->grub_name = xstrdup(grub_disk);
	free(r.scheme);
}

struct found_ctx {
	struct discovery *d;
	const struct discover_options *opt;
};

static void found_one(void *ctx, const char *name, const char *grub_disk, long long partno)
{
	struct found_ctx *c = ctx;

	add_found(c->d, c->opt, name, grub_disk, partno);
}

void discover_devices(struct discovery *d, const struct discover_options *opt)
{
	struct found_ctx c = { d, opt };

	memset(d, 0, sizeof(*d));
	walk_devices(opt, &d->warnings, found_one, &c);
}

struct nodes_ctx {
	struct strlist *nodes;
	const struct discover_options *opt;
};

static void node_one(void *ctx, const char *name, const char *grub_disk, long long partno)
{
	struct nodes_ctx *c = ctx;

	(void)grub_disk;
	(void)partno;
	strlist_push(c->nodes, dev_node(c->opt, name));
}

void discover_device_nodes(const struct discover_options *opt, struct strlist *nodes,
			   struct strlist *warnings)
{
	struct nodes_ctx c = { nodes, opt };

	walk_devices(opt, warnings, node_one, &c);
}

size_t discover_mount(struct discovery *d, const struct discover_options *opt)
{
	const char *base = opt->mount_dir ? opt->mount_dir : DISCOVER_MOUNT_DIR;
	size_t i, mounted = 0;
	char err[512];

	if (mount_make_dirs(base, err, sizeof(err)) < 0) {
		strlist_pushdup(&d->warnings, err);
		return 0;
	}
	for (i = 0; i < d->count; i++) {
		struct discovered *f = &d->items[i];
		char *mp;

		if (f->mountpoint) {
			mounted++;
			continue;
		}
		mp = xasprintf("%s/%s", base, f->name);
		if (mount_readonly(f->devnode, f->fstype, mp, &f->mounted_here, err,
				   sizeof(err)) < 0) {
			strlist_pushdup(&d->warnings, err);
			free(mp);
			continue;
		}
		f->mountpoint = mp;
		mounted++;
	}
	return mounted;
}

size_t discover_scan(const struct discovery *d, struct boot_entry_list *out)
{
	struct boot_partition *parts = xcalloc(d->count + 1, sizeof(*parts));
	size_t i, n = 0, added = 0;

	for (i = 0; i < d->count; i++) {
		const struct discovered *f = &d->items[i];

		if (!f->mountpoint)
			continue;
		parts[n].root = f->mountpoint;
		parts[n].device = f->devnode;
		parts[n].uuid = f->uuid;
		parts[n].label = f->label;
		parts[n].grub_name = f->grub_name;
		parts[n].fstype = f->fstype;
		n++;
	}
	for (i = 0; i < n; i++)
		added += boot_scan_partition(out, parts, n, i);
	free(parts);
	return added;
}

void discover_release(struct discovery *d)
{
	size_t i;
	char err[512];

	for (i = 0; i < d->count; i++) {
		struct discovered *f = &d->items[i];

		if (f->mountpoint && f->mounted_here && mount_release(f->mountpoint, err,
								      sizeof(err)) < 0)
			fprintf(stderr, "vigil: %s\n", err);
		free(f->name);
		free(f->devnode);
		free(f->fstype);
		free(f->uuid);
		free(f->label);
		free(f->grub_name);
		free(f->mountpoint);
	}
	free(d->items);
	strlist_free(&d->warnings);
	memset(d, 0, sizeof(*d));
}

size_t discover_entries(struct discovery *d, const struct discover_options *opt,
			struct boot_entry_list *out)
{
	discover_devices(d, opt);
	discover_mount(d, opt);
	return discover_scan(d, out);
}
