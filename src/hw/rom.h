/* rom.h - the running ROM: x86 maps the boot flash just below 4 GiB; find its FMAP there. */
#ifndef VIGIL_ROM_H
#define VIGIL_ROM_H

#include <stddef.h>
#include <stdint.h>

#define ROM_DEVMEM "/dev/mem"
#define ROM_WINDOW_END 0x100000000ull	/* the flash ends at 4 GiB */
#define ROM_WINDOW_SIZE (16u << 20)	/* what x86 chipsets decode to the flash by default */

/*
 * Physical memory mapped for reading: /dev/mem on the machine, an image file
 * (file offset = physical address) or a buffer in tests.
 */
struct rom_memory {
	/* Map len bytes at physical address addr; NULL with err naming the address. */
	const uint8_t *(*map)(void *ctx, uint64_t addr, size_t len, char *err, size_t errlen);
	void (*unmap)(void *ctx, const uint8_t *p, size_t len);
	void *ctx;
};

/* Memory through mmap of path (ROM_DEVMEM, or an image file). */
int rom_memory_open(struct rom_memory *mem, const char *path, char *err, size_t errlen);
void rom_memory_close(struct rom_memory *mem);

/* The ROM as the CPU sees it: data[0] is flash offset 0, at physical address base. */
struct rom_running {
	const uint8_t *data;
	size_t len;
	uint64_t base;
	size_t fmap_offset;		/* of the FMAP header, from data */
	const uint8_t *window;		/* the mapping to give back */
};

/*
 * Map the top ROM_WINDOW_SIZE bytes below 4 GiB and find the FMAP in them
 * (coarse-to-fine aligned search, as flashrom does). The FMAP must declare a
 * flash of at most ROM_WINDOW_SIZE that ends at 4 GiB, and its own FMAP
 * area, if it lists one, must be where it was found: a copy of the
 * signature elsewhere (coreboot's code contains one) is not taken for it.
 */
int rom_find_running(const struct rom_memory *mem, struct rom_running *rom,
		     char *err, size_t errlen);
void rom_release(const struct rom_memory *mem, struct rom_running *rom);

#endif
