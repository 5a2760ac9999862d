/* env.h - GRUB's variables (with the export flag) and function table, copyable as a whole. */
#ifndef VIGIL_BOOT_GRUB_ENV_H
#define VIGIL_BOOT_GRUB_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/grub/script.h"

#define GENV_MAX_VARS 4096
#define GENV_MAX_FUNCS 1024

struct gvar {
	char *name;
	char *value;
	bool exported;
};

struct gfunc {
	char *name;
	const struct gnode *body;	/* owned by the interpreter's parsed trees */
};

struct genv {
	struct gvar *vars;
	size_t nvars;
	struct gfunc *funcs;
	size_t nfuncs;
};

const char *genv_get(const struct genv *env, const char *name);
/* Returns -1 if the variable table is full. */
int genv_set(struct genv *env, const char *name, const char *value);
void genv_unset(struct genv *env, const char *name);
/* Mark exported, creating an empty variable if needed (as grub_env_export). */
int genv_export(struct genv *env, const char *name);

const struct gnode *genv_func(const struct genv *env, const char *name);
int genv_define(struct genv *env, const char *name, const struct gnode *body);

/* A full copy (a menu entry runs on one, so nothing leaks back). */
struct genv *genv_clone(const struct genv *env);
/* A new context as grub_env_context_open makes it: exported variables only. */
struct genv *genv_clone_exported(const struct genv *env);
void genv_free(struct genv *env);

#endif
