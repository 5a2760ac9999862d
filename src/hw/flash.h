/* flash.h - the machine's boot flash, read and written whole with flashrom. */
#ifndef VIGIL_FLASH_H
#define VIGIL_FLASH_H

#include <stddef.h>
#include <stdint.h>

/* The board config key naming the flash: a flashrom programmer, or "emulated:SERIAL". */
#define FLASH_BOARD_KEY "flash"
#define FLASH_DEFAULT_PROGRAMMER "internal"
/*
 * "emulated:SERIAL": the flash is flashrom's own model of a 16 MiB SPI chip
 * (dummy programmer, W25Q128FV) whose contents live on the disk with that
 * serial number. For QEMU, which cannot give a 16 MiB ROM writable flash
 * (its pflash stops at 8 MiB and it has no ICH SPI controller): the rig
 * boots the ROM from that disk's image file, so what flashrom writes is what
 * the next power-on runs.
 */
#define FLASH_EMULATED_PREFIX "emulated:"
#define FLASH_EMULATED_CHIP "W25Q128FV"
#define FLASH_EMULATED_SIZE (16u << 20)

struct flash {
	char programmer[512];	/* flashrom -p argument */
	char serial[64];	/* emulated: the serial of the disk holding the chip; "" on hardware */
	char disk[300];		/* emulated: /dev/NAME of that disk, found at flash_open */
	char image[256];	/* emulated: the chip's contents while flashrom runs */
	const char *sys_root;	/* "/sys" and "/dev"; tests point them elsewhere */
	const char *dev_root;
	const char *run_dir;	/* where the emulated chip's image goes ("/run/vigil") */
};

/*
 * Set up access to the flash named by setting (the board config's "flash"
 * value; NULL or "" means flashrom's internal programmer). For an emulated
 * flash, finds the disk now; err names the serial when no disk has it.
 */
int flash_open(struct flash *f, const char *setting, char *err, size_t errlen);

/* Like flash_open with other roots for sysfs, /dev and the chip image (tests). */
int flash_open_at(struct flash *f, const char *setting, const char *sys_root,
		  const char *dev_root, const char *run_dir, char *err, size_t errlen);

/* flash_open with the "flash" setting of a board config file (a missing file: internal). */
int flash_open_board(struct flash *f, const char *board_config, char *err, size_t errlen);

/* Read the whole flash into path (created 0600). */
int flash_read(const struct flash *f, const char *path, char *err, size_t errlen);

/*
 * Write the image at path to the whole flash. flashrom erases and writes
 * only the blocks that differ and reads everything back to verify; a
 * failure says so in err with flashrom's last words.
 */
int flash_write(const struct flash *f, const char *path, char *err, size_t errlen);

/* How far a write is, in percent (done of total = 100): read, erase and write, verify. */
typedef void (*flash_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/* flash_write() that reports its progress to fn (from flashrom's block-by-block log). */
int flash_write_progress(const struct flash *f, const char *path, flash_progress_fn fn,
			 void *ctx, char *err, size_t errlen);

#endif
