/* cbfs.h - read coreboot ROM images: the flash map (FMAP) and CBFS files. */
#ifndef VIGIL_CBFS_H
#define VIGIL_CBFS_H

#include <stddef.h>
#include <stdint.h>

#define FMAP_NAME_LEN 32

struct fmap_area {
	uint32_t offset;
	uint32_t size;
	char name[FMAP_NAME_LEN + 1];
	uint16_t flags;
};

struct cbfs_file {
	char name[256];
	uint32_t type;
	uint32_t header_offset;	/* from the start of the ROM */
	uint32_t data_offset;	/* from the start of the ROM */
	uint32_t len;		/* bytes of data as stored (maybe compressed) */
};

#define CBFS_TYPE_DELETED 0x00000000u
#define CBFS_TYPE_NULL 0xffffffffu

/*
 * Find the FMAP in a ROM image and return the offset of its header.
 * Errors are written to err ("no FMAP found", ...) and -1 returned.
 */
int fmap_locate(const uint8_t *rom, size_t len, size_t *fmap_offset,
		char *err, size_t errlen);

/* Look up a named area of the FMAP (e.g. "FMAP", "COREBOOT"). */
int fmap_find_area(const uint8_t *rom, size_t len, const char *name,
		   struct fmap_area *area, char *err, size_t errlen);

/*
 * Call fn for every file (empty space included, type CBFS_TYPE_NULL) in the
 * CBFS that fills region; stops early when fn returns non-zero and returns
 * that value. Returns -1 with err set when the CBFS is malformed.
 */
int cbfs_walk(const uint8_t *rom, size_t len, const struct fmap_area *region,
	      int (*fn)(const struct cbfs_file *file, void *ctx), void *ctx,
	      char *err, size_t errlen);

/* Find a file by name in the CBFS of region; -1 with err naming it if absent. */
int cbfs_find(const uint8_t *rom, size_t len, const struct fmap_area *region,
	      const char *name, struct cbfs_file *file, char *err, size_t errlen);

#endif
