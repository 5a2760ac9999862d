/* fsroot.h - read files of a mounted partition without ever leaving its root. */
#ifndef VIGIL_BOOT_FSROOT_H
#define VIGIL_BOOT_FSROOT_H

#include <stddef.h>
#include <sys/stat.h>

#include "boot/strbuf.h"

/* Largest config file any parser reads. */
#define FSROOT_CONFIG_MAX (1u << 20)

/*
 * "/a//b/../c/." -> "/a/c": always absolute, ".." stops at the root, so a
 * config cannot name a file outside its partition.
 */
char *fsroot_normalize(const char *path);

/* Join dir and a relative or absolute path, then normalize. */
char *fsroot_join(const char *dir, const char *path);

/* The directory part of a normalized path ("/boot/grub/grub.cfg" -> "/boot/grub"). */
char *fsroot_dirname(const char *path);

/*
 * Open path under root; ".." and symlinks (also absolute ones) resolve
 * inside root, as the bootloader reading the partition would see them.
 * Returns an fd or -1 with errno set.
 */
int fsroot_open(const char *root, const char *path, int flags);

/* Read a whole file (at most max bytes); NULL with "path: reason" in err. */
char *fsroot_read(const char *root, const char *path, size_t *len, size_t max,
		  char *err, size_t errlen);

/* stat() under root; -1 with errno set. */
int fsroot_stat(const char *root, const char *path, struct stat *st);

/* Names in a directory under root (no "." and ".."), sorted by strcmp. */
int fsroot_list(const char *root, const char *dir, struct strlist *names);

#endif
