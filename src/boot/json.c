/* json.c - JSON output of boot entries with strict string escaping. */
#include <stdint.h>
#include <string.h>

#include "boot/json.h"

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;	/* overlong, out of range, or a surrogate */
	return n;
}

void json_put_string(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	sb_putc(sb, '"');
	while (*s) {
		size_t n;

		if (*s == '"' || *s == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)*s++);
		} else if (*s < 0x20 || *s == 0x7f) {
			sb_printf(sb, "\\u%04x", *s++);
		} else if ((n = utf8_len(s)) == 0) {
			sb_puts(sb, "\\ufffd");
			s++;
		} else {
			sb_putn(sb, (const char *)s, n);
			s += n;
		}
	}
	sb_putc(sb, '"');
}

void json_put_entries(struct strbuf *sb, const struct boot_entry_list *list)
{
	size_t i, j;

	sb_putc(sb, '[');
	for (i = 0; i < list->count; i++) {
		const struct boot_entry *e = list->items[i];

		sb_puts(sb, i ? ",\n" : "\n");
		sb_puts(sb, "{\"name\":");
		json_put_string(sb, e->name);
		sb_printf(sb, ",\"kind\":\"%s\",\"kernel\":", boot_kind_name(e->kind));
		json_put_string(sb, e->kernel);
		sb_puts(sb, ",\"initrd\":[");
		for (j = 0; j < e->initrd.n; j++) {
			if (j)
				sb_putc(sb, ',');
			json_put_string(sb, e->initrd.v[j]);
		}
		sb_puts(sb, "],\"cmdline\":");
		json_put_string(sb, e->cmdline);
		sb_puts(sb, ",\"modules\":[");
		for (j = 0; j < e->n_modules; j++) {
			sb_puts(sb, j ? ",{\"path\":" : "{\"path\":");
			json_put_string(sb, e->modules[j].path);
			sb_puts(sb, ",\"cmdline\":");
			json_put_string(sb, e->modules[j].cmdline);
			sb_putc(sb, '}');
		}
		sb_printf(sb, "],\"source\":\"%s\",\"file\":", boot_source_name(e->source));
		json_put_string(sb, e->file);
		sb_printf(sb, ",\"default\":%s}", e->is_default ? "true" : "false");
	}
	sb_puts(sb, list->count ? "\n]\n" : "]\n");
}
