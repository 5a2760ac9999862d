/* boot-plan.h - what booting an entry will do, spelled out before it is done. */
#ifndef VIGIL_BOOT_PLAN_H
#define VIGIL_BOOT_PLAN_H

#include <stdbool.h>

#include "boot/entry.h"
#include "boot/strbuf.h"

/*
 * Lines describing entry e: where it comes from, how it will be verified
 * (have_keys: against the ROM keys), and the kexec plan (kernel, initrds or
 * Xen modules, command line). A non-NULL cmdline replaces the entry's for
 * this boot and is marked unverified.
 */
void boot_plan_describe(const struct boot_entry *e, const char *cmdline, bool have_keys,
			struct strlist *out);

#endif
