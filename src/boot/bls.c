/* bls.c - BLS Type #1 entries: parsing, systemd-boot's order, conversion to boot entries. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/bls.h"
#include "boot/fsroot.h"
#include "common/xmalloc.h"

#define BLS_MAX_ENTRIES 256
#define BLS_ENTRY_MAX_SIZE (64u * 1024)

static void set_field(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* "name+LEFT-DONE.conf" or "name+LEFT.conf": strip the counter, as systemd-boot does. */
static char *bls_id_from_filename(const char *filename, int *left, int *done)
{
	size_t n = strlen(filename);
	const char *plus, *ext = n > 5 && !strcmp(filename + n - 5, ".conf") ? filename + n - 5 : filename + n;
	char *id;

	*left = *done = -1;
	plus = memrchr(filename, '+', (size_t)(ext - filename));
	if (plus) {
		const char *p = plus + 1;
		char *end;
		long l = strtol(p, &end, 10), d = 0;

		if (end > p && isdigit((unsigned char)*p) && (end == ext || *end == '-')) {
			if (*end == '-') {
				p = end + 1;
				d = strtol(p, &end, 10);
				if (end == p || end != ext || !isdigit((unsigned char)*p))
					goto plain;
			}
			*left = l > 1000 ? 1000 : (int)l;
			*done = d > 1000 ? 1000 : (int)d;
			id = xmalloc((size_t)(plus - filename) + strlen(ext) + 1);
			memcpy(id, filename, (size_t)(plus - filename));
			strcpy(id + (plus - filename), ext);
			return id;
		}
	}
plain:
	return xstrdup(filename);
}

void bls_parse(struct bls_entry *e, const char *text, const char *filename, const char *path)
{
	struct strbuf options = { 0 };
	const char *p = text;

	memset(e, 0, sizeof(*e));
	e->id = bls_id_from_filename(filename, &e->tries_left, &e->tries_done);
	e->file = xstrdup(path);
	while (*p) {
		const char *line = p, *eol = strchr(p, '\n'), *key_end, *value;
		size_t vlen;
		char *key, *val;

		if (!eol)
			eol = p + strlen(p);
		p = *eol ? eol + 1 : eol;
		while (line < eol && isspace((unsigned char)*line))
			line++;
		if (line == eol || *line == '#')
			continue;
		key_end = line;
		while (key_end < eol && !isspace((unsigned char)*key_end))
			key_end++;
		value = key_end;
		while (value < eol && isspace((unsigned char)*value))
			value++;
		vlen = (size_t)(eol - value);
		while (vlen && isspace((unsigned char)value[vlen - 1]))
			vlen--;
		key = xstrndup(line, (size_t)(key_end - line));
		val = xstrndup(value, vlen);
		if (!strcmp(key, "title"))
			set_field(&e->title, val);
		else if (!strcmp(key, "version"))
			set_field(&e->version, val);
		else if (!strcmp(key, "machine-id"))
			set_field(&e->machine_id, val);
		else if (!strcmp(key, "sort-key"))
			set_field(&e->sort_key, val);
		else if (!strcmp(key, "linux"))
			set_field(&e->kernel, val);
		else if (!strcmp(key, "initrd"))
			strlist_pushdup(&e->initrd, val);
		else if (!strcmp(key, "options") && *val) {
			if (options.len)
				sb_putc(&options, ' ');
			sb_puts(&options, val);
		}
		free(key);
		free(val);
	}
	e->options = sb_steal(&options);
}

void bls_entry_free(struct bls_entry *e)
{
	free(e->id);
	free(e->file);
	free(e->title);
	free(e->version);
	free(e->machine_id);
	free(e->sort_key);
	free(e->kernel);
	strlist_free(&e->initrd);
	free(e->options);
	memset(e, 0, sizeof(*e));
}

static int is_version_char(char c)
{
	return isalnum((unsigned char)c) || c == '~' || c == '-' || c == '^' || c == '.';
}

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

int bls_version_cmp(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return cmp_int(a && *a, b && *b);
	for (;;) {
		const char *aa, *bb;
		int r;

		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;
		/* '~' marks a pre-release: older than anything else. */
		if (*a == '~' || *b == '~') {
			r = cmp_int(*a != '~', *b != '~');
			if (r)
				return r;
			a++;
			b++;
		}
		if (!*a || !*b)
			return cmp_int((unsigned char)*a, (unsigned char)*b);
		/* '-' separates version and release: the shorter version is older. */
		if (*a == '-' || *b == '-') {
			r = cmp_int(*a != '-', *b != '-');
			if (r)
				return r;
			a++;
			b++;
		}
		if (*a == '^' || *b == '^') {
			r = cmp_int(*a != '^', *b != '^');
			if (r)
				return r;
			a++;
			b++;
		}
		if (*a == '.' || *b == '.') {
			r = cmp_int(*a != '.', *b != '.');
			if (r)
				return r;
			a++;
			b++;
		}
		if (isdigit((unsigned char)*a) || isdigit((unsigned char)*b)) {
			for (aa = a; isdigit((unsigned char)*aa); aa++)
				;
			for (bb = b; isdigit((unsigned char)*bb); bb++)
				;
			r = cmp_int(a != aa, b != bb);
			if (r)
				return r;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			r = cmp_int(aa - a, bb - b);
			if (r)
				return r;
			r = strncmp(a, b, (size_t)(aa - a));
			if (r)
				return r < 0 ? -1 : 1;
		} else {
			for (aa = a; isalpha((unsigned char)*aa); aa++)
				;
			for (bb = b; isalpha((unsigned char)*bb); bb++)
				;
			r = strncmp(a, b, (size_t)(aa - a < bb - b ? aa - a : bb - b));
			if (r)
				return r < 0 ? -1 : 1;
			r = cmp_int(aa - a, bb - b);
			if (r)
				return r;
		}
		a = aa;
		b = bb;
	}
}

