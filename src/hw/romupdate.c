/* romupdate.c - is a new ROM fit for this machine; keep the owner's keys and settings across the update. */
#include <stdio.h>
#include <string.h>

#include "hw/cbfs.h"
#include "hw/romedit.h"
#include "hw/romfiles.h"
#include "hw/romupdate.h"
#include "i18n.h"

#define BUILD_INFO_MAX 4096

/* The value of "KEY: value" in coreboot's build_info text; "" if absent. */
static void info_field(const char *text, size_t len, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key), i = 0, n;

	out[0] = '\0';
	while (i < len) {
		const char *line = text + i, *end = memchr(line, '\n', len - i);

		n = end ? (size_t)(end - line) : len - i;
		if (n > klen + 1 && !memcmp(line, key, klen) && line[klen] == ':') {
			const char *v = line + klen + 1;
			size_t vlen = n - klen - 1;

			while (vlen && *v == ' ') {
				v++;
				vlen--;
			}
			snprintf(out, outlen, "%.*s", (int)vlen, v);
			return;
		}
		i += n + 1;
	}
}

/* Board ("vendor part") and coreboot version of a ROM, from CBFS build_info. */
static int rom_identity(const uint8_t *rom, size_t len, const char *which, char *board,
			size_t boardlen, char *version, size_t versionlen, char *err, size_t errlen)
{
	char why[256], vendor[64], part[80];
	struct fmap_area region;
	struct cbfs_file file;
	const char *text;

	if (fmap_find_area(rom, len, "COREBOOT", &region, why, sizeof(why)) < 0 ||
	    cbfs_find(rom, len, &region, ROMUPDATE_BUILD_INFO, &file, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("%s: cannot tell which board it is for: %s"), which, why);
		return -1;
	}
	if (file.len > BUILD_INFO_MAX) {
		snprintf(err, errlen, _("%s: %s is %u bytes, not coreboot's few lines"), which,
			 ROMUPDATE_BUILD_INFO, file.len);
		return -1;
	}
	text = (const char *)rom + file.data_offset;
	info_field(text, file.len, "MAINBOARD_VENDOR", vendor, sizeof(vendor));
	info_field(text, file.len, "MAINBOARD_PART_NUMBER", part, sizeof(part));
	info_field(text, file.len, "COREBOOT_VERSION", version, versionlen);
	if (!vendor[0] || !part[0]) {
		snprintf(err, errlen, _("%s: %s names no board"), which, ROMUPDATE_BUILD_INFO);
		return -1;
	}
	snprintf(board, boardlen, "%s %s", vendor, part);
	return 0;
}

int romupdate_check(const uint8_t *cur_rom, size_t cur_len, const uint8_t *new_rom, size_t new_len,
		    struct romupdate_info *info, char *err, size_t errlen)
{
	char why[256], cur_board[sizeof(info->board)], cur_version[sizeof(info->version)];
	uint8_t digest[SHA256_LEN];

	memset(info, 0, sizeof(*info));
	hash_sha256(new_rom, new_len, digest);
	hash_hex(digest, SHA256_LEN, info->sha256);
	if (new_len != cur_len) {
		snprintf(err, errlen, _("the new ROM is %zu bytes, but the flash holds %zu"), new_len,
			 cur_len);
		return -1;
	}
	if (pcr2_predict(new_rom, new_len, &info->pcr2, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("the new ROM is not a coreboot ROM vigil can check: %s"), why);
		return -1;
	}
	if (rom_identity(cur_rom, cur_len, _("the running ROM"), cur_board, sizeof(cur_board),
			 cur_version, sizeof(cur_version), err, errlen) < 0 ||
	    rom_identity(new_rom, new_len, _("the new ROM"), info->board, sizeof(info->board),
			 info->version, sizeof(info->version), err, errlen) < 0)
		return -1;
	if (strcmp(cur_board, info->board)) {
		snprintf(err, errlen, _("the new ROM is for %s, but this machine is %s"), info->board,
			 cur_board);
		return -1;
	}
	return 0;
}

int romupdate_carry_files(const uint8_t *cur_rom, size_t cur_len, const char *path,
			  const char *cbfstool, size_t *carried, char *err, size_t errlen)
{
	struct romfiles keep;
	struct romedit ed;
	char why[256];
	size_t i;
	int ret = -1;

	*carried = 0;
	if (romfiles_read(cur_rom, cur_len, &keep, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("the running ROM's vigil/ files: %s"), why);
		return -1;
	}
	if (romedit_open(&ed, path, cbfstool, err, errlen) < 0)
		goto out;
	/* The new ROM's own vigil/ files (a vendor's defaults) give way to the owner's. */
	for (i = 0; i < ed.files.count; i++)
		if (!romfiles_get(&keep, ed.files.items[i].name) &&
		    romedit_remove(&ed, ed.files.items[i].name, err, errlen) < 0)
			goto close;
	for (i = 0; i < keep.count; i++)
		if (romedit_put(&ed, keep.items[i].name, keep.items[i].data, keep.items[i].len,
				err, errlen) < 0)
			goto close;
	if (romedit_commit(&ed, err, errlen) < 0)
		goto close;
	*carried = keep.count;
	ret = 0;
close:
	romedit_close(&ed);
out:
	romfiles_free(&keep);
	return ret;
}
