/* secret.c - secure-memory buffers: never swapped, wiped before they are freed. */
#include <errno.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "crypto/gcrypt-init.h"
#include "crypto/secret.h"
#include "common/xmalloc.h"

struct secret *secret_new(size_t len)
{
	struct secret *s = xcalloc(1, sizeof(*s));

	crypto_init();
	/* One spare byte so text secrets (base32, passphrases) are NUL-terminated. */
	s->data = gcry_calloc_secure(1, len + 1);
	if (!s->data) {
		fputs("vigil: out of secure memory\n", stderr);
		abort();
	}
	s->len = len;
	return s;
}

struct secret *secret_from(const void *data, size_t len)
{
	struct secret *s = secret_new(len);

	memcpy(s->data, data, len);
	return s;
}

void secret_free(struct secret *s)
{
	if (!s)
		return;
	explicit_bzero(s->data, s->len + 1);
	gcry_free(s->data);
	free(s);
}

static int read_byte(int fd, char *c)
{
	ssize_t n;

	do
		n = read(fd, c, 1);
	while (n < 0 && errno == EINTR);
	return (int)n;
}

struct secret *secret_read_line(int fd, const char *prompt, size_t max_len,
				char *err, size_t errlen)
{
	struct secret *s = secret_new(max_len);
	struct termios saved, quiet;
	int tty = isatty(fd) && tcgetattr(fd, &saved) == 0;
	size_t used = 0;
	int n = 0;
	char c;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	while ((n = read_byte(fd, &c)) == 1 && c != '\n') {
		if (used == max_len) {
			n = -2;
			break;
		}
		s->data[used++] = (uint8_t)c;
	}
	c = 0;
	if (tty) {
		tcsetattr(fd, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (n == -2 || n < 0 || (n == 0 && used == 0)) {
		if (n == -2)
			snprintf(err, errlen, "the passphrase is longer than %zu characters", max_len);
		else if (n < 0)
			snprintf(err, errlen, "cannot read the passphrase: %s", strerror(errno));
		else
			snprintf(err, errlen, "no passphrase given (end of input)");
		secret_free(s);
		return NULL;
	}
	s->len = used;
	return s;
}
