/* pcr-predict.h - compute from a ROM file the PCR 2 value coreboot will produce. */
#ifndef VIGIL_PCR_PREDICT_H
#define VIGIL_PCR_PREDICT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define PCR_PREDICT_MAX 8

struct pcr_measurement {
	char name[80];		/* as coreboot names it in its event log */
	uint32_t offset;	/* of the measured bytes in the ROM */
	uint32_t size;
	uint8_t digest[SHA256_LEN];
};

struct pcr_prediction {
	struct pcr_measurement items[PCR_PREDICT_MAX];
	size_t count;
	uint8_t pcr[SHA256_LEN];
};

/*
 * Replay coreboot's static root of trust: SHA-256 of the FMAP area, then of
 * the CBFS files bootblock, romstage, postcar, ramstage and payload as stored,
 * each extended into a zeroed PCR. Returns -1 with err naming what is missing.
 */
int pcr2_predict(const uint8_t *rom, size_t len, struct pcr_prediction *out,
		 char *err, size_t errlen);

#endif
