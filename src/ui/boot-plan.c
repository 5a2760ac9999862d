/* boot-plan.c - describe an entry and its kexec plan (the same text on every front end). */
#include <stdlib.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/boot-plan.h"

static void add(struct strlist *out, char *line)
{
	strlist_push(out, line);
}

void boot_plan_describe(const struct boot_entry *e, const char *cmdline, bool have_keys,
			struct strlist *out)
{
	size_t i;

	add(out, xasprintf(_("Entry:        %s"), e->name));
	add(out, xasprintf(_("From:         %s (%s) in %s"), e->file ? e->file : "?",
			   boot_source_name(e->source), e->host_root ? e->host_root : "?"));
	add(out, xstrdup(have_keys ? _("Verification: against the ROM keys, before booting")
				   : _("Verification: none: no keys in the ROM")));
	if (cmdline)
		add(out, xasprintf(_("Command line: edited for this boot only: UNVERIFIED")));
	add(out, xstrdup(""));
	add(out, xasprintf(_("kexec plan:")));
	/* Paths as the OS's config names them, relative to the partition on the From line:
	 * a long mount point would push them off a 24-line screen. */
	add(out, xasprintf(e->kind == BOOT_KIND_XEN ? _("  hypervisor  %s") : _("  kernel      %s"),
			   e->kernel));
	for (i = 0; i < e->initrd.n; i++)
		add(out, xasprintf(_("  initrd      %s"), e->initrd.v[i]));
	for (i = 0; i < e->n_modules; i++)
		add(out, xasprintf(_("  module      %s %s"), e->modules[i].path,
				   e->modules[i].cmdline ? e->modules[i].cmdline : ""));
	add(out, xasprintf(_("  cmdline     %s"), cmdline ? cmdline : e->cmdline ? e->cmdline : ""));
	for (i = 0; i < e->warnings.n; i++)
		add(out, xasprintf(_("  warning     %s"), e->warnings.v[i]));
}
