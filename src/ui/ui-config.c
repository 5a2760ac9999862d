/* ui-config.c - read the menu's settings from the board config. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/kvconf.h"
#include "common/xmalloc.h"
#include "crypto/passphrase-hash.h"
#include "i18n.h"
#include "ui/ui-config.h"

void ui_config_init(struct ui_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mode = UI_MODE_AUTO;
	cfg->timeout = UI_TIMEOUT_NONE;
}

void ui_config_free(struct ui_config *cfg)
{
	free(cfg->theme);
	free(cfg->keyring);
	free(cfg->recovery_passphrase);
	free(cfg->cmdline_add);
	free(cfg->cmdline_remove);
	free(cfg->flash);
	free(cfg->default_name);
	strlist_free(&cfg->boot_dirs);
	ui_config_init(cfg);
}

int ui_parse_timeout(const char *s)
{
	char *end;
	long v;

	if (!strcmp(s, "none"))
		return UI_TIMEOUT_NONE;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -1 || v > 3600)
		return -2;
	return (int)v;
}

int ui_parse_bool(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	size_t i;

	for (i = 0; yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (!strcmp(s, no[i]))
			return 0;
	return -1;
}

static void replace(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* boot_dirs is a space-separated list (quote the value to keep it one token). */
static void split_dirs(struct strlist *out, const char *value)
{
	const char *p = value;

	while (*p) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n)
			strlist_push(out, xstrndup(p, n));
		p += n;
	}
}

/* The passphrase hash, checked now so a bad one is named at start-up, not at the gate. */
static int set_passphrase(struct ui_config *cfg, const char *value, const char *name,
			  char *err, size_t errlen)
{
	struct passphrase_hash h;
	char why[256];

	if (passphrase_hash_parse(&h, value, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("%s: key 'recovery_passphrase': %s"), name, why);
		return -1;
	}
	if (!cfg->recovery_passphrase)
		cfg->recovery_passphrase = xmalloc(sizeof(*cfg->recovery_passphrase));
	*cfg->recovery_passphrase = h;
	return 0;
}

int ui_config_apply(struct ui_config *cfg, const struct kvconf *conf, const char *name,
		    char *err, size_t errlen)
{
	const char *v;

	if ((v = kvconf_get(conf, "ui"))) {
		if (!strcmp(v, "plain"))
			cfg->mode = UI_MODE_PLAIN;
		else if (!strcmp(v, "ncurses"))
			cfg->mode = UI_MODE_NCURSES;
		else if (!strcmp(v, "auto"))
			cfg->mode = UI_MODE_AUTO;
		else
			goto bad_ui;
	}
	if ((v = kvconf_get(conf, "headless"))) {
		int b = ui_parse_bool(v);

		if (b < 0)
			goto bad_headless;
		cfg->headless = b;
	}
	if ((v = kvconf_get(conf, "restricted"))) {
		int b = ui_parse_bool(v);

		if (b < 0)
			goto bad_restricted;
		cfg->restricted = b;
	}
	if ((v = kvconf_get(conf, "basic"))) {
		int b = ui_parse_bool(v);

		if (b < 0)
			goto bad_basic;
		cfg->basic = b;
	}
	if ((v = kvconf_get(conf, "timeout"))) {
		int t = ui_parse_timeout(v);

		if (t == -2)
			goto bad_timeout;
		cfg->timeout = t;
	}
	if ((v = kvconf_get(conf, "theme")))
		replace(&cfg->theme, v);
	if ((v = kvconf_get(conf, "keyring")))
		replace(&cfg->keyring, v);
	if ((v = kvconf_get(conf, "recovery_passphrase")) &&
	    set_passphrase(cfg, v, name, err, errlen) < 0)
		return -1;
	if ((v = kvconf_get(conf, "cmdline_add")))
		replace(&cfg->cmdline_add, v);
	if ((v = kvconf_get(conf, "cmdline_remove")))
		replace(&cfg->cmdline_remove, v);
	if ((v = kvconf_get(conf, "default")))
		replace(&cfg->default_name, v);
	if ((v = kvconf_get(conf, "flash")))
		replace(&cfg->flash, v);
	if ((v = kvconf_get(conf, "boot_dirs")))
		split_dirs(&cfg->boot_dirs, v);
	return 0;

bad_ui:
	snprintf(err, errlen, _("%s: key 'ui': '%s' is not plain, ncurses or auto"), name, v);
	return -1;
bad_headless:
	snprintf(err, errlen, _("%s: key 'headless': '%s' is not yes or no"), name, v);
	return -1;
bad_basic:
	snprintf(err, errlen, _("%s: key 'basic': '%s' is not yes or no"), name, v);
	return -1;
bad_restricted:
	snprintf(err, errlen, _("%s: key 'restricted': '%s' is not yes or no"), name, v);
	return -1;
bad_timeout:
	snprintf(err, errlen, _("%s: key 'timeout': '%s' is not a number of seconds "
				"(0-3600, or -1 to wait)"), name, v);
	return -1;
}

int ui_config_load(struct ui_config *cfg, const char *path, bool required,
		   char *err, size_t errlen)
{
	struct kvconf conf;
	int ret;

	if (!required && access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (kvconf_load(&conf, path, err, errlen) < 0)
		return -1;
	ret = ui_config_apply(cfg, &conf, path, err, errlen);
	kvconf_free(&conf);
	return ret;
}

enum ui_mode ui_choose_mode(enum ui_mode configured, const char *term, bool terminfo_ok,
			    bool is_tty)
{
	if (configured != UI_MODE_AUTO)
		return configured;
	if (!is_tty || !term || !*term || !strcmp(term, "dumb") || !strcmp(term, "unknown") ||
	    !terminfo_ok)
		return UI_MODE_PLAIN;
	return UI_MODE_NCURSES;
}

void ui_config_fail_closed(struct ui_config *cfg, const char *rom_keyring,
			   const char *default_keyring, char *notice, size_t len)
{
	const char *keys = access(rom_keyring, F_OK) == 0 ? rom_keyring
			 : access(default_keyring, F_OK) == 0 ? default_keyring : NULL;
	size_t used = strnlen(notice, len);

	if (!keys)
		return;
	free(cfg->keyring);
	cfg->keyring = xstrdup(keys);
	cfg->restricted = true;
	if (used < len)
		snprintf(notice + used, len - used, _("; keys exist (%s), so only verified boots "
						       "and no recovery shell until the settings "
						       "are fixed"), keys);
}
