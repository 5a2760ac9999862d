/*
 * rom.c - read the flash the machine booted from through physical memory.
 * Only the top 16 MiB below 4 GiB are touched: below that lie the local
 * APIC, the IOAPIC and other devices whose registers must not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "hw/rom.h"

#define FMAP_SIGNATURE "__FMAP__"
#define FMAP_HEADER_LEN 56	/* signature, version, base, size, name, nareas */
#define FMAP_AREA_LEN 42	/* offset, size, name, flags */
#define FMAP_NAME_LEN 32
#define FMAP_MIN_STRIDE 4

struct mmap_memory {
	int fd;
	char *path;
};

static const uint8_t *mmap_map(void *ctx, uint64_t addr, size_t len, char *err, size_t errlen)
{
	struct mmap_memory *m = ctx;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t start = addr & ~(uint64_t)(page - 1);
	void *p = mmap(NULL, len + (addr - start), PROT_READ, MAP_SHARED, m->fd, (off_t)start);

	if (p == MAP_FAILED) {
		snprintf(err, errlen, "%s: cannot map %zu bytes at 0x%llx: %s", m->path, len,
			 (unsigned long long)addr, strerror(errno));
		return NULL;
	}
	return (const uint8_t *)p + (addr - start);
}

static void mmap_unmap(void *ctx, const uint8_t *p, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page - 1);

	munmap((void *)start, len + ((uintptr_t)p - start));
}

int rom_memory_open(struct rom_memory *mem, const char *path, char *err, size_t errlen)
{
	struct mmap_memory *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	m = xmalloc(sizeof(*m));
	m->fd = fd;
	m->path = xstrdup(path);
	mem->map = mmap_map;
	mem->unmap = mmap_unmap;
	mem->ctx = m;
	return 0;
}

void rom_memory_close(struct rom_memory *mem)
{
	struct mmap_memory *m = mem->ctx;

	if (m) {
		close(m->fd);
		free(m->path);
		free(m);
	}
	mem->ctx = NULL;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * Is there a real FMAP at window offset off? Returns the flash size it
 * declares, or 0. The header must be whole, the flash must fit the window
 * and contain the FMAP, and the FMAP must lie where its own area says.
 */
static size_t fmap_here(const uint8_t *window, size_t wlen, size_t off)
{
	const uint8_t *h = window + off;
	uint64_t base, size;
	size_t start, i, nareas;
	int self_found = 0;

	if (wlen - off < FMAP_HEADER_LEN || memcmp(h, FMAP_SIGNATURE, 8) || h[8] != 1 ||
	    !memchr(h + 22, '\0', FMAP_NAME_LEN))
		return 0;
	base = le64(h + 10);
	size = le32(h + 18);
	nareas = (size_t)(h[54] | h[55] << 8);
	if (size == 0 || size > wlen || nareas == 0 ||
	    (wlen - off - FMAP_HEADER_LEN) / FMAP_AREA_LEN < nareas)
		return 0;
	start = wlen - (size_t)size;
	if (off < start)
		return 0;
	for (i = 0; i < nareas; i++) {
		const uint8_t *a = h + FMAP_HEADER_LEN + i * FMAP_AREA_LEN;
		uint32_t aoff = le32(a), asize = le32(a + 4);

		if (aoff > size || asize > size - aoff)
			return 0;
		if (!strncmp((const char *)a + 8, "FMAP", FMAP_NAME_LEN)) {
			if (aoff != off - start)
				return 0;
			self_found = 1;
		}
	}
	/* Without its own area, only a flash that says it ends at 4 GiB is believed. */
	if (!self_found && base + size != ROM_WINDOW_END)
		return 0;
	return (size_t)size;
}

int rom_find_running(const struct rom_memory *mem, struct rom_running *rom,
		     char *err, size_t errlen)
{
	const size_t wlen = ROM_WINDOW_SIZE;
	const uint8_t *window;
	size_t stride, off;

	memset(rom, 0, sizeof(*rom));
	window = mem->map(mem->ctx, ROM_WINDOW_END - wlen, wlen, err, errlen);
	if (!window)
		return -1;
	/* Offset 0 first, then the odd multiples of each smaller power of two. */
	for (stride = wlen; stride >= FMAP_MIN_STRIDE; stride /= 2) {
		for (off = stride == wlen ? 0 : stride; off + FMAP_HEADER_LEN <= wlen;
		     off += stride == wlen ? wlen : 2 * stride) {
			size_t size;

			if (window[off] != '_' || !(size = fmap_here(window, wlen, off)))
				continue;
			rom->window = window;
			rom->data = window + (wlen - size);
			rom->len = size;
			rom->base = ROM_WINDOW_END - size;
			rom->fmap_offset = off - (wlen - size);
			return 0;
		}
	}
	mem->unmap(mem->ctx, window, wlen);
	snprintf(err, errlen, "no FMAP in the %u MiB below 4 GiB: not booted from a coreboot "
		 "flash that vigil can read", ROM_WINDOW_SIZE >> 20);
	return -1;
}

void rom_release(const struct rom_memory *mem, struct rom_running *rom)
{
	if (rom->window)
		mem->unmap(mem->ctx, rom->window, ROM_WINDOW_SIZE);
	memset(rom, 0, sizeof(*rom));
}
