/* grubenv.h - GRUB's environment block file (grubenv), read-only. */
#ifndef VIGIL_BOOT_GRUBENV_H
#define VIGIL_BOOT_GRUBENV_H

#include <stddef.h>

#define GRUBENV_SIGNATURE "# GRUB Environment Block\n"

struct grubenv_var {
	char *name;
	char *value;
};

struct grubenv {
	struct grubenv_var *vars;
	size_t count;
};

/*
 * Parse an environment block as GRUB's load_env does: the signature line,
 * then "name=value" lines where a backslash escapes the next byte (so "\\"
 * is a backslash and a backslash before a newline continues the value);
 * lines starting with '#' (the padding) are skipped; a line without a final
 * newline ends the block. Returns -1 with the reason in err if the
 * signature is missing.
 */
int grubenv_parse(struct grubenv *env, const char *data, size_t len,
		  char *err, size_t errlen);
/* The last value set for name, or NULL. */
const char *grubenv_get(const struct grubenv *env, const char *name);
void grubenv_free(struct grubenv *env);

#endif
