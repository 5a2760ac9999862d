/* entry.c - boot entries and lists of them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/entry.h"
#include "common/xmalloc.h"

struct boot_entry *boot_entry_new(enum boot_source source)
{
	struct boot_entry *e = xcalloc(1, sizeof(*e));

	e->source = source;
	return e;
}

void boot_entry_add_module(struct boot_entry *e, const char *path, const char *cmdline)
{
	e->modules = xrealloc(e->modules, (e->n_modules + 1) * sizeof(*e->modules));
	e->modules[e->n_modules].path = xstrdup(path);
	e->modules[e->n_modules].cmdline = xstrdup(cmdline ? cmdline : "");
	e->n_modules++;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return xstrdup(fmt);
	return s;
}

void boot_entry_warn(struct boot_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_push(&e->warnings, vformat(fmt, ap));
	va_end(ap);
}

void boot_entry_free(struct boot_entry *e)
{
	size_t i;

	if (!e)
		return;
	free(e->name);
	free(e->id);
	free(e->kernel);
	strlist_free(&e->initrd);
	free(e->cmdline);
	for (i = 0; i < e->n_modules; i++) {
		free(e->modules[i].path);
		free(e->modules[i].cmdline);
	}
	free(e->modules);
	free(e->file);
	free(e->device);
	free(e->host_root);
	strlist_free(&e->warnings);
	free(e);
}

void boot_list_append(struct boot_entry_list *l, struct boot_entry *e)
{
	l->items = xrealloc(l->items, (l->count + 1) * sizeof(*l->items));
	l->items[l->count++] = e;
}

void boot_list_move(struct boot_entry_list *dst, struct boot_entry_list *src)
{
	size_t i;

	for (i = 0; i < src->count; i++)
		boot_list_append(dst, src->items[i]);
	for (i = 0; i < src->warnings.n; i++)
		strlist_push(&dst->warnings, src->warnings.v[i]);
	free(src->items);
	free(src->warnings.v);
	memset(src, 0, sizeof(*src));
}

void boot_list_warn(struct boot_entry_list *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_push(&l->warnings, vformat(fmt, ap));
	va_end(ap);
}

void boot_list_free(struct boot_entry_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		boot_entry_free(l->items[i]);
	free(l->items);
	strlist_free(&l->warnings);
	memset(l, 0, sizeof(*l));
}

const char *boot_kind_name(enum boot_kind kind)
{
	return kind == BOOT_KIND_XEN ? "xen" : "linux";
}

const char *boot_source_name(enum boot_source source)
{
	switch (source) {
	case BOOT_SOURCE_GRUB:
		return "grub";
	case BOOT_SOURCE_SYSLINUX:
		return "syslinux";
	case BOOT_SOURCE_BLS:
		return "bls";
	}
	return "unknown";
}