/* strcmp where a missing string sorts first, as systemd's strcmp_ptr. */
static int strcmp_null(const char *a, const char *b)
{
	int r;

	if (!a || !b)
		return cmp_int(a != NULL, b != NULL);
	r = strcmp(a, b);
	return (r > 0) - (r < 0);
}

int bls_entry_cmp(const struct bls_entry *a, const struct bls_entry *b)
{
	int r;

	/* Entries whose boot counter ran out go last. */
	r = cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (r)
		return r;
	/* Entries with a sort-key come before those without. */
	r = cmp_int(!a->sort_key, !b->sort_key);
	if (r)
		return r;
	if (a->sort_key && b->sort_key) {
		r = strcmp_null(a->sort_key, b->sort_key);
		if (r)
			return r;
		r = strcmp_null(a->machine_id, b->machine_id);
		if (r)
			return r;
		r = -bls_version_cmp(a->version, b->version);
		if (r)
			return r;
	}
	r = -bls_version_cmp(a->id, b->id);
	if (r)
		return r;
	if (a->tries_left < 0 || b->tries_left < 0)
		return 0;
	r = -cmp_int(a->tries_left, b->tries_left);
	if (r)
		return r;
	return cmp_int(a->tries_done, b->tries_done);
}

static int bls_qsort_cmp(const void *a, const void *b)
{
	return bls_entry_cmp(a, b);
}

size_t bls_load_dir(struct bls_set *set, const char *root, const char *dir,
		    struct strlist *warnings)
{
	struct strlist names = { 0 };
	size_t i, added = 0;

	if (fsroot_list(root, dir, &names) < 0)
		return 0;
	for (i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		size_t n = strlen(name);
		char err[512], *path, *text;
		struct stat st;

		if (n <= 5 || strcmp(name + n - 5, ".conf") || name[0] == '.')
			continue;
		path = fsroot_join(dir, name);
		if (fsroot_stat(root, path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (set->count >= BLS_MAX_ENTRIES) {
			strlist_push(warnings, xasprintf("%s: more than %d BLS entries, the rest is ignored",
							 dir, BLS_MAX_ENTRIES));
			free(path);
			break;
		}
		text = fsroot_read(root, path, NULL, BLS_ENTRY_MAX_SIZE, err, sizeof(err));
		if (!text) {
			strlist_push(warnings, xstrdup(err));
			free(path);
			continue;
		}
		set->items = xrealloc(set->items, (set->count + 1) * sizeof(*set->items));
		bls_parse(&set->items[set->count++], text, name, path);
		added++;
		free(text);
		free(path);
	}
	strlist_free(&names);
	if (set->count > 1)
		qsort(set->items, set->count, sizeof(*set->items), bls_qsort_cmp);
	return added;
}

void bls_set_free(struct bls_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		bls_entry_free(&set->items[i]);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* A bare default pattern from loader.conf, or NULL. */
static char *loader_conf_default(const char *root, const char *path)
{
	char err[256], *text = fsroot_read(root, path, NULL, BLS_ENTRY_MAX_SIZE, err, sizeof(err));
	char *result = NULL;
	const char *p;

	if (!text)
		return NULL;
	for (p = text; *p;) {
		const char *eol = strchr(p, '\n'), *v;
		size_t n;

		if (!eol)
			eol = p + strlen(p);
		while (p < eol && isspace((unsigned char)*p))
			p++;
		if ((size_t)(eol - p) > 8 && !strncmp(p, "default", 7) && isspace((unsigned char)p[7])) {
			for (v = p + 7; v < eol && isspace((unsigned char)*v); v++)
				;
			n = (size_t)(eol - v);
			while (n && isspace((unsigned char)v[n - 1]))
				n--;
			free(result);
			result = xstrndup(v, n);
		}
		p = *eol ? eol + 1 : eol;
	}
	free(text);
	return result;
}

size_t bls_collect(struct boot_entry_list *out, const struct boot_partition *part,
		   const char *dir, const char *loader_conf)
{
	struct bls_set set = { 0 };
	char *pattern = loader_conf ? loader_conf_default(part->root, loader_conf) : NULL;
	size_t i, added = 0;
	ssize_t def = -1;

	bls_load_dir(&set, part->root, dir, &out->warnings);
	if (pattern && pattern[0] != '@')
		for (i = 0; i < set.count && def < 0; i++)
			if (fnmatch(pattern, set.items[i].id, 0) == 0)
				def = (ssize_t)i;
	for (i = 0; i < set.count; i++) {
		const struct bls_entry *b = &set.items[i];
		struct boot_entry *e;
		size_t j;

		if (!b->kernel) {
			boot_list_warn(out, "%s: no \"linux\" line, entry skipped", b->file);
			continue;
		}
		e = boot_entry_new(BOOT_SOURCE_BLS);
		e->name = xstrdup(b->title ? b->title : b->id);
		e->id = xstrdup(b->id);
		e->kernel = fsroot_normalize(b->kernel);
		for (j = 0; j < b->initrd.n; j++)
			strlist_push(&e->initrd, fsroot_normalize(b->initrd.v[j]));
		e->cmdline = xstrdup(b->options);
		e->file = xstrdup(b->file);
		e->device = part->device ? xstrdup(part->device) : NULL;
		e->host_root = xstrdup(part->root);
		/* Without a configured default systemd-boot starts the first entry. */
		e->is_default = def >= 0 ? (size_t)def == i : added == 0;
		boot_list_append(out, e);
		added++;
	}
	free(pattern);
	bls_set_free(&set);
	return added;
}
