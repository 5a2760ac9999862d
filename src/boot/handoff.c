/* handoff.c - the cpio with the event log that rides along in the OS's initrd. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cpio.h"
#include "boot/handoff.h"
#include "common/fileio.h"

#define LOG_MAX (16u << 20)

int handoff_write(const char *path, const char *log_path, char *err, size_t errlen)
{
	struct cpio_entry entries[2] = {
		{ .name = "vigil", .mode = 0040755 },
		{ .name = HANDOFF_LOG_NAME, .mode = 0100444 },
	};
	size_t len = 0, n = 1;
	char *log;
	int ret;

	log = file_read_all(log_path, &len, LOG_MAX);
	if (!log && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", log_path, strerror(errno));
		return -1;
	}
	if (log) {
		entries[1].data = log;
		entries[1].len = len;
		n = 2;
	}
	ret = cpio_write(path, entries, n, err, errlen);
	free(log);
	return ret;
}
