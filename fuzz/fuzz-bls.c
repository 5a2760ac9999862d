/* fuzz-bls.c - the BLS entry parser and version comparison on arbitrary text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bls_entry a, b;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	bls_parse(&a, text, "x+1-2.conf", "/loader/entries/x+1-2.conf");
	bls_parse(&b, text, text, "/loader/entries/x.conf");
	bls_entry_cmp(&a, &b);
	bls_version_cmp(a.version, a.title);
	bls_version_cmp(a.kernel, a.options);
	bls_entry_free(&a);
	bls_entry_free(&b);
	free(text);
	return 0;
}
