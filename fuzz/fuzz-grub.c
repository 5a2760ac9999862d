/*
 * fuzz-grub.c - the GRUB script interpreter on arbitrary grub.cfg text, read
 * from a partition with a few kernels, another config that sources or
 * configfiles it back, a grubenv and a BLS entry (so files, wildcards and
 * loops are reached too).
 */
#include <stddef.h>
#include <stdint.h>

#include "boot/grub/grub.h"
#include "fuzz-tree.h"

static const char *const files[][2] = {
	{ "boot/vmlinuz-6.1.0-1-amd64", "" },
	{ "boot/vmlinuz-6.1.0-2-amd64", "" },
	{ "boot/initrd.img-6.1.0-1-amd64", "" },
	{ "boot/grub/other.cfg", "menuentry o { source $prefix/grub.cfg; linux /boot/vmlinuz-* }\n"
				 "menuentry c { configfile /boot/grub/grub.cfg }\nsource $prefix/grub.cfg\n" },
	{ "boot/grub/grubenv", "# GRUB Environment Block\nsaved_entry=o\nkernelopts=root=/dev/sda1\n" },
	{ "loader/entries/a.conf", "title A\nlinux /boot/vmlinuz-6.1.0-1-amd64\noptions $kernelopts\n" },
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
	struct boot_partition parts[2] = {
		{ .root = fuzz_root, .uuid = "u", .label = "l", .grub_name = "hd0,gpt1" },
		{ .root = "/nonexistent-vigil-fuzz", .uuid = "v", .label = "m", .grub_name = "hd1" },
	};
	struct boot_entry_list list = { 0 };

	fuzz_tree_write("boot/grub/grub.cfg", data, size);
	grub_collect(&list, parts, 2, 0, "/boot/grub/grub.cfg");
	boot_list_free(&list);
	return 0;
}
