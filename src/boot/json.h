/* json.h - the stable JSON form of boot entries ("vigil entries --json"). */
#ifndef VIGIL_BOOT_JSON_H
#define VIGIL_BOOT_JSON_H

#include <stdio.h>

#include "boot/entry.h"
#include "boot/strbuf.h"

/* s as a JSON string: control characters as \u00XX, invalid UTF-8 as U+FFFD. */
void json_put_string(struct strbuf *sb, const char *s);

/*
 * One array of objects with exactly the keys name, kind, kernel, initrd,
 * cmdline, modules, source, file, default; one entry per line.
 */
void json_put_entries(struct strbuf *sb, const struct boot_entry_list *list);

#endif
