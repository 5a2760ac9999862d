/* consoles.h - which terminals the menu runs on, from the kernel command line. */
#ifndef VIGIL_CONSOLES_H
#define VIGIL_CONSOLES_H

#include <stddef.h>

#define CONSOLES_MAX 4

struct console {
	char device[32];	/* "/dev/ttyS0", "/dev/tty1" */
	char term[16];		/* TERM for programs on it */
};

/*
 * Parse console= arguments of a kernel command line into at most
 * CONSOLES_MAX distinct terminals (console=tty0 is the first VT, tty1).
 * Returns how many were found; none means use /dev/console.
 */
size_t consoles_from_cmdline(const char *cmdline, struct console *out, size_t max);

/*
 * The consoles setting: terminal names separated by spaces, as console=
 * takes them ("tty1 ttyS0,115200"). Returns how many terminals, or -1 when
 * a word is not a terminal's name or there are none or more than CONSOLES_MAX.
 */
int consoles_from_setting(const char *value, struct console *out, size_t max);

#endif
