/* session.c - gather what the menu shows, once per start (the header refreshes itself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/cbmem.h"
#include "i18n.h"
#include "hw/measure.h"
#include "ui/boot-sources.h"
#include "ui/otp-backends.h"
#include "ui/session.h"

void ui_session_open(struct ui_session *s)
{
	size_t i;

	memset(&s->entries, 0, sizeof(s->entries));
	memset(&s->disc, 0, sizeof(s->disc));
	ui_otp_backends(&s->otp);
	ui_load_entries(&s->cfg, &s->disc, &s->entries);
	s->default_entry = s->entries.count ? ui_default_entry(&s->entries) : 0;
	if (s->cfg.default_name && s->entries.count) {
		long named = ui_setting_default_entry(&s->entries, s->cfg.default_name);

		if (named >= 0)
			s->default_entry = (size_t)named;
		else
			snprintf(s->notice, sizeof(s->notice),
				 _("the default setting '%s' names no boot entry: the OS's own "
				   "default stands"), s->cfg.default_name);
	}
	if (s->cfg.basic)
		integrity_collect_basic(&s->integrity);
	else
		integrity_collect(&s->integrity, &s->otp, time(NULL));
	recovery_gate_from_config(&s->gate, &s->cfg);
	s->console = getenv("VIGIL_CONSOLE");
	/* Tests run menus side by side on one host: each gets its own lock. */
	s->boot_lock = getenv("VIGIL_BOOT_LOCK");
	/* The same for CBMEM and the event log: tests give a memory image and a log of their own. */
	s->memory = getenv("VIGIL_MEMORY") ? getenv("VIGIL_MEMORY") : CBMEM_DEVMEM;
	if (getenv("VIGIL_EVENT_LOG"))
		measure_set_log_path(getenv("VIGIL_EVENT_LOG"));
	/* A missing boot dir is worth saying at once: otherwise the list is just empty. */
	for (i = 0; i < s->entries.warnings.n && !s->notice[0]; i++)
		snprintf(s->notice, sizeof(s->notice), "%s", s->entries.warnings.v[i]);
}

void ui_session_close(struct ui_session *s)
{
	boot_list_free(&s->entries);
	discover_release(&s->disc);
	ui_config_free(&s->cfg);
}
