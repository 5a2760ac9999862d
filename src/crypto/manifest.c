/* manifest.c - the manifest's data model, its strict reader and its writer. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "crypto/manifest.h"
#include "i18n.h"

void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
}

void manifest_free(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->count; i++) {
		free(m->entries[i].path);
		free(m->entries[i].target);
	}
	free(m->entries);
	manifest_init(m);
}

struct manifest_entry *manifest_add(struct manifest *m, enum manifest_entry_type type,
				    const char *path)
{
	struct manifest_entry *e;

	if (m->count == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->entries = xrealloc(m->entries, m->cap * sizeof(*m->entries));
	}
	e = &m->entries[m->count++];
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->path = xstrdup(path);
	return e;
}

static int by_path(const void *a, const void *b)
{
	/* strcmp compares as unsigned char: the byte order the format specifies. */
	return strcmp(((const struct manifest_entry *)a)->path,
		      ((const struct manifest_entry *)b)->path);
}

void manifest_sort(struct manifest *m)
{
	if (m->count > 1)
		qsort(m->entries, m->count, sizeof(*m->entries), by_path);
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *path)
{
	struct manifest_entry key = { .path = (char *)path };

	if (!m->count)
		return NULL;
	return bsearch(&key, m->entries, m->count, sizeof(*m->entries), by_path);
}

bool manifest_path_is_reserved(const char *path)
{
	static const char *const reserved[] = {
		MANIFEST_DIR "/" MANIFEST_NAME, MANIFEST_DIR "/" MANIFEST_SIG_NAME,
		MANIFEST_STAGE_DIR "/" MANIFEST_NAME, MANIFEST_STAGE_DIR "/" MANIFEST_SIG_NAME,
	};
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(path, reserved[i]))
			return true;
	return false;
}

bool manifest_must_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || c == '\\';
}

char *manifest_escape(const char *raw)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	const unsigned char *p;
	char *out, *q;

	for (p = (const unsigned char *)raw; *p; p++)
		n += manifest_must_escape(*p) ? 4 : 1;
	out = q = xmalloc(n + 1);
	for (p = (const unsigned char *)raw; *p; p++) {
		if (manifest_must_escape(*p)) {
			*q++ = '\\';
			*q++ = 'x';
			*q++ = digits[*p >> 4];
			*q++ = digits[*p & 15];
		} else {
			*q++ = (char)*p;
		}
	}
	*q = '\0';
	return out;
}

int manifest_nv_index_from_arg(uint32_t *nv_index, const char *arg, char *err, size_t errlen)
{
	unsigned long long idx;
	char *end;

	errno = 0;
	idx = strtoull(arg, &end, 16);
	if (errno || end == arg || *end || *arg == '-' || idx > UINT32_MAX || idx == 0) {
		snprintf(err, errlen, _("'%s' is not a TPM NV index (hex, like 0x%08x)"), arg,
			 MANIFEST_NV_INDEX_DEFAULT);
		return -1;
	}
	*nv_index = (uint32_t)idx;
	return 0;
}

int manifest_counter_from_args(struct manifest_counter *c, const char *value,
			       const char *nv_index, char *err, size_t errlen)
{
	unsigned long long v;
	uint32_t idx = MANIFEST_NV_INDEX_DEFAULT;
	char *end;

	memset(c, 0, sizeof(*c));
	errno = 0;
	v = strtoull(value, &end, 10);
	if (errno || end == value || *end || *value == '-' || *value == '+') {
		snprintf(err, errlen, _("'%s' is not a counter value (a decimal number)"), value);
		return -1;
	}
	if (nv_index && manifest_nv_index_from_arg(&idx, nv_index, err, errlen) < 0)
		return -1;
	c->present = true;
	c->value = v;
	c->nv_index = idx;
	return 0;
}

/* ---- writer ---- */

struct strbuf {
	char *buf;
	size_t len, cap;
};

