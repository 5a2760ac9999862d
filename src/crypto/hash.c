/* hash.c - SHA-256 helpers on libgcrypt; no hand-written hashing anywhere in vigil. */
#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <string.h>
#include <unistd.h>

#include "crypto/gcrypt-init.h"
#include "crypto/hash.h"

#define HASH_CHUNK (1 << 20)

void hash_sha256(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	crypto_init();
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, data, len);
}

int hash_sha256_file(const char *path, uint8_t out[SHA256_LEN])
{
	static unsigned char buf[HASH_CHUNK];
	gcry_md_hd_t md;
	int fd, saved;

	crypto_init();
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (gcry_md_open(&md, GCRY_MD_SHA256, 0)) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		gcry_md_write(md, buf, (size_t)n);
	}
	memcpy(out, gcry_md_read(md, GCRY_MD_SHA256), SHA256_LEN);
	gcry_md_close(md);
	close(fd);
	return 0;
fail:
	saved = errno;
	gcry_md_close(md);
	close(fd);
	errno = saved;
	return -1;
}

void hash_sha256_extend(uint8_t pcr[SHA256_LEN], const uint8_t digest[SHA256_LEN])
{
	uint8_t both[2 * SHA256_LEN];

	memcpy(both, pcr, SHA256_LEN);
	memcpy(both + SHA256_LEN, digest, SHA256_LEN);
	hash_sha256(both, sizeof(both), pcr);
}

void hash_hex(const uint8_t *digest, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[2 * n] = '\0';
}
