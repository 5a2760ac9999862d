/* fileio.h - whole-file reads and atomic writes (write new, fsync, rename). */
#ifndef VIGIL_FILEIO_H
#define VIGIL_FILEIO_H

#include <stddef.h>

/*
 * Read all of fd (or path) into a NUL-terminated buffer of at most max_len
 * bytes; returns NULL with errno set (EFBIG when larger).
 */
char *file_read_fd(int fd, size_t *len, size_t max_len);
char *file_read_all(const char *path, size_t *len, size_t max_len);

/*
 * Replace path with data so that a crash leaves either the old or the new
 * contents: write path.tmp, fsync it, rename over path, fsync the directory.
 * Returns 0, or -1 with errno set and the old file untouched.
 */
int file_write_atomic(const char *path, const void *data, size_t len, unsigned mode);

#endif
