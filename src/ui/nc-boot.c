/* nc-boot.c - "boot": show the kexec plan; kexec itself is not there yet, so nothing is faked. */
#include "i18n.h"
#include "ui/boot-plan.h"
#include "ui/nc-screens.h"

void nc_boot_screen(struct nc_ui *ui, size_t i, const char *cmdline)
{
	struct strlist lines = { 0 };

	countdown_cancel(&ui->countdown);
	boot_plan_describe(ui->s->entries.items[i], cmdline, &lines);
	strlist_pushdup(&lines, "");
	strlist_pushdup(&lines, boot_plan_unavailable());
	nc_status(ui, ROLE_STATUS, "%s", boot_plan_unavailable());
	nc_pager(ui, _("Booting"), &lines, _("h=help  x=back to the menu"), NULL, HELP_BOOT);
	strlist_free(&lines);
}
