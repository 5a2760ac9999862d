/* grubenv.c - parser for GRUB environment blocks, following grub_envblk_iterate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/grubenv.h"
#include "common/xmalloc.h"

static void grubenv_add(struct grubenv *env, char *name, char *value)
{
	env->vars = xrealloc(env->vars, (env->count + 1) * sizeof(*env->vars));
	env->vars[env->count].name = name;
	env->vars[env->count].value = value;
	env->count++;
}

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

int grubenv_parse(struct grubenv *env, const char *data, size_t len,
		  char *err, size_t errlen)
{
	const size_t siglen = strlen(GRUBENV_SIGNATURE);
	const char *p = data + siglen, *end = data + len;

	memset(env, 0, sizeof(*env));
	if (len < siglen || memcmp(data, GRUBENV_SIGNATURE, siglen) != 0) {
		snprintf(err, errlen, "not a GRUB environment block (no \"# GRUB Environment Block\" line)");
		return -1;
	}
	while (p < end) {
		const char *name_start = p, *name_end, *value_start;
		char *value, *q;

		if (*p == '#') {
			p = next_line(p, end);
			continue;
		}
		while (p < end && *p != '=')
			p++;
		if (p >= end)
			break;	/* broken line: GRUB stops here too */
		name_end = p++;
		value_start = p;
		for (; p < end && *p != '\n'; p++)
			if (*p == '\\')
				p++;
		if (p >= end)
			break;
		value = q = xmalloc((size_t)(p - value_start) + 1);
		for (const char *s = value_start; s < p; s++) {
			if (*s == '\\')
				s++;
			*q++ = *s;
		}
		*q = '\0';
		grubenv_add(env, xstrndup(name_start, (size_t)(name_end - name_start)), value);
		p = next_line(p, end);
	}
	return 0;
}

const char *grubenv_get(const struct grubenv *env, const char *name)
{
	size_t i;

	for (i = env->count; i-- > 0;)
		if (!strcmp(env->vars[i].name, name))
			return env->vars[i].value;
	return NULL;
}

void grubenv_free(struct grubenv *env)
{
	size_t i;

	for (i = 0; i < env->count; i++) {
		free(env->vars[i].name);
		free(env->vars[i].value);
	}
	free(env->vars);
	memset(env, 0, sizeof(*env));
}
