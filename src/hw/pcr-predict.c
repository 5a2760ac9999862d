/*
 * pcr-predict.c - offline replay of coreboot's measured boot into PCR 2.
 * coreboot (CONFIG_TPM_MEASURED_BOOT) measures the FMAP and then every stage
 * and the payload as their CBFS files are loaded, in boot order.
 */
#include <stdio.h>
#include <string.h>

#include "hw/cbfs.h"
#include "hw/pcr-predict.h"

static const char *const measured_files[] = {
	"bootblock",
	"fallback/romstage",
	"fallback/postcar",
	"fallback/ramstage",
	"fallback/payload",
};

static void add(struct pcr_prediction *out, const char *name, const uint8_t *rom,
		uint32_t offset, uint32_t size)
{
	struct pcr_measurement *m = &out->items[out->count++];

	snprintf(m->name, sizeof(m->name), "%s", name);
	m->offset = offset;
	m->size = size;
	hash_sha256(rom + offset, size, m->digest);
	hash_sha256_extend(out->pcr, m->digest);
}

int pcr2_predict(const uint8_t *rom, size_t len, struct pcr_prediction *out,
		 char *err, size_t errlen)
{
	struct fmap_area fmap, cbfs;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (fmap_find_area(rom, len, "FMAP", &fmap, err, errlen) < 0 ||
	    fmap_find_area(rom, len, "COREBOOT", &cbfs, err, errlen) < 0)
		return -1;
	add(out, "FMAP: FMAP", rom, fmap.offset, fmap.size);
	for (i = 0; i < sizeof(measured_files) / sizeof(measured_files[0]); i++) {
		struct cbfs_file file;
		char name[80];

		if (cbfs_find(rom, len, &cbfs, measured_files[i], &file, err, errlen) < 0)
			return -1;
		snprintf(name, sizeof(name), "FMAP: COREBOOT CBFS: %s", measured_files[i]);
		add(out, name, rom, file.data_offset, file.len);
	}
	return 0;
}
