/* kvconf.h - "key = value" settings files (board config, user config). */
#ifndef VIGIL_KVCONF_H
#define VIGIL_KVCONF_H

#include <stddef.h>

struct kvconf_item {
	char *key;
	char *value;
};

struct kvconf {
	struct kvconf_item *items;
	size_t count;
};

/*
 * Parse text (named name in messages). Lines are "key = value", '#' starts a
 * comment line, values may be in double quotes; a later key replaces an
 * earlier one. On error returns -1 and writes "name:line: reason" to err.
 */
int kvconf_parse(struct kvconf *conf, const char *text, const char *name,
		 char *err, size_t errlen);
int kvconf_load(struct kvconf *conf, const char *path, char *err, size_t errlen);
const char *kvconf_get(const struct kvconf *conf, const char *key);
void kvconf_free(struct kvconf *conf);

#endif
