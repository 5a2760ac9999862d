/* env.c - variable and function tables of the GRUB interpreter. */
#include <stdlib.h>
#include <string.h>

#include "boot/grub/env.h"
#include "common/xmalloc.h"

static struct gvar *find_var(const struct genv *env, const char *name)
{
	size_t i;

	for (i = 0; i < env->nvars; i++)
		if (!strcmp(env->vars[i].name, name))
			return &env->vars[i];
	return NULL;
}

const char *genv_get(const struct genv *env, const char *name)
{
	const struct gvar *v = find_var(env, name);

	return v ? v->value : NULL;
}

int genv_set(struct genv *env, const char *name, const char *value)
{
	struct gvar *v = find_var(env, name);

	if (v) {
		char *copy = xstrdup(value);

		free(v->value);
		v->value = copy;
		return 0;
	}
	if (env->nvars >= GENV_MAX_VARS)
		return -1;
	env->vars = xrealloc(env->vars, (env->nvars + 1) * sizeof(*env->vars));
	env->vars[env->nvars].name = xstrdup(name);
	env->vars[env->nvars].value = xstrdup(value);
	env->vars[env->nvars].exported = false;
	env->nvars++;
	return 0;
}

void genv_unset(struct genv *env, const char *name)
{
	struct gvar *v = find_var(env, name);

	if (!v)
		return;
	free(v->name);
	free(v->value);
	*v = env->vars[--env->nvars];
}

int genv_export(struct genv *env, const char *name)
{
	struct gvar *v = find_var(env, name);

	if (!v) {
		if (genv_set(env, name, "") < 0)
			return -1;
		v = find_var(env, name);
	}
	v->exported = true;
	return 0;
}

const struct gnode *genv_func(const struct genv *env, const char *name)
{
	size_t i;

	for (i = 0; i < env->nfuncs; i++)
		if (!strcmp(env->funcs[i].name, name))
			return env->funcs[i].body;
	return NULL;
}

int genv_define(struct genv *env, const char *name, const struct gnode *body)
{
	size_t i;

	for (i = 0; i < env->nfuncs; i++) {
		if (!strcmp(env->funcs[i].name, name)) {
			env->funcs[i].body = body;
			return 0;
		}
	}
	if (env->nfuncs >= GENV_MAX_FUNCS)
		return -1;
	env->funcs = xrealloc(env->funcs, (env->nfuncs + 1) * sizeof(*env->funcs));
	env->funcs[env->nfuncs].name = xstrdup(name);
	env->funcs[env->nfuncs].body = body;
	env->nfuncs++;
	return 0;
}

static struct genv *clone(const struct genv *env, bool exported_only)
{
	struct genv *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->vars = xcalloc(env->nvars ? env->nvars : 1, sizeof(*c->vars));
	for (i = 0; i < env->nvars; i++) {
		if (exported_only && !env->vars[i].exported)
			continue;
		c->vars[c->nvars].name = xstrdup(env->vars[i].name);
		c->vars[c->nvars].value = xstrdup(env->vars[i].value);
		c->vars[c->nvars].exported = env->vars[i].exported;
		c->nvars++;
	}
	/* Functions are global in GRUB: every context sees all of them. */
	c->funcs = xcalloc(env->nfuncs ? env->nfuncs : 1, sizeof(*c->funcs));
	for (i = 0; i < env->nfuncs; i++) {
		c->funcs[i].name = xstrdup(env->funcs[i].name);
		c->funcs[i].body = env->funcs[i].body;
	}
	c->nfuncs = env->nfuncs;
	return c;
}

struct genv *genv_clone(const struct genv *env)
{
	return clone(env, false);
}

struct genv *genv_clone_exported(const struct genv *env)
{
	return clone(env, true);
}

void genv_free(struct genv *env)
{
	size_t i;

	if (!env)
		return;
	for (i = 0; i < env->nvars; i++) {
		free(env->vars[i].name);
		free(env->vars[i].value);
	}
	for (i = 0; i < env->nfuncs; i++)
		free(env->funcs[i].name);
	free(env->vars);
	free(env->funcs);
	free(env);
}
