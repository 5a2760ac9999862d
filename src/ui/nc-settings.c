/* nc-settings.c - the owner's settings in the flash: a list, the selected one explained, Enter changes it. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/settings-edit.h"
#include "ui/widget-text.h"

static void draw(struct nc_ui *ui, const struct ui_settings *set, size_t sel)
{
	struct strlist lines = { 0 };
	int y = UI_HEADER_ROWS;
	size_t i;

	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(y++, 1, ui->layout.cols - 2, _("Settings in the flash (from the next start)"),
		false);
	for (i = 0; i < set->count && y < LINES - 6; i++) {
		char line[256];

		snprintf(line, sizeof(line), "%-20s %s", set->rows[i].key,
			 set->rows[i].value ? set->rows[i].value : _("(not set)"));
		nc_role(ui, i == sel ? ROLE_SELECTED : ROLE_NORMAL);
		nc_text(y++, 2, ui->layout.cols - 4, line, true);
	}
	nc_role(ui, ROLE_NORMAL);
	y++;
	if (set->count)
		text_wrap(set->rows[sel].help, ui->layout.cols - 2, &lines);
	for (i = 0; i < lines.n && y < LINES - 2; i++)
		nc_text(y++, 1, ui->layout.cols - 2, lines.v[i], false);
	strlist_free(&lines);
	nc_draw_footer(ui, _("Up/Down choose  Enter=change  F1=help  x=back"));
	refresh();
}

static void change(struct nc_ui *ui, struct ui_setting_row *row)
{
	char heading[128], err[1024], *value;
	bool written;

	snprintf(heading, sizeof(heading), _("New value for %s (empty removes it)"), row->key);
	value = nc_edit_line(ui, heading, row->help, ROLE_NORMAL, row->value,
			     _("Enter=save in the flash  Ctrl-X=cancel  F1=help"), HELP_SETTINGS);
	if (!value)
		return;
	nc_status(ui, ROLE_STATUS, _("Writing the flash; do not power off..."));
	nc_draw_footer(ui, "");
	refresh();
	if (ui_setting_change(ui->s, row, value, &written, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("Not saved: %s"), err);
	} else if (!written) {
		nc_status(ui, ROLE_STATUS, _("The flash says so already: nothing written"));
	} else {
		if (*value)
			nc_status(ui, ROLE_VERIFIED, _("Saved in the flash: %s = %s (from the next "
						       "start)"), row->key, value);
		else
			nc_status(ui, ROLE_VERIFIED, _("Removed from the flash: %s (from the next "
						       "start)"), row->key);
		/* PCR 7 differs at the next start: the TOTP code can be ready for it. */
		nc_offer_totp_for_flash(ui);
	}
	free(value);
}

void nc_settings_screen(struct nc_ui *ui)
{
	struct ui_settings set;
	char err[1024];
	size_t sel = 0;

	nc_status(ui, ROLE_STATUS, _("Reading the flash..."));
	nc_draw_footer(ui, "");
	refresh();
	if (ui_settings_read(ui->s, &set, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("Settings in the flash: %s"), err);
		return;
	}
	nc_status(ui, ROLE_STATUS, "%s", "");
	for (;;) {
		int key;

		draw(ui, &set, sel);
		key = nc_getkey(ui);
		if (nc_is_up_key(key) && sel > 0)
			sel--;
		else if (nc_is_down_key(key) && sel + 1 < set.count)
			sel++;
		else if (key == KEY_F(1) || key == 'h')
			nc_help_screen(ui, HELP_SETTINGS);
		else if (nc_is_enter_key(key) && set.count)
			change(ui, &set.rows[sel]);
		else if (nc_is_back_key(key))
			break;
	}
	ui_settings_free(&set);
}
