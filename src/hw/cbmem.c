/* cbmem.c - locate coreboot's table (LBIO) in low memory and its CBMEM entries. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "hw/cbmem.h"

/* coreboot's commonlib/coreboot_tables.h */
#define LB_TAG_FORWARD 0x0011u
#define LB_TAG_CBMEM_ENTRY 0x0031u
#define LB_HEADER_LEN 24	/* "LBIO", header_bytes, header_checksum, table_bytes, table_checksum, entries */
#define LB_RECORD_LEN 8		/* tag, size */
#define LB_FORWARD_LEN 16	/* record, u64 forward */
#define LB_CBMEM_ENTRY_LEN 24	/* record, u64 address, u32 entry_size, u32 id */

/* util/cbmem searches 4 KiB at each base; x86 coreboot forwards from 0x500 to high memory. */
#define LB_SEARCH_LEN 4096
#define LB_TABLE_MAX (1u << 20)
#define LB_FORWARD_MAX 2

struct file_source {
	int fd;
	char *path;
};

static int read_error(const struct file_source *f, uint64_t addr, size_t len, const char *why,
		      char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: cannot read %zu bytes at 0x%llx: %s", f->path, len,
		 (unsigned long long)addr, why);
	return -1;
}

/*
 * Through mmap, as coreboot's util/cbmem does: read() of /dev/mem fails with
 * EFAULT on coreboot's tables in high memory (the kernel cannot remap them
 * for a copy), while a mapping of the same pages works. A regular file (a
 * memory image in tests) is checked against its size first: a mapping past
 * its end would fault.
 */
static int file_read(void *ctx, uint64_t addr, void *buf, size_t len, char *err, size_t errlen)
{
	struct file_source *f = ctx;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), base = addr & ~(page - 1);
	size_t span;
	struct stat st;
	void *map;

	if (addr > (uint64_t)INT64_MAX - len - page) {
		snprintf(err, errlen, "%s: address 0x%llx out of range", f->path,
			 (unsigned long long)addr);
		return -1;
	}
	if (fstat(f->fd, &st) < 0)
		return read_error(f, addr, len, strerror(errno), err, errlen);
	if (S_ISREG(st.st_mode) && addr + len > (uint64_t)st.st_size)
		return read_error(f, addr, len, "end of file", err, errlen);
	if (len == 0)
		return 0;
	span = (size_t)(addr - base) + len;
	map = mmap(NULL, span, PROT_READ, MAP_SHARED, f->fd, (off_t)base);
	if (map == MAP_FAILED)
		return read_error(f, addr, len, strerror(errno), err, errlen);
	memcpy(buf, (const char *)map + (addr - base), len);
	munmap(map, span);
	return 0;
}

int cbmem_source_open(struct cbmem_source *src, const char *path, char *err, size_t errlen)
{
	struct file_source *f;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	f = xmalloc(sizeof(*f));
	f->fd = fd;
	f->path = xstrdup(path);
	src->read = file_read;
	src->ctx = f;
	return 0;
}

void cbmem_source_close(struct cbmem_source *src)
{
	struct file_source *f = src->ctx;

	if (f) {
		close(f->fd);
		free(f->path);
		free(f);
	}
	src->ctx = NULL;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* coreboot's compute_ip_checksum: 16-bit one's complement over little-endian words. */
static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		sum += (i & 1) ? (uint32_t)p[i] << 8 : p[i];
		if (sum > 0xffff)
			sum = (sum + (sum >> 16)) & 0xffff;
	}
	return (uint16_t)~sum;
}

/* A verified table: its records, table_bytes long. */
struct lb_table {
	uint8_t *records;
	uint32_t len;
};

/* 0 with the table in out, 1 if there is none at base, -1 with err if it is unreadable or corrupt. */
static int find_table(const struct cbmem_source *src, uint64_t base, int forwards,
		      struct lb_table *out, char *err, size_t errlen);

