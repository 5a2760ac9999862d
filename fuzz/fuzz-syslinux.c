/* fuzz-syslinux.c - the syslinux config parser on arbitrary text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/syslinux.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_partition part = { .root = "/nonexistent-vigil-fuzz" };
	struct boot_entry_list list = { 0 };
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	syslinux_collect_text(&list, &part, "/isolinux/isolinux.cfg", text);
	boot_list_free(&list);
	free(text);
	return 0;
}
