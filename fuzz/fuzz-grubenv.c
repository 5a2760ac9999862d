/* fuzz-grubenv.c - the GRUB environment block parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "boot/grubenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct grubenv env;
	char err[128];

	if (grubenv_parse(&env, (const char *)data, size, err, sizeof(err)) == 0) {
		grubenv_get(&env, "saved_entry");
		grubenv_free(&env);
	}
	return 0;
}