/* Check the records fit the table; follow a forwarding entry if there is one. */
static int walk_records(const struct cbmem_source *src, int forwards, struct lb_table *table,
			char *err, size_t errlen)
{
	uint32_t off = 0;

	while (off < table->len) {
		const uint8_t *rec = table->records + off;
		uint32_t tag, size;

		if (table->len - off < LB_RECORD_LEN) {
			snprintf(err, errlen, "coreboot table: record at +0x%x cut off", off);
			return -1;
		}
		tag = le32(rec);
		size = le32(rec + 4);
		if (size < LB_RECORD_LEN || size > table->len - off) {
			snprintf(err, errlen, "coreboot table: record 0x%x at +0x%x has size %u",
				 tag, off, size);
			return -1;
		}
		if (tag == LB_TAG_FORWARD) {
			if (size < LB_FORWARD_LEN) {
				snprintf(err, errlen, "coreboot table: forwarding entry too short");
				return -1;
			}
			if (forwards >= LB_FORWARD_MAX) {
				snprintf(err, errlen, "coreboot table: more than %d forwarding entries",
					 LB_FORWARD_MAX);
				return -1;
			}
			uint64_t target = le64(rec + 8);
			int ret;

			free(table->records);
			table->records = NULL;
			ret = find_table(src, target, forwards + 1, table, err, errlen);
			if (ret > 0)
				snprintf(err, errlen, "coreboot table: forwarding entry to 0x%llx, "
					 "but no table there", (unsigned long long)target);
			return ret ? -1 : 0;
		}
		off += size;
	}
	return 0;
}

static int find_table(const struct cbmem_source *src, uint64_t base, int forwards,
		      struct lb_table *out, char *err, size_t errlen)
{
	uint8_t area[LB_SEARCH_LEN];
	size_t i;

	if (src->read(src->ctx, base, area, sizeof(area), err, errlen) < 0)
		return -1;
	/* Headers are 16-byte aligned. */
	for (i = 0; i + LB_HEADER_LEN <= sizeof(area); i += 16) {
		const uint8_t *h = area + i;
		uint32_t header_bytes = le32(h + 4), table_bytes = le32(h + 12);

		if (memcmp(h, "LBIO", 4) || header_bytes < LB_HEADER_LEN ||
		    ip_checksum(h, LB_HEADER_LEN) != 0)
			continue;
		if (table_bytes > LB_TABLE_MAX) {
			snprintf(err, errlen, "coreboot table at 0x%llx: %u bytes is too large",
				 (unsigned long long)(base + i), table_bytes);
			return -1;
		}
		out->len = table_bytes;
		out->records = xmalloc(table_bytes ? table_bytes : 1);
		if (src->read(src->ctx, base + i + header_bytes, out->records, table_bytes,
			      err, errlen) < 0)
			goto fail;
		if (ip_checksum(out->records, table_bytes) != (uint16_t)le32(h + 16)) {
			snprintf(err, errlen, "coreboot table at 0x%llx: wrong checksum",
				 (unsigned long long)(base + i));
			goto fail;
		}
		if (walk_records(src, forwards, out, err, errlen) < 0)
			goto fail;
		return 0;
	}
	return 1;
fail:
	free(out->records);
	out->records = NULL;
	return -1;
}

int cbmem_find(const struct cbmem_source *src, uint32_t id, uint64_t *addr, uint32_t *size,
	       char *err, size_t errlen)
{
	static const uint64_t bases[] = { 0x0, 0xf0000 };
	struct lb_table table = { 0 };
	uint32_t off;
	size_t i;
	int found = 0, ret = 1;

	for (i = 0; i < sizeof(bases) / sizeof(bases[0]) && ret > 0; i++)
		ret = find_table(src, bases[i], 0, &table, err, errlen);
	if (ret > 0)
		snprintf(err, errlen, "no coreboot table at 0x0 or 0xf0000: not booted by coreboot");
	if (ret != 0)
		return -1;
	for (off = 0; off < table.len; off += le32(table.records + off + 4)) {
		const uint8_t *rec = table.records + off;

		if (le32(rec) == LB_TAG_CBMEM_ENTRY && le32(rec + 4) >= LB_CBMEM_ENTRY_LEN &&
		    le32(rec + 20) == id) {
			*addr = le64(rec + 8);
			*size = le32(rec + 16);
			found = 1;
			break;
		}
	}
	free(table.records);
	return found;
}

