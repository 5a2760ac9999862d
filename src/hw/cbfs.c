/*
 * cbfs.c - a strict reader for coreboot's flash map and CBFS.
 * The ROM may come from anywhere (a download, a flash dump), so every
 * offset and length is checked against the image before it is used.
 */
#include <stdio.h>
#include <string.h>

#include "hw/cbfs.h"

#define FMAP_SIGNATURE "__FMAP__"
#define FMAP_HEADER_LEN 56	/* signature, version, base, size, name, nareas */
#define FMAP_AREA_LEN 42	/* offset, size, name, flags */
#define CBFS_MAGIC "LARCHIVE"
#define CBFS_HEADER_LEN 24	/* magic, len, type, attributes_offset, offset */
#define CBFS_ALIGN 64

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static int fmap_header_valid(const uint8_t *rom, size_t len, size_t off)
{
	const uint8_t *h = rom + off;
	uint16_t nareas;

	if (len - off < FMAP_HEADER_LEN || memcmp(h, FMAP_SIGNATURE, 8))
		return 0;
	if (h[8] != 1)	/* major version */
		return 0;
	if (!memchr(h + 22, '\0', FMAP_NAME_LEN))
		return 0;
	nareas = le16(h + 54);
	return nareas > 0 && (len - off - FMAP_HEADER_LEN) / FMAP_AREA_LEN >= nareas;
}

int fmap_locate(const uint8_t *rom, size_t len, size_t *fmap_offset,
		char *err, size_t errlen)
{
	size_t off;

	for (off = 0; off + FMAP_HEADER_LEN <= len; off++) {
		const uint8_t *hit = memchr(rom + off, '_', len - off);

		if (!hit)
			break;
		off = (size_t)(hit - rom);
		if (fmap_header_valid(rom, len, off)) {
			*fmap_offset = off;
			return 0;
		}
	}
	snprintf(err, errlen, "no FMAP (flash map) found: not a coreboot ROM image");
	return -1;
}

int fmap_find_area(const uint8_t *rom, size_t len, const char *name,
		   struct fmap_area *area, char *err, size_t errlen)
{
	size_t off, i;
	uint16_t nareas;

	if (fmap_locate(rom, len, &off, err, errlen) < 0)
		return -1;
	nareas = le16(rom + off + 54);
	for (i = 0; i < nareas; i++) {
		const uint8_t *a = rom + off + FMAP_HEADER_LEN + i * FMAP_AREA_LEN;

		if (strncmp((const char *)a + 8, name, FMAP_NAME_LEN))
			continue;
		area->offset = le32(a);
		area->size = le32(a + 4);
		memcpy(area->name, a + 8, FMAP_NAME_LEN);
		area->name[FMAP_NAME_LEN] = '\0';
		area->flags = le16(a + 40);
		if (area->offset > len || area->size > len - area->offset) {
			snprintf(err, errlen, "FMAP area %s (0x%x+0x%x) lies outside the %zu-byte ROM",
				 name, area->offset, area->size, len);
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "FMAP has no area named %s", name);
	return -1;
}

int cbfs_walk(const uint8_t *rom, size_t len, const struct fmap_area *region,
	      int (*fn)(const struct cbfs_file *file, void *ctx), void *ctx,
	      char *err, size_t errlen)
{
	size_t off = region->offset, end = (size_t)region->offset + region->size;

	if (end > len) {
		snprintf(err, errlen, "CBFS region %s lies outside the ROM", region->name);
		return -1;
	}
	while (off + CBFS_HEADER_LEN <= end) {
		const uint8_t *h = rom + off;
		struct cbfs_file file;
		uint32_t data_off, name_len;
		int ret;

		if (memcmp(h, CBFS_MAGIC, 8)) {
			/* Files are 64-byte aligned; anything else is padding. */
			off += CBFS_ALIGN;
			continue;
		}
		file.len = be32(h + 8);
		file.type = be32(h + 12);
		data_off = be32(h + 20);
		if (data_off < CBFS_HEADER_LEN || data_off > end - off ||
		    file.len > end - off - data_off) {
			snprintf(err, errlen, "CBFS file header at 0x%zx in %s is corrupt",
				 off, region->name);
			return -1;
		}
		/* The name runs from the header to the attributes or the data. */
		name_len = be32(h + 16) ? be32(h + 16) : data_off;
		if (name_len > data_off || name_len < CBFS_HEADER_LEN)
			name_len = data_off;
		name_len -= CBFS_HEADER_LEN;
		if (name_len >= sizeof(file.name))
			name_len = sizeof(file.name) - 1;
		memcpy(file.name, h + CBFS_HEADER_LEN, name_len);
		file.name[name_len] = '\0';
		file.name[strnlen(file.name, name_len)] = '\0';
		file.header_offset = (uint32_t)off;
		file.data_offset = (uint32_t)(off + data_off);
		ret = fn(&file, ctx);
		if (ret)
			return ret;
		off += ((size_t)data_off + file.len + CBFS_ALIGN - 1) & ~(size_t)(CBFS_ALIGN - 1);
	}
	return 0;
}

struct find_ctx {
	const char *name;
	struct cbfs_file *out;
};

static int match_name(const struct cbfs_file *file, void *ctx)
{
	struct find_ctx *find = ctx;

	if (file->type == CBFS_TYPE_NULL || file->type == CBFS_TYPE_DELETED ||
	    strcmp(file->name, find->name))
		return 0;
	*find->out = *file;
	return 1;
}

int cbfs_find(const uint8_t *rom, size_t len, const struct fmap_area *region,
	      const char *name, struct cbfs_file *file, char *err, size_t errlen)
{
	struct find_ctx find = { name, file };
	int ret = cbfs_walk(rom, len, region, match_name, &find, err, errlen);

	if (ret == 1)
		return 0;
	if (ret == 0)
		snprintf(err, errlen, "CBFS in %s has no file named %s", region->name, name);
	return -1;
}
