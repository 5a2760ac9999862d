/* kvconf.c - strict parser for vigil's key=value settings files. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/kvconf.h"
#include "common/xmalloc.h"

#define KVCONF_MAX_SIZE (64 * 1024)

static void kvconf_set(struct kvconf *conf, const char *key, size_t keylen,
		       const char *value, size_t valuelen)
{
	size_t i;

	for (i = 0; i < conf->count; i++) {
		if (strlen(conf->items[i].key) == keylen &&
		    !memcmp(conf->items[i].key, key, keylen)) {
			free(conf->items[i].value);
			conf->items[i].value = xstrndup(value, valuelen);
			return;
		}
	}
	conf->items = xrealloc(conf->items, (conf->count + 1) * sizeof(*conf->items));
	conf->items[conf->count].key = xstrndup(key, keylen);
	conf->items[conf->count].value = xstrndup(value, valuelen);
	conf->count++;
}

static int is_key_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

static int parse_line(struct kvconf *conf, const char *p, const char *end,
		      const char **why)
{
	const char *key, *value;
	size_t keylen;

	while (p < end && isblank((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (p == end || *p == '#')
		return 0;
	key = p;
	while (p < end && is_key_char((unsigned char)*p))
		p++;
	keylen = (size_t)(p - key);
	if (keylen == 0) {
		*why = "expected a key (letters, digits, '_', '-', '.')";
		return -1;
	}
	while (p < end && isblank((unsigned char)*p))
		p++;
	if (p == end || *p != '=') {
		*why = "expected '=' after the key";
		return -1;
	}
	p++;
	while (p < end && isblank((unsigned char)*p))
		p++;
	value = p;
	if (p < end && *p == '"') {
		if (end - p < 2 || end[-1] != '"') {
			*why = "unterminated quoted value";
			return -1;
		}
		value++;
		end--;
	}
	if (memchr(value, '"', (size_t)(end - value))) {
		*why = "stray '\"' in value";
		return -1;
	}
	kvconf_set(conf, key, keylen, value, (size_t)(end - value));
	return 0;
}

int kvconf_parse(struct kvconf *conf, const char *text, const char *name,
		 char *err, size_t errlen)
{
	unsigned lineno = 1;

	memset(conf, 0, sizeof(*conf));
	while (*text) {
		const char *nl = strchr(text, '\n');
		const char *end = nl ? nl : text + strlen(text);
		const char *why = NULL;

		if (parse_line(conf, text, end, &why) < 0) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
			kvconf_free(conf);
			return -1;
		}
		if (!nl)
			break;
		text = nl + 1;
		lineno++;
	}
	return 0;
}

int kvconf_load(struct kvconf *conf, const char *path, char *err, size_t errlen)
{
	char *text = file_read_all(path, NULL, KVCONF_MAX_SIZE);
	int ret;

	memset(conf, 0, sizeof(*conf));
	if (!text) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = kvconf_parse(conf, text, path, err, errlen);
	free(text);
	return ret;
}

const char *kvconf_get(const struct kvconf *conf, const char *key)
{
	size_t i;

	for (i = 0; i < conf->count; i++)
		if (!strcmp(conf->items[i].key, key))
			return conf->items[i].value;
	return NULL;
}

void kvconf_free(struct kvconf *conf)
{
	size_t i;

	for (i = 0; i < conf->count; i++) {
		free(conf->items[i].key);
		free(conf->items[i].value);
	}
	free(conf->items);
	conf->items = NULL;
	conf->count = 0;
}
