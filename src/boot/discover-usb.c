/* discover-usb.c - wait, briefly, for the disks of USB sticks usb-storage is still scanning. */
#include <dirent.h>
#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boot/discover-usb.h"
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
