/* fuzz-cbmem-console.c - coreboot's CBMEM console on arbitrary bytes: bounds, and nothing unsafe for a terminal. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hw/cbmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, err[256];
	size_t len, i;

	if (cbmem_console_parse(data, size, &text, &len, err, sizeof(err)) > 0) {
		for (i = 0; i < len; i++)
			if (text[i] != '\n' && text[i] != '\t' && (text[i] < 0x20 || text[i] > 0x7e))
				abort();
		if (text[len] != '\0')
			abort();
		free(text);
	}
	return 0;
}
