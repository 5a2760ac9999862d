/* kexec-cmdline.h - kernel command line edits: whole words added and removed, length limits. */
#ifndef VIGIL_BOOT_KEXEC_CMDLINE_H
#define VIGIL_BOOT_KEXEC_CMDLINE_H

#include <stddef.h>

#include "boot/strbuf.h"

/* x86 Linux COMMAND_LINE_SIZE, the terminating NUL included. */
#define KEXEC_LINUX_CMDLINE_SIZE 2048
/* Xen's limit for its own command line and dom0's (MAX_GUEST_CMDLINE), NUL included. */
#define KEXEC_XEN_CMDLINE_SIZE 1024

/*
 * Split a command line into words the way the kernel does: blanks separate,
 * except inside double quotes (foo="a b" is one word).
 */
void cmdline_split(const char *cmdline, struct strlist *words);

/*
 * cmdline without the words listed in remove (exact, whole words: "quiet"
 * does not remove "quiet=1"), then the words of add that it does not
 * already contain, joined by single spaces. add and remove may be NULL.
 */
char *cmdline_edit(const char *cmdline, const char *add, const char *remove);

#endif
