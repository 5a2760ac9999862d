/* nc-confirm.c - yes/no on the status line, for actions that cannot be undone. */
#include <curses.h>

#include "i18n.h"
#include "ui/nc-screens.h"

bool nc_confirm(struct nc_ui *ui, const char *question)
{
	for (;;) {
		int key;

		nc_role(ui, ROLE_COUNTDOWN);
		nc_text(ui->layout.status.y, 0, ui->layout.cols, question, true);
		nc_role(ui, ROLE_HELP);
		nc_text(ui->layout.help.y, 0, ui->layout.cols, _("y=yes  n=no"), true);
		nc_role(ui, ROLE_NORMAL);
		refresh();
		key = nc_getkey(ui);
		if (key == 'y' || key == 'Y')
			return true;
		if (key == 'n' || key == 'N' || nc_is_back_key(key))
			return false;
	}
}
