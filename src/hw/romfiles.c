/* romfiles.c - find, copy and measure the vigil/ files of a ROM image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "hw/cbfs.h"
#include "hw/romfiles.h"

#define CBFS_HEADER_LEN 24
#define CBFS_ATTR_COMPRESSION 0x42435a4cu	/* 'BCZL' */
#define CBFS_ATTR_HEADER_LEN 8			/* tag, len */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * Whether the file's attributes declare compression. coreboot would
 * decompress it; vigil reads files as stored, so it must refuse them.
 */
static int is_compressed(const uint8_t *rom, const struct cbfs_file *file)
{
	const uint8_t *h = rom + file->header_offset;
	uint32_t attr = be32(h + 16), end = file->data_offset - file->header_offset;

	if (attr < CBFS_HEADER_LEN)
		return 0;
	/* cbfs_walk checked the data offset, so the attributes lie inside the ROM. */
	while (attr + CBFS_ATTR_HEADER_LEN <= end) {
		uint32_t tag = be32(h + attr), len = be32(h + attr + 4);

		if (tag == CBFS_ATTR_COMPRESSION && len >= 12 && attr + 12 <= end)
			return be32(h + attr + 8) != 0;
		if (len < CBFS_ATTR_HEADER_LEN || len > end - attr)
			return 0;
		attr += len;
	}
	return 0;
}

struct collect {
	const uint8_t *rom;
	struct romfiles *out;
	char *err;
	size_t errlen;
};

static int collect_file(const struct cbfs_file *file, void *ctx)
{
	struct collect *c = ctx;
	struct romfile *f;

	if (file->type == CBFS_TYPE_NULL || file->type == CBFS_TYPE_DELETED ||
	    strncmp(file->name, ROMFILES_PREFIX, strlen(ROMFILES_PREFIX)) ||
	    romfiles_get(c->out, file->name))
		return 0;
	if (c->out->count == ROMFILES_MAX) {
		snprintf(c->err, c->errlen, "more than %d vigil/ files in the ROM's CBFS",
			 ROMFILES_MAX);
		return -1;
	}
	if (file->len > ROMFILE_MAX_SIZE) {
		snprintf(c->err, c->errlen, "CBFS file %s: %u bytes is more than vigil reads (%u)",
			 file->name, file->len, ROMFILE_MAX_SIZE);
		return -1;
	}
	if (is_compressed(c->rom, file)) {
		snprintf(c->err, c->errlen, "CBFS file %s is compressed: vigil reads only "
			 "uncompressed files (cbfstool add without -c)", file->name);
		return -1;
	}
	f = &c->out->items[c->out->count++];
	snprintf(f->name, sizeof(f->name), "%s", file->name);
	f->len = file->len;
	f->data = xmalloc(f->len + 1);
	memcpy(f->data, c->rom + file->data_offset, f->len);
	f->data[f->len] = '\0';
	hash_sha256(f->data, f->len, f->sha256);
	return 0;
}

int romfiles_read(const uint8_t *rom, size_t len, struct romfiles *out,
		  char *err, size_t errlen)
{
	struct fmap_area area;
	struct collect c = { rom, out, err, errlen };

	memset(out, 0, sizeof(*out));
	if (fmap_find_area(rom, len, "COREBOOT", &area, err, errlen) < 0)
		return -1;
	if (cbfs_walk(rom, len, &area, collect_file, &c, err, errlen) != 0) {
		romfiles_free(out);
		return -1;
	}
	return 0;
}

const struct romfile *romfiles_get(const struct romfiles *files, const char *name)
{
	size_t i;

	for (i = 0; i < files->count; i++)
		if (!strcmp(files->items[i].name, name))
			return &files->items[i];
	return NULL;
}

void romfiles_free(struct romfiles *files)
{
	size_t i;

	for (i = 0; i < files->count; i++)
		free(files->items[i].data);
	memset(files, 0, sizeof(*files));
}

static char *list_text(const struct romfiles *files)
{
	size_t i, len = 64;
	char *text;

	for (i = 0; i < files->count; i++)
		len += strlen(files->items[i].name) + 1;
	text = xmalloc(len);
	strcpy(text, "vigil ROM files:");
	for (i = 0; i < files->count; i++) {
		strcat(text, " ");
		strcat(text, files->items[i].name);
	}
	if (files->count == 0)
		strcat(text, " none");
	return text;
}

int romfiles_measure(const struct romfiles *files, romfiles_measure_fn fn, void *ctx,
		     char *err, size_t errlen)
{
	char *list = list_text(files);
	size_t i;
	int ret = fn(ctx, list, list, strlen(list), err, errlen);

	free(list);
	for (i = 0; i < files->count && ret == 0; i++)
		ret = fn(ctx, files->items[i].name, files->items[i].data, files->items[i].len,
			 err, errlen);
	return ret;
}

static int extend(void *ctx, const char *description, const void *data, size_t len,
		  char *err, size_t errlen)
{
	uint8_t digest[SHA256_LEN];

	hash_sha256(data, len, digest);
	hash_sha256_extend(ctx, digest);
	return 0;
}

void romfiles_predict_pcr7(const struct romfiles *files, uint8_t pcr[SHA256_LEN])
{
	char err[8];

	memset(pcr, 0, SHA256_LEN);
	romfiles_measure(files, extend, pcr, err, sizeof(err));
}
