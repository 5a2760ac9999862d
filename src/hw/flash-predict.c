/* flash-predict.c - read the flash, and compute PCR 2 and PCR 7 as its firmware will measure them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "hw/flash-predict.h"
#include "hw/pcr-predict.h"
#include "hw/romedit.h"
#include "hw/romfiles.h"
#include "i18n.h"

int rom_predict(const uint8_t *rom, size_t len, struct flash_prediction *out, char *err,
		size_t errlen)
{
	struct pcr_prediction pcr2;
	struct romfiles files;

	if (pcr2_predict(rom, len, &pcr2, err, errlen) < 0)
		return -1;
	if (romfiles_read(rom, len, &files, err, errlen) < 0)
		return -1;
	memcpy(out->pcr2, pcr2.pcr, SHA256_LEN);
	romfiles_predict_pcr7(&files, out->pcr7);
	romfiles_free(&files);
	return 0;
}

int flash_predict(const struct flash *f, struct flash_prediction *out, char *err, size_t errlen)
{
	char dir[] = "/tmp/vigil-flash-predict.XXXXXX", path[64], why[512];
	uint8_t *rom;
	size_t len;
	int ret = -1;

	if (!mkdtemp(dir)) {
		snprintf(err, errlen, _("cannot make a folder for the flash's copy: %s"),
			 strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/flash.rom", dir);
	if (flash_read(f, path, err, errlen) == 0) {
		rom = (uint8_t *)file_read_all(path, &len, ROM_FILE_MAX_SIZE);
		if (!rom)
			snprintf(err, errlen, _("%s: %s"), path, strerror(errno));
		else if (rom_predict(rom, len, out, why, sizeof(why)) < 0)
			snprintf(err, errlen, _("the firmware in the flash: %s"), why);
		else
			ret = 0;
		free(rom);
	}
	unlink(path);
	rmdir(dir);
	return ret;
}
