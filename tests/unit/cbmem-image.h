/* cbmem-image.h - synthetic physical-memory images with coreboot tables and a TCPA log, for tests. */
#ifndef VIGIL_TEST_CBMEM_IMAGE_H
#define VIGIL_TEST_CBMEM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Where the standard image puts things, as x86 coreboot does. */
#define IMG_FORWARD_AT 0x500u		/* forwarding table in low memory */
#define IMG_TABLE_AT 0x100000u		/* the real table, "high" */
#define IMG_TCPA_AT 0x108000u		/* the CBMEM TCPA entry */
#define IMG_CONSOLE_AT 0x10a000u	/* the CBMEM console entry */
#define IMG_CONSOLE_SIZE 0x2000u	/* its size, header included */
#define IMG_SIZE 0x110000u

/* One coreboot measurement as 4.15 writes it into the TCPA table. */
struct img_tcpa_entry {
	uint32_t pcr;
	const char *digest_type;	/* "SHA256" */
	const uint8_t *digest;
	uint32_t digest_length;
	const char *name;
};

struct cbmem_image {
	uint8_t *mem;		/* IMG_SIZE bytes; file offset = physical address */
	uint8_t records[4096];	/* the table being built by img_add_*() */
	size_t records_len;
	uint32_t nrecords;
};

void img_init(struct cbmem_image *img);
void img_free(struct cbmem_image *img);

/* Records for the next img_put_table(). */
void img_add_forward(struct cbmem_image *img, uint64_t target);
void img_add_cbmem_entry(struct cbmem_image *img, uint64_t addr, uint32_t size, uint32_t id);
void img_add_record(struct cbmem_image *img, uint32_t tag, const void *body, uint32_t body_len);

/* Write an LBIO header and the records added so far at addr, then start a new record list. */
void img_put_table(struct cbmem_image *img, uint64_t addr);

/* Write a TCPA table (max_entries, entries) at addr; returns its size in bytes. */
uint32_t img_put_tcpa(struct cbmem_image *img, uint64_t addr, uint16_t max_entries,
		      const struct img_tcpa_entry *entries, uint16_t count);

/*
 * A CBMEM console at addr (entry_size bytes with its header) holding text as
 * coreboot writes it: byte by byte into a ring buffer that wraps when full.
 */
void img_put_console(struct cbmem_image *img, uint64_t addr, uint32_t entry_size,
		     const char *text);

/*
 * The usual layout: a forwarding table at IMG_FORWARD_AT, the table at
 * IMG_TABLE_AT with a console (empty until
 * img_put_console() at IMG_CONSOLE_AT) and a TCPA CBMEM entry, the TCPA table at
 * IMG_TCPA_AT holding entries.
 */
void img_standard(struct cbmem_image *img, const struct img_tcpa_entry *entries, uint16_t count);

/* Save the memory to a new temporary file; returns its path (free it, unlink it). */
char *img_save(const struct cbmem_image *img);

#endif
