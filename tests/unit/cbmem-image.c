/* cbmem-image.c - build coreboot tables in a memory image (see cbmem-image.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbmem-image.h"
#include "common/fileio.h"
#include "common/xmalloc.h"

#define LB_TAG_FORWARD 0x11u
#define LB_TAG_CBMEM_ENTRY 0x31u
#define LB_TAG_MAINBOARD 0x03u
#define CBMEM_ID_CONSOLE 0x434f4e53u
#define CBMEM_ID_TCPA_LOG 0x54435041u
#define TCPA_ENTRY_LEN 132

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Written independently of src/hw/cbmem.c: sum of 16-bit little-endian words, folded, inverted. */
static uint16_t checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] | p[i + 1] << 8);
	if (len & 1)
		sum += p[len - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void img_init(struct cbmem_image *img)
{
	memset(img, 0, sizeof(*img));
	img->mem = xcalloc(1, IMG_SIZE);
}

void img_free(struct cbmem_image *img)
{
	free(img->mem);
	img->mem = NULL;
}

void img_add_record(struct cbmem_image *img, uint32_t tag, const void *body, uint32_t body_len)
{
	uint8_t *r = img->records + img->records_len;

	put32(r, tag);
	put32(r + 4, 8 + body_len);
	memcpy(r + 8, body, body_len);
	img->records_len += 8 + body_len;
	img->nrecords++;
}

void img_add_forward(struct cbmem_image *img, uint64_t target)
{
	uint8_t body[8];

	put64(body, target);
	img_add_record(img, LB_TAG_FORWARD, body, sizeof(body));
}

void img_add_cbmem_entry(struct cbmem_image *img, uint64_t addr, uint32_t size, uint32_t id)
{
	uint8_t body[16];

	put64(body, addr);
	put32(body + 8, size);
	put32(body + 12, id);
	img_add_record(img, LB_TAG_CBMEM_ENTRY, body, sizeof(body));
}

void img_put_table(struct cbmem_image *img, uint64_t addr)
{
	uint8_t *h = img->mem + addr;

	memcpy(h, "LBIO", 4);
	put32(h + 4, 24);
	put32(h + 8, 0);
	/* struct lb_header: table_bytes, then table_checksum. */
	put32(h + 12, (uint32_t)img->records_len);
	put32(h + 16, checksum(img->records, img->records_len));
	put32(h + 20, img->nrecords);
	put32(h + 8, checksum(h, 24));
	memcpy(h + 24, img->records, img->records_len);
	img->records_len = 0;
	img->nrecords = 0;
}

uint32_t img_put_tcpa(struct cbmem_image *img, uint64_t addr, uint16_t max_entries,
		      const struct img_tcpa_entry *entries, uint16_t count)
{
	uint8_t *t = img->mem + addr;
	uint16_t i;

	t[0] = (uint8_t)max_entries;
	t[1] = (uint8_t)(max_entries >> 8);
	t[2] = (uint8_t)count;
	t[3] = (uint8_t)(count >> 8);
	for (i = 0; i < count; i++) {
		uint8_t *e = t + 4 + i * TCPA_ENTRY_LEN;

		put32(e, entries[i].pcr);
		strncpy((char *)e + 4, entries[i].digest_type, 9);
		memcpy(e + 14, entries[i].digest, entries[i].digest_length);
		put32(e + 78, entries[i].digest_length);
		strncpy((char *)e + 82, entries[i].name, 49);
	}
	return 4 + (uint32_t)max_entries * TCPA_ENTRY_LEN;
}

void img_put_console(struct cbmem_image *img, uint64_t addr, uint32_t entry_size,
		     const char *text)
{
	/* coreboot's cbmemc_tx_byte: bit 31 of the cursor marks a buffer that has wrapped. */
	uint8_t *c = img->mem + addr;
	uint32_t size = entry_size - 8, cursor = 0, flags = 0;

	for (; *text; text++) {
		c[8 + cursor++] = (uint8_t)*text;
		if (cursor >= size) {
			cursor = 0;
			flags = 1u << 31;
		}
	}
	put32(c, size);
	put32(c + 4, flags | cursor);
}

void img_standard(struct cbmem_image *img, const struct img_tcpa_entry *entries, uint16_t count)
{
	static const char board[] = "emulation\0qemu-q35\0";
	uint32_t tcpa_size = img_put_tcpa(img, IMG_TCPA_AT, 50, entries, count);

	img_add_record(img, LB_TAG_MAINBOARD, board, sizeof(board));
	img_add_cbmem_entry(img, IMG_CONSOLE_AT, IMG_CONSOLE_SIZE, CBMEM_ID_CONSOLE);
	img_add_cbmem_entry(img, IMG_TCPA_AT, tcpa_size, CBMEM_ID_TCPA_LOG);
	img_put_table(img, IMG_TABLE_AT);
	img_add_forward(img, IMG_TABLE_AT);
	img_put_table(img, IMG_FORWARD_AT);
}

char *img_save(const struct cbmem_image *img)
{
	char *path = xstrdup("/tmp/vigil-cbmem-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	if (file_write_atomic(path, img->mem, IMG_SIZE, 0600) < 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}
