/* fuzz-passphrase-hash.c - the recovery_passphrase reader: what it accepts writes back the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/passphrase-hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct passphrase_hash h, again;
	char err[512], *text, *back;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (passphrase_hash_parse(&h, text, err, sizeof(err)) == 0) {
		/* The format is canonical: an accepted value has exactly one spelling. */
		back = passphrase_hash_format(&h);
		if (strcmp(back, text) || passphrase_hash_parse(&again, back, err, sizeof(err)) < 0 ||
		    memcmp(&again, &h, sizeof(h)))
			abort();
		free(back);
	}
	free(text);
	return 0;
}
