/* keys-edit.h - "Manage keys" changes: keys from a stick added to the flash's ROM keyring, or one removed. */
#ifndef VIGIL_UI_KEYS_EDIT_H
#define VIGIL_UI_KEYS_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "hw/romkeys.h"
#include "ui/stick-files.h"

struct ui_session;

/* Key files (*.asc, *.gpg, *.pub, *.key) on the disks and sticks. */
void ui_key_files_find(const struct ui_session *s, struct ui_stick_files *files);

/*
 * Add the public keys in the file at path to the ROM keyring in the flash
 * (read, merged on a checked copy, written back). *new_keys: how many were
 * not there. They count from the next power-on, which measures them.
 */
int ui_key_add(const struct ui_session *s, const char *path, size_t *new_keys, char *err,
	       size_t errlen);

/* Remove the key with fingerprint fpr from the flash's ROM keyring; *none_left after the last. */
int ui_key_remove(const struct ui_session *s, const char *fpr, struct romkey *removed,
		  bool *none_left, char *err, size_t errlen);

#endif
