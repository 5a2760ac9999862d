/* nc-preview.c - one boot entry before booting it: what will be loaded, and from where. */
#include <curses.h>

#include "i18n.h"
#include "ui/boot-plan.h"
#include "ui/nc-screens.h"

void nc_set_default(struct nc_ui *ui, size_t i)
{
	ui->s->default_entry = i;
	nc_status(ui, ROLE_STATUS, _("Default for this boot: %s (saving it arrives with the "
				     "settings work)"), ui->s->entries.items[i]->name);
}

void nc_preview_screen(struct nc_ui *ui, size_t i)
{
	for (;;) {
		struct strlist lines = { 0 };
		int key;

		boot_plan_describe(ui->s->entries.items[i], NULL, &lines);
		key = nc_pager(ui, _("Boot entry"), &lines,
			       _("b/Enter=boot  e=edit command line  d=make default  h=help  x=back"),
			       "be\rd\n", HELP_PREVIEW);
		strlist_free(&lines);
		switch (key) {
		case 'b':
		case '\r':
		case '\n':
			nc_boot_screen(ui, i, NULL);
			return;
		case 'e':
			nc_edit_screen(ui, i);
			return;
		case 'd':
			nc_set_default(ui, i);
			break;
		default:
			return;
		}
	}
}
