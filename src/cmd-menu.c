/* cmd-menu.c - "vigil menu": the boot menu on the current terminal (ncurses, plain or headless). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "hw/romboot.h"
#include "i18n.h"
#include "ui/headless.h"
#include "ui/nc-ui.h"
#include "ui/plain-menu.h"
#include "ui/session.h"

struct menu_options {
	const char *config;	/* NULL: the board config, which may be missing */
	enum ui_mode mode;	/* UI_MODE_AUTO: whatever the config says */
	int headless;		/* -1: whatever the config says */
	struct strlist boot_dirs;
};

static int parse_options(int argc, char **argv, struct menu_options *o)
{
	static const struct option longopts[] = {
		{ "plain", no_argument, NULL, 'p' },
		{ "ncurses", no_argument, NULL, 'n' },
		{ "headless", no_argument, NULL, 'H' },
		{ "boot-dir", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->mode = UI_MODE_PLAIN;
			break;
		case 'n':
			o->mode = UI_MODE_NCURSES;
			break;
		case 'H':
			o->headless = 1;
			break;
		case 'b':
			strlist_pushdup(&o->boot_dirs, optarg);
			break;
		case 'c':
			o->config = optarg;
			break;
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

/* Settings from the file, then the command line over them. */
static void configure(struct ui_session *s, struct menu_options *o)
{
	char err[sizeof(s->notice)];
	size_t i;

	ui_config_init(&s->cfg);
	if (ui_config_load(&s->cfg, o->config ? o->config : UI_DEFAULT_CONFIG, o->config != NULL,
			   err, sizeof(err)) < 0) {
		/* The menu must come up anyway: defaults, and say why. */
		fprintf(stderr, _("vigil menu: settings not used: %s\n"), err);
		snprintf(s->notice, sizeof(s->notice), _("settings not used: %s"), err);
		ui_config_free(&s->cfg);
		ui_config_init(&s->cfg);
		ui_config_fail_closed(&s->cfg, ROMBOOT_GNUPGHOME, UI_DEFAULT_KEYRING, s->notice,
				      sizeof(s->notice));
	}
	if (o->mode != UI_MODE_AUTO)
		s->cfg.mode = o->mode;
	if (o->headless >= 0)
		s->cfg.headless = o->headless;
	for (i = 0; i < o->boot_dirs.n; i++)
		strlist_pushdup(&s->cfg.boot_dirs, o->boot_dirs.v[i]);
}

static int cmd_menu(int argc, char **argv)
{
	struct menu_options o = { .mode = UI_MODE_AUTO, .headless = -1 };
	struct ui_session s = { .notice = "" };
	enum ui_mode mode;
	int ret;

	if (parse_options(argc, argv, &o) < 0) {
		strlist_free(&o.boot_dirs);
		return cmd_usage_error(&cmd_menu_entry, _("unknown option or argument"));
	}
	configure(&s, &o);
	strlist_free(&o.boot_dirs);
	ui_session_open(&s);
	mode = ui_choose_mode(s.cfg.mode, getenv("TERM"), nc_terminal_usable(), isatty(0));
	if (s.cfg.headless)
		ret = headless_run(&s);
	else if (mode == UI_MODE_NCURSES)
		ret = nc_ui_run(&s);
	else
		ret = plain_menu_run(&s);
	ui_session_close(&s);
	return ret;
}

const struct vigil_cmd cmd_menu_entry = {
	.name = "menu",
	.usage = "[--plain | --ncurses | --headless] [--config FILE] [--boot-dir DIR]...",
	.summary = N_("show the boot menu on this terminal"),
	.run = cmd_menu,
};
