/* romedit-keys.h - the ROM keyring file (vigil/keys.asc) of a ROM being edited. */
#ifndef VIGIL_ROMEDIT_KEYS_H
#define VIGIL_ROMEDIT_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "hw/romedit.h"
#include "hw/romkeys.h"

/* Add the public keys in data (named name in messages) to the copy; *new_keys: how many were not there. */
int romedit_add_keys(struct romedit *ed, const void *data, size_t len, const char *name,
		     size_t *new_keys, char *err, size_t errlen);

/* Remove the key with primary fingerprint fpr from the copy; *none_left when it was the last. */
int romedit_remove_key(struct romedit *ed, const char *fpr, struct romkey *removed,
		       bool *none_left, char *err, size_t errlen);

#endif
