/* cbmem.h - find coreboot's tables and CBMEM entries in physical memory (as util/cbmem does). */
#ifndef VIGIL_CBMEM_H
#define VIGIL_CBMEM_H

#include <stddef.h>
#include <stdint.h>

#define CBMEM_DEVMEM "/dev/mem"

/* CBMEM entry ids (coreboot's commonlib/cbmem_id.h). */
#define CBMEM_ID_TCPA_LOG 0x54435041u	/* 'TCPA' */
#define CBMEM_ID_CONSOLE 0x434f4e53u	/* 'CONS' */

/* coreboot's console buffer is 128 KiB by default; its format allows 256 MiB, we read this much. */
#define CBMEM_CONSOLE_MAX (16u << 20)

/*
 * Where physical memory is read from: /dev/mem on the machine, a memory
 * image file in tests (file offset = physical address), or any callback.
 */
struct cbmem_source {
	/* Read len bytes at physical address addr; 0, or -1 with err naming the address. */
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len, char *err, size_t errlen);
	void *ctx;
};

/* A source reading path (CBMEM_DEVMEM, or an image file) at offsets = addresses. */
int cbmem_source_open(struct cbmem_source *src, const char *path, char *err, size_t errlen);
void cbmem_source_close(struct cbmem_source *src);

/*
 * Find the coreboot table (at 0-4 KiB or 960-964 KiB, following a forwarding
 * entry) and in it the CBMEM entry with id. Returns 1 with its address and
 * size, 0 when the table has no such entry, and -1 with err when there is no
 * valid coreboot table (not booted by coreboot, or a corrupt table).
 */
int cbmem_find(const struct cbmem_source *src, uint32_t id, uint64_t *addr, uint32_t *size,
	       char *err, size_t errlen);

/*
 * coreboot's console log from CBMEM, what "cbmem -c" prints: the ring buffer
 * put back in the order it was written, every byte that is not printable
 * ASCII, a newline or a tab shown as '?' (a decayed buffer or escape codes
 * must not reach the terminal), carriage returns dropped. Returns 1 with
 * *text (allocated, NUL-terminated, *len bytes), 0 when coreboot keeps no
 * console in CBMEM, -1 with err naming what is wrong.
 */
int cbmem_console_read(const struct cbmem_source *src, char **text, size_t *len,
		       char *err, size_t errlen);

/* The same from the bytes of the CBMEM entry (coreboot's struct cbmem_console and its buffer). */
int cbmem_console_parse(const uint8_t *entry, size_t entry_len, char **text, size_t *len,
			char *err, size_t errlen);

#endif
