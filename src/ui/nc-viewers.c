/* nc-viewers.c - the TPM event log (with its check against the TPM) and coreboot's console, in the pager. */
#include <curses.h>

#include "hw/measure.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/viewers.h"

#define VIEWER_KEYS N_("Up/Down PgUp/PgDn Home/End scroll  h=help  x=back")

void nc_event_log_screen(struct nc_ui *ui)
{
	struct strlist lines = { 0 };

	nc_status(ui, ROLE_STATUS, _("Replaying the event log against the TPM..."));
	nc_draw_footer(ui, "");
	refresh();
	ui->status[0] = '\0';
	ui_event_log_lines(measure_log_path(), &lines);
	nc_pager(ui, _("TPM event log"), &lines, _(VIEWER_KEYS), NULL, HELP_EVENT_LOG);
	strlist_free(&lines);
}

void nc_cbmem_console_screen(struct nc_ui *ui)
{
	struct strlist lines = { 0 };
	char err[512], title[128];
	int n = ui_cbmem_console_lines(ui->s->memory, &lines, err, sizeof(err));

	if (n < 0) {
		nc_status(ui, ROLE_STATUS, _("No coreboot console to show: %s"), err);
		return;
	}
	snprintf(title, sizeof(title), _("coreboot console from CBMEM (%d lines, the latest last)"), n);
	nc_pager_end(ui, title, &lines, _(VIEWER_KEYS), NULL, HELP_CBMEM);
	strlist_free(&lines);
}