/*
 * coreboot's src/lib/cbmem_console.c: struct cbmem_console { u32 size; u32 cursor;
 * u8 body[]; }. The cursor's low 28 bits are the write position; bit 31 says
 * the buffer has wrapped, so the oldest text starts at the cursor.
 */
#define CONSOLE_HEAD_LEN 8
#define CONSOLE_CURSOR_MASK ((1u << 28) - 1)
#define CONSOLE_OVERFLOW (1u << 31)

/* Append n bytes of console text to out, made safe for a terminal. */
static size_t put_console_text(char *out, size_t off, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\r')
			continue;
		out[off++] = (p[i] == '\n' || p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f))
			     ? (char)p[i] : '?';
	}
	return off;
}

/* cbmem_console_parse, with where ("coreboot console at 0x...") naming it in messages. */
static int parse_console(const char *where, const uint8_t *entry, size_t entry_len, char **text,
			 size_t *len, char *err, size_t errlen)
{
	uint32_t size, cursor, raw_cursor;
	size_t off = 0;
	char *out;

	*text = NULL;
	*len = 0;
	if (entry_len < CONSOLE_HEAD_LEN) {
		snprintf(err, errlen, "%s: %zu bytes, too short for its header", where,
			 entry_len);
		return -1;
	}
	size = le32(entry);
	raw_cursor = le32(entry + 4);
	cursor = raw_cursor & CONSOLE_CURSOR_MASK;
	if (size > entry_len - CONSOLE_HEAD_LEN) {
		snprintf(err, errlen, "%s: a %u-byte buffer in a %zu-byte CBMEM entry", where,
			 size, entry_len);
		return -1;
	}
	if (cursor > size) {
		snprintf(err, errlen, "%s: write position %u beyond its %u-byte buffer", where,
			 cursor, size);
		return -1;
	}
	out = xmalloc((size_t)size + 1);
	if (raw_cursor & CONSOLE_OVERFLOW) {
		/* Wrapped: from the cursor to the end is older than the start up to it. */
		off = put_console_text(out, off, entry + CONSOLE_HEAD_LEN + cursor, size - cursor);
		off = put_console_text(out, off, entry + CONSOLE_HEAD_LEN, cursor);
	} else {
		off = put_console_text(out, off, entry + CONSOLE_HEAD_LEN, cursor);
	}
	out[off] = '\0';
	*text = out;
	*len = off;
	return 1;
}

int cbmem_console_parse(const uint8_t *entry, size_t entry_len, char **text, size_t *len,
			char *err, size_t errlen)
{
	return parse_console("coreboot console", entry, entry_len, text, len, err, errlen);
}

int cbmem_console_read(const struct cbmem_source *src, char **text, size_t *len,
		       char *err, size_t errlen)
{
	char where[64];
	uint64_t addr;
	uint32_t size;
	uint8_t *entry;
	int ret;

	*text = NULL;
	*len = 0;
	ret = cbmem_find(src, CBMEM_ID_CONSOLE, &addr, &size, err, errlen);
	if (ret <= 0)
		return ret;
	snprintf(where, sizeof(where), "coreboot console at 0x%llx", (unsigned long long)addr);
	if (size > CBMEM_CONSOLE_MAX + CONSOLE_HEAD_LEN) {
		snprintf(err, errlen, "%s: %u bytes is more than vigil reads (%u)", where, size,
			 CBMEM_CONSOLE_MAX);
		return -1;
	}
	entry = xmalloc(size ? size : 1);
	ret = src->read(src->ctx, addr, entry, size, err, errlen);
	if (ret == 0)
		ret = parse_console(where, entry, size, text, len, err, errlen);
	free(entry);
	return ret;
}
