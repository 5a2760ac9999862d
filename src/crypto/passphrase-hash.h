/* passphrase-hash.h - slow, salted passphrase hashes (scrypt through libgcrypt) in one self-describing string. */
#ifndef VIGIL_PASSPHRASE_HASH_H
#define VIGIL_PASSPHRASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"

/*
 * The text form (doc/recovery.md):
 *   $vigil-scrypt$N=65536,r=8,p=2$<salt: 32 hex digits>$<hash: 64 hex digits>
 * hash = scrypt(passphrase bytes, salt, N, r, p) with a 32-byte output.
 * Hex is lower case; every field is required, in this order, and nothing else
 * may follow, so an accepted value has exactly one spelling.
 */
#define PASSPHRASE_HASH_PREFIX "$vigil-scrypt$"
#define PASSPHRASE_MAX 256	/* bytes a passphrase may have */
#define PASSPHRASE_SALT_LEN 16
#define PASSPHRASE_KEY_LEN 32

/*
 * Defaults: about 0.4 s and 64 MiB on a 2.8 GHz x86-64 core. libgcrypt's
 * scrypt fixes r at 8 and runs the p lanes one after the other, so p only
 * multiplies the time: N=2^16 keeps the memory at 64 MiB, p=2 brings the
 * time into the 0.3-0.5 s window (N=2^17 would take 128 MiB and 0.55 s).
 */
#define PASSPHRASE_DEFAULT_N 65536UL
#define PASSPHRASE_DEFAULT_P 2U

/* Accepted bounds: less is too cheap to guess against, more could exhaust the firmware's memory. */
#define PASSPHRASE_N_MIN 16384UL	/* 16 MiB */
#define PASSPHRASE_N_MAX 262144UL	/* 256 MiB */
#define PASSPHRASE_R 8U			/* the only block size libgcrypt's scrypt has */
#define PASSPHRASE_P_MAX 16U

struct passphrase_hash {
	unsigned long n;
	unsigned r, p;
	uint8_t salt[PASSPHRASE_SALT_LEN];
	uint8_t key[PASSPHRASE_KEY_LEN];
};

/*
 * Read the text form. 0, or -1 with err saying what is wrong (without the
 * setting's name: the caller knows where the text came from).
 */
int passphrase_hash_parse(struct passphrase_hash *h, const char *text, char *err, size_t errlen);

/* The text form (allocated). */
char *passphrase_hash_format(const struct passphrase_hash *h);

/* Hash a new passphrase with the default parameters and a fresh random salt. */
int passphrase_hash_new(struct passphrase_hash *h, const struct secret *passphrase,
			char *err, size_t errlen);

/*
 * Does passphrase match h? 1 yes, 0 no, -1 with err when it cannot tell (out
 * of memory, say). The comparison takes the same time wherever they differ.
 */
int passphrase_hash_check(const struct passphrase_hash *h, const struct secret *passphrase,
			  char *err, size_t errlen);

#endif
