/* cmd-menu.c - "vigil menu": the boot menu on the current terminal. */
#include "cmd.h"
#include "i18n.h"
#include "ui/plain-menu.h"

static int cmd_menu(int argc, char **argv)
{
	if (argc != 1)
		return cmd_usage_error(&cmd_menu_entry, _("takes no arguments"));
	return plain_menu_run();
}

const struct vigil_cmd cmd_menu_entry = {
	.name = "menu",
	.usage = "",
	.summary = N_("show the boot menu on this terminal"),
	.run = cmd_menu,
};
