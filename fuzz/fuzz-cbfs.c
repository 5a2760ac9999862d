/* fuzz-cbfs.c - the FMAP/CBFS reader and PCR 2 replay on arbitrary ROM bytes. */
#include <stddef.h>
#include <stdint.h>

#include "hw/cbfs.h"
#include "hw/pcr-predict.h"

static int count_file(const struct cbfs_file *file, void *ctx)
{
	(*(size_t *)ctx) += file->len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcr_prediction pred;
	struct fmap_area area;
	char err[256];
	size_t total = 0;

	pcr2_predict(data, size, &pred, err, sizeof(err));
	if (fmap_find_area(data, size, "COREBOOT", &area, err, sizeof(err)) == 0)
		cbfs_walk(data, size, &area, count_file, &total, err, sizeof(err));
	return 0;
}
