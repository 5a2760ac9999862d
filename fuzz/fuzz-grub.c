/* fuzz-grub.c - the GRUB script interpreter on arbitrary grub.cfg text (no files behind it). */
#include <stddef.h>
#include <stdint.h>

#include "boot/grub/grub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_partition part = { .root = "/nonexistent-vigil-fuzz", .uuid = "u", .label = "l" };
	struct boot_entry_list list = { 0 };

	grub_collect_text(&list, &part, 1, 0, "/boot/grub/grub.cfg", (const char *)data, size);
	boot_list_free(&list);
	return 0;
}
