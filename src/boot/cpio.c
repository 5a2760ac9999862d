/*
 * cpio.c - the newc cpio writer. Hand-written: the format is a fixed ASCII
 * header per file (see the kernel's Documentation/driver-api/early-userspace/
 * buffer-format.rst) and libarchive would add ~0.8 MB to the payload for it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cpio.h"
#include "boot/strbuf.h"
#include "common/fileio.h"

#define CPIO_MAX_FILE (64u << 20)

static void pad4(struct strbuf *b)
{
	static const char zeros[4];

	sb_putn(b, zeros, (4 - b->len % 4) % 4);
}

/* One header, the name with its NUL, padding, then the data and padding again. */
static void add(struct strbuf *b, unsigned ino, const char *name, uint32_t mode,
		const void *data, size_t len)
{
	char header[111];
	size_t namesize = strlen(name) + 1;

	/* magic, ino, mode, uid, gid, nlink, mtime, filesize, dev maj/min, rdev maj/min, namesize, check */
	snprintf(header, sizeof(header), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, (mode & 0170000) == 0040000 ? 2u : 1u, 0u, (unsigned)len,
		 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	sb_putn(b, header, 110);
	sb_putn(b, name, namesize);
	pad4(b);
	if (len) {
		sb_putn(b, data, len);
		pad4(b);
	}
}

int cpio_write(const char *path, const struct cpio_entry *entries, size_t n,
	       char *err, size_t errlen)
{
	struct strbuf b = { 0 };
	size_t i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		if (!entries[i].name[0] || entries[i].name[0] == '/' ||
		    entries[i].len > CPIO_MAX_FILE) {
			snprintf(err, errlen, "cpio entry '%s': a relative name and at most %u "
				 "bytes, please", entries[i].name, CPIO_MAX_FILE);
			sb_free(&b);
			return -1;
		}
		add(&b, (unsigned)i + 1, entries[i].name, entries[i].mode, entries[i].data,
		    entries[i].len);
	}
	add(&b, 0, "TRAILER!!!", 0, NULL, 0);
	if (file_write_atomic(path, b.s, b.len, 0600) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ret = -1;
	}
	sb_free(&b);
	return ret;
}
