/* nc-main.c - the main screen: integrity header, boot entries, actions, default-boot countdown. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/actions.h"
#include "ui/boot-lock.h"
#include "ui/boot-run.h"
#include "ui/nc-screens.h"
#include "ui/power.h"

struct main_state {
	size_t sel;		/* entries first, then actions */
	int top[2];		/* first row shown in each pane */
	bool picking_default;	/* "Set the default entry": Enter on an entry sets it */
};

static size_t n_entries(const struct nc_ui *ui)
{
	return ui->s->entries.count;
}

static size_t n_items(const struct nc_ui *ui)
{
	return n_entries(ui) + ACTION_COUNT;
}

static void item_label(const struct nc_ui *ui, size_t item, char *buf, size_t len)
{
	const struct ui_session *s = ui->s;

	if (item < n_entries(ui)) {
		snprintf(buf, len, "%s %s", item == s->default_entry ? "*" : " ",
			 s->entries.items[item]->name);
		return;
	}
	item -= n_entries(ui);
	if (item == ACTION_BOOT_DEFAULT && s->entries.count)
		snprintf(buf, len, "  %s (%s)", ui_action_label(ACTION_BOOT_DEFAULT),
			 s->entries.items[s->default_entry]->name);
	else
		snprintf(buf, len, "  %s", ui_action_label((enum ui_action_id)item));
}

static const char *item_unavailable(const struct nc_ui *ui, size_t item)
{
	if (item < n_entries(ui))
		return NULL;
	return ui_action_unavailable((enum ui_action_id)(item - n_entries(ui)), ui->s);
}

static void draw_pane(struct nc_ui *ui, struct main_state *m, int pane, const struct ui_rect *r)
{
	size_t cap = n_items(ui) + 2, n, i;
	struct list_row *rows = xcalloc(cap, sizeof(*rows));
	int sel_row, y;

	n = layout_list_rows(ui->layout.two_columns, pane, n_entries(ui), ACTION_COUNT, rows);
	sel_row = layout_row_of_item(rows, n, m->sel);
	if (sel_row >= 0)
		m->top[pane] = layout_scroll(m->top[pane], sel_row, r->h, (int)n);
	for (y = 0; y < r->h; y++) {
		char label[512];

		i = (size_t)(m->top[pane] + y);
		if (i >= n) {
			nc_role(ui, ROLE_NORMAL);
			nc_text(r->y + y, r->x, r->w, "", true);
			continue;
		}
		if (rows[i].heading) {
			nc_role(ui, ROLE_HEADING);
			if (rows[i].item == 0 && n_entries(ui) == 0)
				nc_text(r->y + y, r->x, r->w, _("Boot entries: none found"), true);
			else
				nc_text(r->y + y, r->x, r->w, rows[i].item == 0 ? _("Boot entries") :
					_("Actions"), true);
			continue;
		}
		item_label(ui, rows[i].item, label, sizeof(label));
		nc_role(ui, rows[i].item == m->sel ? ROLE_SELECTED :
			item_unavailable(ui, rows[i].item) ? ROLE_DISABLED : ROLE_NORMAL);
		nc_text(r->y + y, r->x, r->w, label, true);
	}
	nc_role(ui, ROLE_NORMAL);
	free(rows);
}

static void draw_status(struct nc_ui *ui, const struct main_state *m)
{
	const char *why = item_unavailable(ui, m->sel);
	uint64_t now = countdown_now_ms();

	if (ui->countdown.running) {
		nc_status(ui, ROLE_COUNTDOWN, _("Booting %s in %d s: press any key to stop"),
			  ui->s->entries.items[ui->s->default_entry]->name,
			  countdown_left(&ui->countdown, now));
	} else if (m->picking_default) {
		nc_status(ui, ROLE_STATUS, _("Choose the new default entry and press Enter "
					     "(x cancels)"));
	} else if (why) {
		nc_status(ui, ROLE_DISABLED, _("Not available: %s"), why);
	}
}

static void draw(struct nc_ui *ui, struct main_state *m)
{
	const struct ui_layout *l = &ui->layout;

	nc_draw_header(ui);
	draw_pane(ui, m, 0, &l->entries);
	if (l->two_columns)
		draw_pane(ui, m, 1, &l->actions);
	draw_status(ui, m);
	if (l->undersized && !ui->status[0])
		nc_status(ui, ROLE_STATUS, _("This terminal is smaller than %dx%d: some lines are cut"),
			  UI_MIN_COLS, UI_MIN_ROWS);
	nc_draw_footer(ui, _("Enter=open  e=edit  d=default  b=boot  i=integrity  h=help"));
	refresh();
}

static void power(struct nc_ui *ui, enum ui_power what)
{
	char err[256];

	if (!nc_confirm(ui, what == UI_POWER_REBOOT ? _("Reboot now?") : _("Power off now?")))
		return;
	if (ui_power(what, err, sizeof(err)) < 0)
		nc_status(ui, ROLE_TAMPERED, "%s", err);
}

