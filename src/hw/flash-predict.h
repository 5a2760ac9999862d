/* flash-predict.h - the PCR 2 and PCR 7 values the firmware in the flash will produce when it next starts. */
#ifndef VIGIL_FLASH_PREDICT_H
#define VIGIL_FLASH_PREDICT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "hw/flash.h"

struct flash_prediction {
	uint8_t pcr2[SHA256_LEN];	/* coreboot's measurements of its stages and the payload */
	uint8_t pcr7[SHA256_LEN];	/* vigil init's of the ROM's vigil/ files */
};

/* From a ROM image; err says why it cannot be predicted (no FMAP, no stages, bad files). */
int rom_predict(const uint8_t *rom, size_t len, struct flash_prediction *out, char *err,
		size_t errlen);

/* Read the flash and predict from what it holds. */
int flash_predict(const struct flash *f, struct flash_prediction *out, char *err, size_t errlen);

#endif
