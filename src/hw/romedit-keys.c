/* romedit-keys.c - keys merged into and removed from the ROM keyring file of a ROM being edited. */
#include <stdlib.h>

#include "hw/romedit-keys.h"
#include "hw/romfiles.h"

int romedit_add_keys(struct romedit *ed, const void *data, size_t len, const char *name,
		     size_t *new_keys, char *err, size_t errlen)
{
	const struct romfile *keys = romfiles_get(&ed->files, ROMFILE_KEYS);
	char *merged;
	size_t merged_len;
	int ret;

	*new_keys = 0;
	if (romkeys_merge(keys ? keys->data : NULL, keys ? keys->len : 0, data, len, name, &merged,
			  &merged_len, new_keys, err, errlen) < 0)
		return -1;
	ret = romedit_put(ed, ROMFILE_KEYS, merged, merged_len, err, errlen);
	free(merged);
	return ret;
}

int romedit_remove_key(struct romedit *ed, const char *fpr, struct romkey *removed,
		       bool *none_left, char *err, size_t errlen)
{
	const struct romfile *keys = romfiles_get(&ed->files, ROMFILE_KEYS);
	char *rest;
	size_t rest_len;
	int ret;

	if (romkeys_remove(keys ? keys->data : NULL, keys ? keys->len : 0, fpr, &rest, &rest_len,
			   removed, err, errlen) < 0)
		return -1;
	*none_left = !rest;
	ret = rest ? romedit_put(ed, ROMFILE_KEYS, rest, rest_len, err, errlen)
		   : romedit_remove(ed, ROMFILE_KEYS, err, errlen);
	free(rest);
	return ret;
}
