/* rom-builder.c - lays out FMAP and CBFS as coreboot's cbfstool does (little- and big-endian fields). */
#include <stdlib.h>
#include <string.h>

#include "rom-builder.h"

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_area(uint8_t *a, uint32_t off, uint32_t size, const char *name)
{
	put_le32(a, off);
	put_le32(a + 4, size);
	strncpy((char *)a + 8, name, 32);
	put_le16(a + 40, 0);
}

void test_rom_init(struct test_rom *rom, size_t len)
{
	uint8_t *h;

	rom->data = malloc(len);
	memset(rom->data, 0xff, len);
	rom->len = len;
	rom->fmap_offset = 0x100;
	rom->fmap_size = 0x200;
	rom->cbfs_offset = 0x400;
	rom->cbfs_size = (uint32_t)len - 0x400;
	rom->next = rom->cbfs_offset;
	h = rom->data + rom->fmap_offset;
	memset(h, 0, rom->fmap_size);
	memcpy(h, "__FMAP__", 8);
	h[8] = 1;
	h[9] = 1;
	memset(h + 10, 0, 8);		/* base */
	put_le32(h + 18, (uint32_t)len);
	strncpy((char *)h + 22, "FLASH", 32);
	put_le16(h + 54, 2);
	put_area(h + 56, rom->fmap_offset, rom->fmap_size, "FMAP");
	put_area(h + 56 + 42, rom->cbfs_offset, rom->cbfs_size, "COREBOOT");
}

uint32_t test_rom_add(struct test_rom *rom, const char *name, uint32_t type,
		      const void *data, uint32_t len)
{
	uint8_t *h = rom->data + rom->next;
	uint32_t name_len = (uint32_t)strlen(name) + 1;
	uint32_t data_off = (24 + name_len + 15) & ~15u;

	memset(h, 0, data_off);
	memcpy(h, "LARCHIVE", 8);
	put_be32(h + 8, len);
	put_be32(h + 12, type);
	put_be32(h + 16, 0);
	put_be32(h + 20, data_off);
	memcpy(h + 24, name, name_len);
	memcpy(h + data_off, data, len);
	rom->next += (data_off + len + 63) & ~63u;
	return (uint32_t)(h - rom->data) + data_off;
}

void test_rom_free(struct test_rom *rom)
{
	free(rom->data);
}
