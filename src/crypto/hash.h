/* hash.h - SHA-256 through libgcrypt (uses the CPU's SHA extensions where present). */
#ifndef VIGIL_HASH_H
#define VIGIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN (2 * SHA256_LEN)

void hash_sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* Hash a file in fixed-size chunks; returns 0, or -1 with errno set. */
int hash_sha256_file(const char *path, uint8_t out[SHA256_LEN]);
/* TPM-style extend: pcr = SHA-256(pcr || digest). */
void hash_sha256_extend(uint8_t pcr[SHA256_LEN], const uint8_t digest[SHA256_LEN]);
/* Lower-case hex of n bytes into hex (2n+1 bytes). */
void hash_hex(const uint8_t *digest, size_t n, char *hex);

#endif
