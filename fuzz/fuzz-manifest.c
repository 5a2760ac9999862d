/* fuzz-manifest.c - the manifest reader on arbitrary bytes; what it accepts must write back identically. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m, again;
	char err[512], *text;
	size_t len;

	if (manifest_parse(&m, (const char *)data, size, "fuzz", err, sizeof(err)) < 0)
		return 0;
	/* The format is canonical: an accepted manifest has exactly one spelling. */
	text = manifest_format(&m, &len);
	if (len != size || memcmp(text, data, size))
		abort();
	if (manifest_parse(&again, text, len, "fuzz", err, sizeof(err)) < 0 || again.count != m.count)
		abort();
	free(text);
	manifest_free(&again);
	manifest_free(&m);
	return 0;
}
