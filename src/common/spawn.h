/* spawn.h - run external programs from an argv vector; never through a shell. */
#ifndef VIGIL_SPAWN_H
#define VIGIL_SPAWN_H

#include <stddef.h>

/*
 * Run argv[0] (looked up in PATH) with argv, wait for it, and return its exit
 * status (0-255), 128+signal if it was killed, or -1 (errno set) if it could
 * not be started.
 */
int spawn_wait(char *const argv[]);

/*
 * spawn_wait() with the program's stdout written to path (created mode 0600,
 * or truncated): for filters like "gzip -dc FILE". -1 (errno set) also when
 * path cannot be created.
 */
int spawn_wait_to_file(char *const argv[], const char *path);

/*
 * spawn_wait() keeping the last tail_size - 1 bytes of the program's stderr
 * in tail (NUL-terminated; "" if it printed nothing), for error messages.
 */
int spawn_wait_stderr_tail(char *const argv[], char *tail, size_t tail_size);

/* spawn_wait_stderr_tail() for programs that explain themselves on stdout too (flashrom). */
int spawn_wait_output_tail(char *const argv[], char *tail, size_t tail_size);

/* Output as it arrives, in pieces that may split lines. */
typedef void (*spawn_output_fn)(void *ctx, const char *data, size_t len);

/* spawn_wait_output_tail(), and every piece of the output also handed to fn (progress). */
int spawn_wait_output_watch(char *const argv[], spawn_output_fn fn, void *ctx, char *tail,
			    size_t tail_size);

#endif
