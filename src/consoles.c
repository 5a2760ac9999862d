/* consoles.c - map the kernel's console= arguments, or the consoles setting, to terminal devices. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "consoles.h"

static void console_set(struct console *c, const char *name, size_t len)
{
	if (len == 4 && !strncmp(name, "tty0", 4)) {
		/* tty0 is "the current VT"; the menu owns the first one. */
		name = "tty1";
		len = 4;
	}
	snprintf(c->device, sizeof(c->device), "/dev/%.*s", (int)len, name);
	snprintf(c->term, sizeof(c->term), "%s",
		 !strncmp(name, "ttyS", 4) || !strncmp(name, "hvc", 3) ? "vt100" : "linux");
}

size_t consoles_from_cmdline(const char *cmdline, struct console *out, size_t max)
{
	const char *p = cmdline;
	size_t n = 0, i;

	while ((p = strstr(p, "console=")) && n < max) {
		const char *name, *end;
		struct console c;
		int dup = 0;

		/* Only whole words: "xconsole=" is not ours. */
		if (p != cmdline && p[-1] != ' ') {
			p += 8;
			continue;
		}
		name = p + 8;
		end = name + strcspn(name, ", \n\t");
		p = end;
		if (end == name || (size_t)(end - name) > 16 || memchr(name, '/', (size_t)(end - name)))
			continue;
		console_set(&c, name, (size_t)(end - name));
		for (i = 0; i < n; i++)
			dup |= !strcmp(out[i].device, c.device);
		if (!dup)
			out[n++] = c;
	}
	return n;
}

/* A terminal's name as the kernel gives it: letters, then digits (tty1, ttyS0, hvc0, ttyAMA0). */
static int terminal_name(const char *w, size_t len)
{
	size_t letters = 0, digits = 0;

	while (letters < len && isalpha((unsigned char)w[letters]))
		letters++;
	while (letters + digits < len && isdigit((unsigned char)w[letters + digits]))
		digits++;
	return letters > 0 && digits > 0 && letters + digits == len && len <= 16;
}

int consoles_from_setting(const char *value, struct console *out, size_t max)
{
	char line[CONSOLES_MAX * 40] = "";
	const char *p = value;
	size_t used = 0, words = 0;

	for (;;) {
		size_t len, name;
		int w;

		p += strspn(p, " ");
		if (!*p)
			break;
		len = strcspn(p, " ");
		name = strcspn(p, ",");
		if (name > len)
			name = len;
		if (!terminal_name(p, name) || ++words > CONSOLES_MAX)
			return -1;
		w = snprintf(line + used, sizeof(line) - used, " console=%.*s", (int)len, p);
		if (w < 0 || (size_t)w >= sizeof(line) - used)
			return -1;
		used += (size_t)w;
		p += len;
	}
	return words ? (int)consoles_from_cmdline(line, out, max) : -1;
}
