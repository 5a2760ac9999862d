/* boot-plan.h - what booting an entry will do, spelled out before kexec exists. */
#ifndef VIGIL_BOOT_PLAN_H
#define VIGIL_BOOT_PLAN_H

#include "boot/entry.h"
#include "boot/strbuf.h"

/*
 * Lines describing entry e: where it comes from, its verification state,
 * and the kexec plan (kernel, initrds or Xen modules, command line). A
 * non-NULL cmdline replaces the entry's for this boot and is marked
 * unverified.
 */
void boot_plan_describe(const struct boot_entry *e, const char *cmdline, struct strlist *out);

/* The last words of a boot attempt while there is no kexec. */
const char *boot_plan_unavailable(void);

#endif
