/* discover-usb.c - USB storage: wait briefly for sticks still being scanned, tell what is on USB. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "boot/discover-usb.h"
#include "common/fileio.h"
#include "common/xmalloc.h"

#define POLL_MS 100

/* An interface ("2-1:1.0") has a disk once a SCSI device under its host has a block device. */
static bool has_disk(const char *dir, const char *iface)
{
	char *pattern = xasprintf("%s/%s/host*/target*/*/block/*", dir, iface);
	glob_t g;
	bool found = glob(pattern, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;

	globfree(&g);
	free(pattern);
	return found;
}

size_t usb_disks_pending(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t pending = 0;

	if (!d)
		return 0;	/* no usb-storage driver: nothing to wait for */
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strchr(de->d_name, ':') && !has_disk(dir, de->d_name))
			pending++;
	closedir(d);
	return pending;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t usb_wait_for_disks(const char *dir, unsigned max_ms, struct strlist *warnings)
{
	long long deadline = now_ms() + max_ms;
	size_t pending;

	while ((pending = usb_disks_pending(dir)) > 0 && now_ms() < deadline) {
		struct timespec ts = { 0, POLL_MS * 1000000L };

		nanosleep(&ts, NULL);
	}
	if (pending)
		strlist_push(warnings, xasprintf("%zu USB storage device%s still without a disk "
						 "after %u ms, not looked at",
						 pending, pending == 1 ? "" : "s", max_ms));
	return pending;
}

#define NESTING_MAX 8	/* loop on a file on a loop...: more is a loop in the loops */

static int holds_device(const char *sys_root, unsigned major, unsigned minor, int depth);

static int holds_path(const char *sys_root, const char *path, int depth)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return holds_device(sys_root, major(st.st_dev), minor(st.st_dev), depth);
}

/* A path component "usb1", "usb12": the bus of a USB host controller. */
static bool through_usb_bus(const char *real)
{
	const char *p = real;

	while ((p = strstr(p, "/usb"))) {
		p += 4;
		if (!isdigit((unsigned char)*p))
			continue;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '/' || *p == '\0')
			return true;
	}
	return false;
}

/* A loop device's backing file, from its own loop/ or (for a partition, loop0p1) its disk's. */
static char *loop_backing_file(const char *real)
{
	static const char *const where[] = { "loop/backing_file", "../loop/backing_file" };
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		char *path = xasprintf("%s/%s", real, where[i]);
		char *text = file_read_all(path, NULL, PATH_MAX + 64);

		free(path);
		if (text) {
			text[strcspn(text, "\n")] = '\0';
			return text;
		}
	}
	return NULL;
}

/* Device-mapper (and md) devices: on USB if any device under them is; -1 if one cannot be told. */
static int slaves_hold(const char *sys_root, const char *real, int depth)
{
	char *dir = xasprintf("%s/slaves", real);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		free(dir);
		return 0;
	}
	while (ret != 1 && (de = readdir(d))) {
		char *dev_path, *text;
		unsigned maj, min;
		int r = -1;

		if (de->d_name[0] == '.')
			continue;
		dev_path = xasprintf("%s/%s/dev", dir, de->d_name);
		text = file_read_all(dev_path, NULL, 64);
		if (text && sscanf(text, "%u:%u", &maj, &min) == 2)
			r = holds_device(sys_root, maj, min, depth - 1);
		free(text);
		free(dev_path);
		if (r != 0)
			ret = r;
	}
	closedir(d);
	free(dir);
	return ret;
}

static int holds_device(const char *sys_root, unsigned major, unsigned minor, int depth)
{
	char *link, *real, *backing;
	int ret;

	if (depth <= 0)
		return -1;
	link = xasprintf("%s/dev/block/%u:%u", sys_root ? sys_root : "/sys", major, minor);
	real = realpath(link, NULL);
	free(link);
	if (!real)
		return errno == ENOENT ? 0 : -1;
	if (through_usb_bus(real)) {
		ret = 1;
	} else if ((backing = loop_backing_file(real))) {
		ret = holds_path(sys_root, backing, depth - 1);
		free(backing);
	} else {
		ret = slaves_hold(sys_root, real, depth);
	}
	free(real);
	return ret;
}

int usb_holds_device(const char *sys_root, unsigned major, unsigned minor)
{
	return holds_device(sys_root, major, minor, NESTING_MAX);
}