static void sb_add(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (sb->len + n + 1 > sb->cap) {
		while (sb->len + n + 1 > sb->cap)
			sb->cap = sb->cap ? 2 * sb->cap : 4096;
		sb->buf = xrealloc(sb->buf, sb->cap);
	}
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

static void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	char line[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sb_add(sb, line);
}

char *manifest_format(const struct manifest *m, size_t *len)
{
	struct strbuf sb = { 0 };
	char hex[SHA256_HEX_LEN + 1], *esc;
	size_t i;

	sb_addf(&sb, "%s %d\n", MANIFEST_MAGIC, MANIFEST_VERSION);
	if (m->counter.present)
		sb_addf(&sb, "counter 0x%08" PRIx32 " %" PRIu64 "\n", m->counter.nv_index,
			m->counter.value);
	else
		sb_add(&sb, "counter none\n");
	for (i = 0; i < m->count; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (e->type == MANIFEST_FILE) {
			hash_hex(e->sha256, SHA256_LEN, hex);
			sb_addf(&sb, "file %s %" PRIu64 " ", hex, e->size);
		} else {
			esc = manifest_escape(e->target);
			sb_add(&sb, "link ");
			sb_add(&sb, esc);
			sb_add(&sb, " ");
			free(esc);
		}
		esc = manifest_escape(e->path);
		sb_add(&sb, esc);
		sb_add(&sb, "\n");
		free(esc);
	}
	sb_addf(&sb, "end %zu\n", m->count);
	if (len)
		*len = sb.len;
	return sb.buf;
}

/* ---- reader ---- */

struct line {
	const char *p, *end;	/* the line without its '\n' */
};

/* Take the next space-separated field; an empty field (two spaces) is an error. */
static bool next_field(struct line *l, const char **start, size_t *n)
{
	const char *sp;

	if (l->p >= l->end)
		return false;
	sp = memchr(l->p, ' ', (size_t)(l->end - l->p));
	*start = l->p;
	*n = (size_t)((sp ? sp : l->end) - l->p);
	l->p = sp ? sp + 1 : l->end;
	if (sp && l->p == l->end)
		return false;	/* trailing space */
	return *n > 0;
}

static bool field_is(const char *f, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(f, word, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;	/* upper case is not canonical */
}

/* Canonical decimal: no sign, no leading zeros, no overflow. */
static bool parse_u64(const char *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20 || (n > 1 && f[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (f[i] < '0' || f[i] > '9')
			return false;
		if (v > (UINT64_MAX - (uint64_t)(f[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(f[i] - '0');
	}
	*out = v;
	return true;
}

/* Undo manifest_escape; only the canonical spelling of each byte is accepted. */
static char *unescape(const char *f, size_t n, const char **why)
{
	char *out = xmalloc(n + 1), *q = out;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f[i];

		if (c == '\\') {
			int hi, lo;

			if (i + 3 >= n) {
				*why = N_("incomplete \\x escape");
				goto fail;
			}
			if (f[i + 1] != 'x') {
				*why = N_("unknown escape (only \\xHH is defined)");
				goto fail;
			}
			hi = hexval(f[i + 2]);
			lo = hexval(f[i + 3]);
			if (hi < 0 || lo < 0) {
				*why = N_("bad \\x escape (two lower-case hex digits expected)");
				goto fail;
			}
			c = (unsigned char)(hi << 4 | lo);
			if (c == 0) {
				*why = N_("escaped NUL byte");
				goto fail;
			}
			if (!manifest_must_escape(c)) {
				*why = N_("needless escape (the character must be written as itself)");
				goto fail;
			}
			i += 3;
		} else if (manifest_must_escape(c)) {
			*why = N_("unescaped control, space or non-ASCII byte");
			goto fail;
		}
		*q++ = (char)c;
	}
	*q = '\0';
	return out;
fail:
	free(out);
	return NULL;
}

static const char *check_path(const char *path)
{
	const char *p = path, *slash;

	if (strlen(path) > MANIFEST_MAX_PATH)
		return N_("path too long");
	if (*path == '/')
		return N_("absolute path (paths are relative to the partition root)");
	for (;;) {
		size_t n;

		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0)
			return N_("empty path component");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return N_("'.' or '..' in path");
		if (!slash)
			break;
		p = slash + 1;
	}
	if (manifest_path_is_reserved(path))
		return N_("the manifest cannot list itself or its signature");
	return NULL;
}

static const char *parse_counter(struct manifest *m, struct line *l)
{
	const char *f;
	size_t n, i;
	uint32_t index = 0;

	if (!next_field(l, &f, &n) || !field_is(f, n, "counter"))
		return N_("expected 'counter none' or 'counter 0xINDEX VALUE' on line 2");
	if (!next_field(l, &f, &n))
		return N_("missing counter");
	if (field_is(f, n, "none"))
		return l->p == l->end ? NULL : N_("unexpected text after 'counter none'");
	if (n != 10 || f[0] != '0' || f[1] != 'x')
		return N_("counter NV index must be 0x and 8 lower-case hex digits");
	for (i = 2; i < n; i++) {
		int v = hexval(f[i]);

		if (v < 0)
			return N_("counter NV index must be 0x and 8 lower-case hex digits");
		index = index << 4 | (uint32_t)v;
	}
	if (!next_field(l, &f, &n) || !parse_u64(f, n, &m->counter.value))
		return N_("counter value must be a decimal number");
	if (l->p != l->end)
		return N_("unexpected text after the counter value");
	m->counter.present = true;
	m->counter.nv_index = index;
	return NULL;
}

static const char *parse_entry(struct manifest *m, struct line *l, bool *ended)
{
	const char *f, *why = NULL;
	size_t n, i;
	struct manifest_entry *e;
	char *target = NULL, *path;
	uint8_t digest[SHA256_LEN];
	uint64_t size = 0, count;
	bool is_file;

	if (!next_field(l, &f, &n))
		return N_("empty line");
	if (field_is(f, n, "end")) {
		if (!next_field(l, &f, &n) || !parse_u64(f, n, &count) || l->p != l->end)
			return N_("expected 'end COUNT'");
		if (count != m->count)
			return N_("the entry count on the end line does not match the entries");
		*ended = true;
		return NULL;
	}
	is_file = field_is(f, n, "file");
	if (!is_file && !field_is(f, n, "link"))
		return N_("expected 'file', 'link' or 'end'");
	if (is_file) {
		if (!next_field(l, &f, &n) || n != SHA256_HEX_LEN)
			return N_("expected a sha256 of 64 lower-case hex digits");
		for (i = 0; i < SHA256_LEN; i++) {
			int hi = hexval(f[2 * i]), lo = hexval(f[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return N_("expected a sha256 of 64 lower-case hex digits");
			digest[i] = (uint8_t)(hi << 4 | lo);
		}
		if (!next_field(l, &f, &n) || !parse_u64(f, n, &size))
			return N_("expected a file size in bytes");
	} else {
		if (!next_field(l, &f, &n))
			return N_("expected a link target");
		target = unescape(f, n, &why);
		if (!target)
			return why;
		if (strlen(target) > MANIFEST_MAX_PATH) {
			free(target);
			return N_("link target too long");
		}
	}
	if (!next_field(l, &f, &n) || l->p != l->end) {
		free(target);
		return N_("expected one path at the end of the line");
	}
	path = unescape(f, n, &why);
	if (!path || (why = check_path(path)) != NULL) {
		free(target);
		free(path);
		return why;
	}
	if (m->count && strcmp(m->entries[m->count - 1].path, path) >= 0) {
		why = strcmp(m->entries[m->count - 1].path, path) ? N_("paths are not sorted")
								: N_("duplicate path");
		free(target);
		free(path);
		return why;
	}
	e = manifest_add(m, is_file ? MANIFEST_FILE : MANIFEST_LINK, path);
	free(path);
	e->size = size;
	e->target = target;
	if (is_file)
		memcpy(e->sha256, digest, SHA256_LEN);
	return NULL;
}

int manifest_parse(struct manifest *m, const char *text, size_t len, const char *name,
		   char *err, size_t errlen)
{
	const char *p = text, *end = text + len, *why = NULL;
	char header[32];
	unsigned lineno = 0;
	bool ended = false;

	manifest_init(m);
	if (len > MANIFEST_MAX_SIZE) {
		snprintf(err, errlen, _("%s: manifest larger than %u bytes"), name,
			 MANIFEST_MAX_SIZE);
		return -1;
	}
	snprintf(header, sizeof(header), "%s %d", MANIFEST_MAGIC, MANIFEST_VERSION);
	while (p < end && !why) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l;

		lineno++;
		if (!nl) {
			why = N_("last line has no newline (truncated?)");
			break;
		}
		l.p = p;
		l.end = nl;
		p = nl + 1;
		if (memchr(l.p, '\0', (size_t)(l.end - l.p))) {
			why = N_("NUL byte");
		} else if (ended) {
			why = N_("text after the end line");
		} else if (lineno == 1) {
			if ((size_t)(l.end - l.p) != strlen(header) || memcmp(l.p, header, strlen(header)))
				why = (size_t)(l.end - l.p) > strlen(MANIFEST_MAGIC) &&
				      !memcmp(l.p, MANIFEST_MAGIC " ", strlen(MANIFEST_MAGIC) + 1)
					? N_("unsupported manifest version (this vigil reads version 1)")
					: N_("not a vigil manifest (expected 'vigil-manifest 1')");
		} else if (lineno == 2) {
			why = parse_counter(m, &l);
		} else {
			why = parse_entry(m, &l, &ended);
		}
	}
	if (!why && lineno == 0) {
		why = N_("empty file");
		lineno = 1;
	}
	if (!why && !ended) {
		why = N_("no end line (truncated?)");
		lineno++;
	}
	if (why) {
		snprintf(err, errlen, "%s:%u: %s", name, lineno, _(why));
		manifest_free(m);
		return -1;
	}
	return 0;
}
