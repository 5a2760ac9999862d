/*
 * fuzz-syslinux.c - the syslinux config parser on arbitrary text, read from a
 * partition whose other configs INCLUDE and CONFIG it back (loops), as a
 * top config and from memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/syslinux.h"
#include "fuzz-tree.h"

static const char *const files[][2] = {
	{ "isolinux/live.cfg", "LABEL live\n LINUX /live/vmlinuz\n INITRD /live/initrd.img\n" },
	{ "isolinux/sub/other.cfg", "LABEL back\n CONFIG ../isolinux.cfg\nINCLUDE ../live.cfg\n"
				    "LABEL dir\n CONFIG /isolinux/isolinux.cfg /isolinux/sub\n" },
	{ "isolinux/menu.cfg", "INCLUDE isolinux.cfg\nMENU INCLUDE sub/other.cfg Sub\n" },
	{ "live/vmlinuz", "" },
	{ "live/initrd.img", "" },
	{ NULL, NULL },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tree_init(files);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct boot_partition part = { .root = fuzz_root };
	struct boot_entry_list list = { 0 };
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_tree_write("isolinux/isolinux.cfg", data, size);
	syslinux_collect(&list, &part, "/isolinux/isolinux.cfg");
	boot_list_free(&list);
	memset(&list, 0, sizeof(list));
	syslinux_collect_text(&list, &part, "/isolinux/sub/text.cfg", text);
	boot_list_free(&list);
	free(text);
	return 0;
}
