/* romkeys.h - the OpenPGP public keys kept in the ROM (vigil/keys.asc): list, merge, remove, import (gpgme). */
#ifndef VIGIL_ROMKEYS_H
#define VIGIL_ROMKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/gpg.h"

struct romkey {
	char fpr[GPG_FPR_MAX + 1];	/* primary key fingerprint */
	char uid[256];			/* first user id; "" if none */
	size_t nuids;
	bool secret, revoked, expired, disabled, invalid;
};

struct romkey_list {
	struct romkey *items;
	size_t count;
};

void romkey_list_free(struct romkey_list *list);

/*
 * The keys in an OpenPGP key block (armoured or binary), read by gpg
 * without importing them (in a temporary GnuPG home). Data holding no key
 * at all is not an error: list->count is 0.
 */
int romkeys_list(const void *data, size_t len, struct romkey_list *list,
		 char *err, size_t errlen);

/*
 * The armoured export of the keys in old (may be NULL, 0) together with
 * those in add (named add_name in messages), into *out (allocated). add
 * must hold at least one key and no secret key; *new_keys tells how many
 * keys were not in old before.
 */
int romkeys_merge(const void *old, size_t old_len, const void *add, size_t add_len,
		  const char *add_name, char **out, size_t *out_len, size_t *new_keys,
		  char *err, size_t errlen);

/*
 * old without the key whose primary fingerprint is fpr (40 or 64 hex
 * digits, spaces allowed); *out NULL and *out_len 0 when no key is left.
 * The removed key is described in *removed.
 */
int romkeys_remove(const void *old, size_t old_len, const char *fpr, char **out,
		   size_t *out_len, struct romkey *removed, char *err, size_t errlen);

/*
 * Import the public keys in data into homedir (made 0700 if missing): the
 * ROM keyring the boot verification trusts. Refuses secret keys. *count
 * gets the number of keys in the keyring afterwards.
 */
int romkeys_import(const char *homedir, const void *data, size_t len, size_t *count,
		   char *err, size_t errlen);

#endif
