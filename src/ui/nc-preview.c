/* nc-preview.c - one boot entry before booting it: what will be loaded, from where, and how it is checked. */
#include <curses.h>

#include "i18n.h"
#include "ui/boot-plan.h"
#include "ui/boot-run.h"
#include "ui/nc-screens.h"
#include "ui/settings-save.h"

void nc_set_default(struct nc_ui *ui, size_t i)
{
	const char *name = ui->s->entries.items[i]->name;
	char err[1024];
	bool written;

	ui->s->default_entry = i;
	if (!nc_confirm(ui, _("Default for this boot. Save it in the flash for every boot too? "
			      "(y/N)"))) {
		nc_status(ui, ROLE_STATUS, _("Default for this boot: %s"), name);
		return;
	}
	nc_status(ui, ROLE_STATUS, _("Writing the flash; do not power off..."));
	nc_draw_footer(ui, "");
	refresh();
	if (ui_save_setting(ui->s, "default", name, &written, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("Default for this boot: %s; not saved: %s"), name, err);
		return;
	}
	nc_status(ui, ROLE_VERIFIED, _("Default for every boot (saved in the flash): %s"), name);
	/* PCR 7 differs at the next start: the TOTP code can be ready for it. */
	if (written)
		nc_offer_totp_for_flash(ui);
}

void nc_preview_screen(struct nc_ui *ui, size_t i)
{
	for (;;) {
		struct strlist lines = { 0 };
		bool free_boot = ui_boot_unverified_allowed(ui->s);
		int key;

		boot_plan_describe(ui->s->entries.items[i], NULL, ui_boot_have_keys(ui->s), &lines);
		/*
		 * Restricted: no unverified boot, and no edited command line (one is
		 * unverified). The keys fit 80 columns, a serial console's width.
		 */
		key = nc_pager(ui, _("Boot entry"), &lines,
			       free_boot ? _("b/Enter=boot  u=boot unverified  e=edit cmdline  "
					     "d=default  h=help  x=back")
					 : _("b/Enter=boot  d=make default  h=help  x=back"),
			       free_boot ? "bue\rd\n" : "b\rd\n", HELP_PREVIEW);
		strlist_free(&lines);
		switch (key) {
		case 'b':
		case '\r':
		case '\n':
			nc_boot_screen(ui, i, NULL, false);
			return;
		case 'u':
			nc_boot_screen(ui, i, NULL, true);
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