static void run_action(struct nc_ui *ui, struct main_state *m, enum ui_action_id id)
{
	const char *why = ui_action_unavailable(id, ui->s);

	if (why) {
		nc_status(ui, ROLE_DISABLED, _("%s: not available: %s"), ui_action_label(id), why);
		return;
	}
	switch (id) {
	case ACTION_BOOT_DEFAULT:
		nc_boot_screen(ui, ui->s->default_entry, NULL, false);
		break;
	case ACTION_SET_DEFAULT:
		m->picking_default = true;
		m->sel = ui->s->default_entry;
		break;
	case ACTION_INTEGRITY:
		nc_integrity_screen(ui);
		break;
	case ACTION_RESEAL:
		nc_totp_reseal_screen(ui);
		break;
	case ACTION_EVENT_LOG:
		nc_event_log_screen(ui);
		break;
	case ACTION_CBMEM_CONSOLE:
		nc_cbmem_console_screen(ui);
		break;
	case ACTION_SIGN_BOOT:
		nc_sign_screen(ui);
		break;
	case ACTION_FACTORY_RESET:
		nc_oem_screen(ui);
		break;
	case ACTION_MANAGE_KEYS:
		nc_keys_screen(ui);
		break;
	case ACTION_SETTINGS:
		nc_settings_screen(ui);
		break;
	case ACTION_UPDATE_FIRMWARE:
		nc_firmware_screen(ui);
		break;
	case ACTION_RECOVERY_SHELL:
		nc_recovery_screen(ui);
		break;
	case ACTION_REBOOT:
		power(ui, UI_POWER_REBOOT);
		break;
	case ACTION_POWER_OFF:
		power(ui, UI_POWER_OFF);
		break;
	default:
		break;
	}
}

static void activate(struct nc_ui *ui, struct main_state *m)
{
	if (m->sel >= n_entries(ui)) {
		run_action(ui, m, (enum ui_action_id)(m->sel - n_entries(ui)));
		return;
	}
	if (m->picking_default) {
		m->picking_default = false;
		nc_set_default(ui, m->sel);
		return;
	}
	nc_preview_screen(ui, m->sel);
}

/* Keys of the main screen. */
static void handle_key(struct nc_ui *ui, struct main_state *m, int key)
{
	bool on_entry = m->sel < n_entries(ui);

	if (nc_is_up_key(key) && m->sel > 0)
		m->sel--;
	else if (nc_is_down_key(key) && m->sel + 1 < n_items(ui))
		m->sel++;
	else if (key == KEY_HOME)
		m->sel = 0;
	else if (key == KEY_END)
		m->sel = n_items(ui) - 1;
	else if (key == KEY_PPAGE)
		m->sel = m->sel > 10 ? m->sel - 10 : 0;
	else if (key == KEY_NPAGE)
		m->sel = m->sel + 10 < n_items(ui) ? m->sel + 10 : n_items(ui) - 1;
	else if (nc_is_enter_key(key))
		activate(ui, m);
	else if (key == 'e' && on_entry && ui_boot_unverified_allowed(ui->s))
		nc_edit_screen(ui, m->sel);
	else if (key == 'd' && on_entry)
		nc_set_default(ui, m->sel);
	else if (key == 'b')
		run_action(ui, m, ACTION_BOOT_DEFAULT);
	else if (key == 'i')
		nc_integrity_screen(ui);
	else if (key == 'h')
		nc_help_screen(ui, HELP_MAIN);
	else if (nc_is_back_key(key) && m->picking_default) {
		m->picking_default = false;
		ui->status[0] = '\0';
	}
}

void nc_main_screen(struct nc_ui *ui)
{
	struct main_state m = { .sel = ui->s->default_entry };
	char who[80];

	for (;;) {
		int key;

		draw(ui, &m);
		key = nc_getkey(ui);
		if (ui->countdown.running &&
		    boot_countdown_stopped(ui->s->boot_lock, who, sizeof(who))) {
			countdown_cancel(&ui->countdown);
			nc_status(ui, ROLE_STATUS, _("Automatic boot stopped on %s"), who);
			continue;
		}
		if (countdown_fire(&ui->countdown, countdown_now_ms())) {
			ui->status[0] = '\0';
			nc_boot_screen(ui, ui->s->default_entry, NULL, false);
			continue;
		}
		if (key == NC_KEY_TICK || key == KEY_RESIZE)
			continue;
		if (ui->countdown.running) {
			/* Any key only stops the countdown (on every console): it must not also act. */
			countdown_cancel(&ui->countdown);
			boot_countdown_stop(ui->s->boot_lock, ui->s->console);
			nc_status(ui, ROLE_STATUS, _("Automatic boot stopped"));
			continue;
		}
		/* A message stays until the next key. */
		ui->status[0] = '\0';
		handle_key(ui, &m, key);
	}
}
