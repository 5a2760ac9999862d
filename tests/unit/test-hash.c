/* test-hash.c - SHA-256 and PCR extend agree with published vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/hash.h"

static void fips_vector(void **state)
{
	uint8_t d[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];

	hash_sha256("abc", 3, d);
	hash_hex(d, SHA256_LEN, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void extend_from_zero(void **state)
{
	/* PCR = SHA-256(32 zero bytes || SHA-256("abc")), as tpm2_pcrextend gives. */
	uint8_t pcr[SHA256_LEN] = { 0 }, d[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];

	hash_sha256("abc", 3, d);
	hash_sha256_extend(pcr, d);
	hash_hex(pcr, SHA256_LEN, hex);
	assert_string_equal(hex, "589f9ffed4c477966bfb8d41f37895b08c69047df8f911d6f3b57fbe08faee8d");
}

static void file_matches_buffer(void **state)
{
	char path[] = "/tmp/vigil-test-hash-XXXXXX";
	int fd = mkstemp(path);
	size_t len = 3 * (1 << 20) + 17, i;
	uint8_t *buf = malloc(len), a[SHA256_LEN], b[SHA256_LEN];

	assert_true(fd >= 0);
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	assert_int_equal(hash_sha256_file(path, a), 0);
	hash_sha256(buf, len, b);
	assert_memory_equal(a, b, SHA256_LEN);
	unlink(path);
	free(buf);
	assert_int_equal(hash_sha256_file("/nonexistent", a), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_vector),
		cmocka_unit_test(extend_from_zero),
		cmocka_unit_test(file_matches_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
