/* nc-keys.c - "Manage keys": the ROM keyring's keys, each fingerprint also as a QR code; add or remove one. */
#include <curses.h>
#include <stdio.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/keys-edit.h"
#include "ui/keys-view.h"
#include "ui/nc-screens.h"

/* A digit picked from lines under title; -1 for back or a digit past count. */
static int pick(struct nc_ui *ui, const char *title, const struct strlist *lines, size_t count)
{
	int key = nc_pager(ui, title, lines, _("1-9=choose  x=back"), "123456789", HELP_MAIN);

	if (key < '1' || key > '9' || (size_t)(key - '1') >= count)
		return -1;
	return key - '1';
}

static void add_key(struct nc_ui *ui)
{
	struct ui_stick_files files;
	struct strlist lines = { 0 };
	char err[1024], question[400];
	size_t i, new_keys;
	int n;

	ui_key_files_find(ui->s, &files);
	if (!files.count) {
		nc_status(ui, ROLE_STATUS, _("No key file (*.asc, *.gpg, *.pub, *.key) on the disks "
					     "or USB sticks"));
		ui_stick_files_free(&files);
		return;
	}
	strlist_pushdup(&lines, _("Key files on the disks and USB sticks:"));
	for (i = 0; i < files.count && i < 9; i++)
		strlist_push(&lines, xasprintf("%zu) %s", i + 1, files.items[i].where));
	n = pick(ui, _("Add a key to the ROM"), &lines, files.count);
	strlist_free(&lines);
	snprintf(question, sizeof(question), _("Add the keys in %s to the flash? (y/N)"),
		 n >= 0 ? files.items[n].where : "");
	if (n >= 0 && nc_confirm(ui, question)) {
		nc_status(ui, ROLE_STATUS, _("Writing the flash; do not power off..."));
		nc_draw_footer(ui, "");
		refresh();
		if (ui_key_add(ui->s, files.items[n].path, &new_keys, err, sizeof(err)) < 0)
			nc_status(ui, ROLE_TAMPERED, _("No key added: %s"), err);
		else {
			nc_status(ui, ROLE_VERIFIED, _("%zu new keys in the flash: they count from the "
						       "next power-on"), new_keys);
			if (new_keys)
				nc_offer_totp_for_flash(ui);
		}
	}
	ui_stick_files_free(&files);
}

static void remove_key(struct nc_ui *ui, const struct ui_key_list *keys)
{
	struct strlist lines = { 0 };
	struct romkey removed;
	char err[1024], question[300];
	bool none_left;
	size_t i;
	int n;

	strlist_pushdup(&lines, _("Remove which key from the flash?"));
	for (i = 0; i < keys->count && i < 9; i++)
		strlist_push(&lines, xasprintf("%zu) %s  %s", i + 1, keys->items[i].label,
					       keys->items[i].fpr));
	n = pick(ui, _("Remove a key from the ROM"), &lines, keys->count);
	strlist_free(&lines);
	if (n < 0)
		return;
	snprintf(question, sizeof(question), _("Remove %s from the flash? (y/N)"),
		 keys->items[n].label);
	if (!nc_confirm(ui, question))
		return;
	nc_status(ui, ROLE_STATUS, _("Writing the flash; do not power off..."));
	nc_draw_footer(ui, "");
	refresh();
	if (ui_key_remove(ui->s, keys->items[n].fpr, &removed, &none_left, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("No key removed: %s"), err);
		return;
	}
	nc_status(ui, none_left ? ROLE_TAMPERED : ROLE_VERIFIED,
		  none_left ? _("Removed; the flash holds no key now: /boot cannot be verified "
				"after the next power-on")
			    : _("Removed from the flash: it counts from the next power-on"));
	nc_offer_totp_for_flash(ui);
}

void nc_keys_screen(struct nc_ui *ui)
{
	struct ui_key_list keys;
	struct strlist lines = { 0 };
	char err[512];
	int n = ui_keys_describe(ui->s, &lines, &keys, err, sizeof(err));
	/* A restricted machine's keys change only from another machine (vigil rom). */
	bool edit = !ui->s->cfg.restricted;

	for (;;) {
		char title[200], uri[80];
		int key = nc_pager(ui, _("Keys in the ROM"), &lines,
				   !edit ? (n > 0 ? _("1-9=a key's fingerprint as a QR code  x=back")
						  : _("x=back"))
				   : n > 0 ? _("1-9=QR  a=add  r=remove  Up/Down  x=back")
					   : _("a=add a key  Up/Down  x=back"),
				   !edit ? (n > 0 ? "123456789" : NULL)
				   : n > 0 ? "123456789ar" : "a", HELP_MAIN);

		if (key == 'a') {
			add_key(ui);
			break;
		}
		if (key == 'r') {
			remove_key(ui, &keys);
			break;
		}
		if (key < '1' || key > '9')
			break;
		if ((size_t)(key - '1') >= keys.count)
			continue;
		/* The URI OpenPGP apps (OpenKeychain) scan to compare a fingerprint. */
		snprintf(uri, sizeof(uri), "OPENPGP4FPR:%s", keys.items[key - '1'].fpr);
		snprintf(title, sizeof(title), _("Fingerprint of %s"), keys.items[key - '1'].label);
		nc_qr_screen(ui, title, uri);
	}
	if (n >= 0)
		ui_key_list_free(&keys);
	strlist_free(&lines);
}
