/* consoles.c - map the kernel's console= arguments to terminal devices. */
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
