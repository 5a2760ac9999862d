/* passphrase-hash.c - read, write, make and check "$vigil-scrypt$" passphrase hashes. */
#include <gcrypt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"
#include "crypto/gcrypt-init.h"
#include "crypto/hash.h"
#include "crypto/passphrase-hash.h"
#include "i18n.h"

/* Decimal without sign or leading zero, at most 9 digits (no overflow). */
static bool decimal(const char *s, size_t len, unsigned long *v)
{
	unsigned long x = 0;
	size_t i;

	if (len == 0 || len > 9 || (s[0] == '0' && len > 1))
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (unsigned long)(s[i] - '0');
	}
	*v = x;
	return true;
}

/* Exactly 2n lower-case hex digits into n bytes. */
static bool hex_bytes(const char *s, size_t len, uint8_t *out, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (len != 2 * n)
		return false;
	for (i = 0; i < len; i++) {
		const char *d = s[i] ? strchr(digits, s[i]) : NULL;

		if (!d)
			return false;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)((d - digits) << 4);
		else
			out[i / 2] |= (uint8_t)(d - digits);
	}
	return true;
}

/* "N=65536,r=8,p=2": these three, in this order. */
static int parse_params(struct passphrase_hash *h, const char *s, size_t len,
			char *err, size_t errlen)
{
	static const char names[3] = { 'N', 'r', 'p' };
	const char *p = s, *end = s + len, *item[3];
	unsigned long v[3];
	int item_len[3];
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;

		if ((i < 2) != (comma != NULL) || stop - p < 2 || p[0] != names[i] || p[1] != '=' ||
		    !decimal(p + 2, (size_t)(stop - p - 2), &v[i])) {
			snprintf(err, errlen, _("the parameters '%.*s' are not N=...,r=...,p=..."),
				 (int)(len > 64 ? 64 : len), s);
			return -1;
		}
		item[i] = p;
		item_len[i] = (int)(stop - p);
		p = stop + 1;
	}
	if (v[0] < PASSPHRASE_N_MIN || v[0] > PASSPHRASE_N_MAX || (v[0] & (v[0] - 1))) {
		snprintf(err, errlen, _("%.*s is not a power of two from N=%lu to N=%lu"), item_len[0],
			 item[0], PASSPHRASE_N_MIN, PASSPHRASE_N_MAX);
		return -1;
	}
	if (v[1] != PASSPHRASE_R) {
		snprintf(err, errlen, _("%.*s: only r=%u is supported"), item_len[1], item[1],
			 PASSPHRASE_R);
		return -1;
	}
	if (v[2] < 1 || v[2] > PASSPHRASE_P_MAX) {
		snprintf(err, errlen, _("%.*s is not from p=1 to p=%u"), item_len[2], item[2],
			 PASSPHRASE_P_MAX);
		return -1;
	}
	h->n = v[0];
	h->r = (unsigned)v[1];
	h->p = (unsigned)v[2];
	return 0;
}

int passphrase_hash_parse(struct passphrase_hash *h, const char *text, char *err, size_t errlen)
{
	const size_t prefix_len = strlen(PASSPHRASE_HASH_PREFIX);
	const char *params, *salt, *key;

	memset(h, 0, sizeof(*h));
	if (strncmp(text, PASSPHRASE_HASH_PREFIX, prefix_len)) {
		snprintf(err, errlen, _("it does not start with %s"), PASSPHRASE_HASH_PREFIX);
		return -1;
	}
	params = text + prefix_len;
	salt = strchr(params, '$');
	key = salt ? strchr(salt + 1, '$') : NULL;
	if (!key || strchr(key + 1, '$')) {
		snprintf(err, errlen, _("expected %sN=...,r=%u,p=...$SALT$HASH"),
			 PASSPHRASE_HASH_PREFIX, PASSPHRASE_R);
		return -1;
	}
	salt++;
	key++;
	if (parse_params(h, params, (size_t)(salt - 1 - params), err, errlen) < 0)
		return -1;
	if (!hex_bytes(salt, (size_t)(key - 1 - salt), h->salt, sizeof(h->salt))) {
		snprintf(err, errlen, _("the salt is not %zu lower-case hex digits"), 2 * sizeof(h->salt));
		return -1;
	}
	if (!hex_bytes(key, strlen(key), h->key, sizeof(h->key))) {
		snprintf(err, errlen, _("the hash is not %zu lower-case hex digits"), 2 * sizeof(h->key));
		return -1;
	}
	return 0;
}

char *passphrase_hash_format(const struct passphrase_hash *h)
{
	char salt[2 * PASSPHRASE_SALT_LEN + 1], key[2 * PASSPHRASE_KEY_LEN + 1];

	hash_hex(h->salt, sizeof(h->salt), salt);
	hash_hex(h->key, sizeof(h->key), key);
	return xasprintf("%sN=%lu,r=%u,p=%u$%s$%s", PASSPHRASE_HASH_PREFIX, h->n, h->r, h->p, salt,
			 key);
}

/* scrypt with h's parameters and salt. */
static int derive(const struct passphrase_hash *h, const struct secret *passphrase,
		  uint8_t out[PASSPHRASE_KEY_LEN], char *err, size_t errlen)
{
	gpg_error_t e;

	if (h->r != PASSPHRASE_R) {
		snprintf(err, errlen, _("scrypt with r=%u is not supported"), h->r);
		return -1;
	}
	crypto_init();
	/* libgcrypt takes scrypt's N as the sub-algorithm and p as the iteration count. */
	e = gcry_kdf_derive(passphrase->data, passphrase->len, GCRY_KDF_SCRYPT, (int)h->n, h->salt,
			    sizeof(h->salt), h->p, PASSPHRASE_KEY_LEN, out);
	if (e) {
		snprintf(err, errlen, _("cannot compute the passphrase hash (scrypt N=%lu, p=%u): %s"),
			 h->n, h->p, gcry_strerror(e));
		return -1;
	}
	return 0;
}

int passphrase_hash_new(struct passphrase_hash *h, const struct secret *passphrase,
			char *err, size_t errlen)
{
	memset(h, 0, sizeof(*h));
	if (passphrase->len == 0) {
		snprintf(err, errlen, _("the passphrase is empty"));
		return -1;
	}
	h->n = PASSPHRASE_DEFAULT_N;
	h->r = PASSPHRASE_R;
	h->p = PASSPHRASE_DEFAULT_P;
	crypto_init();
	gcry_randomize(h->salt, sizeof(h->salt), GCRY_STRONG_RANDOM);
	return derive(h, passphrase, h->key, err, errlen);
}

int passphrase_hash_check(const struct passphrase_hash *h, const struct secret *passphrase,
			  char *err, size_t errlen)
{
	uint8_t got[PASSPHRASE_KEY_LEN];
	unsigned diff = 0;
	size_t i;

	/* No hash is made of an empty passphrase: an empty answer is simply wrong. */
	if (passphrase->len == 0)
		return 0;
	if (derive(h, passphrase, got, err, errlen) < 0)
		return -1;
	/* Look at every byte, so the time says nothing about where they differ. */
	for (i = 0; i < sizeof(got); i++)
		diff |= (unsigned)(got[i] ^ h->key[i]);
	explicit_bzero(got, sizeof(got));
	return diff == 0;
}
