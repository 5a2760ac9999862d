/* secret.h - secrets (TOTP seeds, passphrases) in locked memory that is wiped when freed. */
#ifndef VIGIL_SECRET_H
#define VIGIL_SECRET_H

#include <stddef.h>
#include <stdint.h>

struct secret {
	uint8_t *data;	/* len bytes plus a NUL, in libgcrypt's secure (mlocked) pool */
	size_t len;
};

/* A zeroed secret of len bytes; ends the program if secure memory is exhausted. */
struct secret *secret_new(size_t len);
struct secret *secret_from(const void *data, size_t len);
/* Wipe and free; NULL is fine. */
void secret_free(struct secret *s);

/*
 * Read one line from fd (without its newline) into a secret. When fd is a
 * terminal the prompt goes to stderr and echo is off while typing. Returns
 * NULL and writes the reason to err on end of input, error, or a line longer
 * than max_len.
 */
struct secret *secret_read_line(int fd, const char *prompt, size_t max_len,
				char *err, size_t errlen);

#endif
