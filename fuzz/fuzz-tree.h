/* fuzz-tree.h - a scratch partition for the config fuzzers: a few fixed files, and the input as the config. */
#ifndef VIGIL_FUZZ_TREE_H
#define VIGIL_FUZZ_TREE_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The partition root: one per fuzzing process, removed when it exits. */
static char fuzz_root[] = "/tmp/vigil-fuzz-XXXXXX";

static int fuzz_remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void fuzz_tree_remove(void)
{
	nftw(fuzz_root, fuzz_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Write size bytes to path (relative to the root), creating its directories. */
static void fuzz_tree_write(const char *path, const void *data, size_t size)
{
	char full[4096], *p;
	int fd;

	snprintf(full, sizeof(full), "%s/%s", fuzz_root, path);
	for (p = full + strlen(fuzz_root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
}

/* files: pairs of path and contents, ending with a NULL path. */
static void fuzz_tree_init(const char *const (*files)[2])
{
	if (!mkdtemp(fuzz_root))
		abort();
	atexit(fuzz_tree_remove);
	for (; (*files)[0]; files++)
		fuzz_tree_write((*files)[0], (*files)[1], strlen((*files)[1]));
}

#endif
