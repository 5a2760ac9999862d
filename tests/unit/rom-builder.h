/* rom-builder.h - make small coreboot-like ROM images (FMAP + CBFS) for tests. */
#ifndef VIGIL_TEST_ROM_BUILDER_H
#define VIGIL_TEST_ROM_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct test_rom {
	uint8_t *data;
	size_t len;
	uint32_t fmap_offset, fmap_size;
	uint32_t cbfs_offset, cbfs_size;
	uint32_t next;		/* where the next CBFS file goes */
};

/* A ROM of len bytes: FMAP area at 0 (0x200 bytes), CBFS area "COREBOOT" after it. */
void test_rom_init(struct test_rom *rom, size_t len);
/* Append a CBFS file; returns the offset of its data. */
uint32_t test_rom_add(struct test_rom *rom, const char *name, uint32_t type,
		      const void *data, uint32_t len);
void test_rom_free(struct test_rom *rom);

#endif
