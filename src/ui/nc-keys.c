/* nc-keys.c - "Manage keys": the ROM keyring's keys, each fingerprint also as a QR code. */
#include <curses.h>
#include <stdio.h>

#include "i18n.h"
#include "ui/keys-view.h"
#include "ui/nc-screens.h"

void nc_keys_screen(struct nc_ui *ui)
{
	struct ui_key_list keys;
	struct strlist lines = { 0 };
	char err[512];
	int n = ui_keys_describe(ui->s, &lines, &keys, err, sizeof(err));

	for (;;) {
		char title[200], uri[80];
		int key = nc_pager(ui, _("Keys in the ROM"), &lines,
				   n > 0 ? _("1-9=a key's fingerprint as a QR code  Up/Down  x=back")
					 : _("Up/Down scroll  x=back"),
				   n > 0 ? "123456789" : NULL, HELP_MAIN);

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
