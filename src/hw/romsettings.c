/* romsettings.c - check, edit and write the ROM's settings; unknown keys never get in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "consoles.h"
#include "crypto/passphrase-hash.h"
#include "hw/romsettings.h"
#include "i18n.h"
#include "ui/ui-config.h"

enum kind { TEXT, BOOL, TIMEOUT, UI_MODE, THEME, PASSPHRASE_HASH, CONSOLES };

struct setting {
	struct romsetting_info info;
	enum kind kind;
};

/* The keys the menu and the boot code read (ui-config.c, boot/kexec.c) and the modes. */
static const struct setting settings[] = {
	{ { "default", N_("the entry booted by default: its title or number") }, TEXT },
	{ { "timeout", N_("seconds before the default boots: 0-3600, or -1 or none to wait") },
	  TIMEOUT },
	{ { "theme", N_("colour theme: a name in the themes folder or a path") }, THEME },
	{ { "ui", N_("front end: plain, ncurses or auto") }, UI_MODE },
	{ { "headless", N_("no menu, boot the default (servers): yes or no") }, BOOL },
	{ { "restricted", N_("hide the actions that change the machine: yes or no") }, BOOL },
	{ { "basic", N_("boot without a TPM, unmeasured and unsealed: yes or no") }, BOOL },
	{ { "cmdline_add", N_("text added to every kernel command line") }, TEXT },
	{ { "cmdline_remove", N_("kernel command-line words to remove, separated by spaces") },
	  TEXT },
	{ { "recovery_passphrase",
	    N_("the recovery shell passphrase as $vigil-scrypt$N=...,r=8,p=...$SALT$HASH: "
	       "make it with vigil rom recovery-passphrase") }, PASSPHRASE_HASH },
	{ { "boot_dirs", N_("folders holding /boot trees, separated by spaces") }, TEXT },
	/* Read by vigil init (cmd-init.c) when it starts the menus. */
	{ { "consoles", N_("terminals the menu runs on, separated by spaces, as console= names "
			   "them (tty1 the screen, ttyS0 the first serial port); without it, the "
			   "kernel's console= arguments") }, CONSOLES },
	{ { "utf8", N_("UTF-8 on the consoles (line drawing, QR codes that fit 80x24): yes, or "
		       "no for a terminal that shows only ASCII") }, BOOL },
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

size_t romsettings_count(void)
{
	return NSETTINGS;
}

const struct romsetting_info *romsetting_at(size_t i)
{
	return i < NSETTINGS ? &settings[i].info : NULL;
}

static const struct setting *find(const char *key)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (!strcmp(settings[i].info.key, key))
			return &settings[i];
	return NULL;
}

int romsetting_known(const char *key)
{
	return find(key) != NULL;
}

/* What kvconf can read back: printable, no double quote, no surrounding blanks lost. */
static int plain_text(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"')
			return 0;
	return 1;
}

/* 1 when v is good for kind; 0, maybe with the reason in why, when not. */
static int value_ok(enum kind kind, const char *v, char *why, size_t whylen)
{
	struct passphrase_hash h;

	switch (kind) {
	case BOOL:
		return ui_parse_bool(v) >= 0;
	case TIMEOUT:
		return ui_parse_timeout(v) != -2;
	case UI_MODE:
		return !strcmp(v, "plain") || !strcmp(v, "ncurses") || !strcmp(v, "auto");
	case THEME:
		return strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "0123456789._-/") == strlen(v);
	case PASSPHRASE_HASH:
		return passphrase_hash_parse(&h, v, why, whylen) == 0;
	case CONSOLES: {
		struct console c[CONSOLES_MAX];

		return consoles_from_setting(v, c, CONSOLES_MAX) > 0;
	}
	case TEXT:
		return 1;
	}
	return 0;
}

int romsetting_check(const char *key, const char *value, char *err, size_t errlen)
{
	const struct setting *s = find(key);
	char why[256] = "";

	if (!s) {
		snprintf(err, errlen, _("unknown setting '%s' (see vigil rom --help)"), key);
		return -1;
	}
	if (!*value || strlen(value) > ROMSETTING_VALUE_MAX || !plain_text(value) ||
	    !value_ok(s->kind, value, why, sizeof(why))) {
		if (why[0])
			snprintf(err, errlen, _("setting '%s': %s (%s)"), key, why, _(s->info.help));
		else
			snprintf(err, errlen, _("setting '%s': '%s' is not valid: %s"), key, value,
				 _(s->info.help));
		return -1;
	}
	return 0;
}

static void remove_item(struct kvconf *conf, size_t i)
{
	free(conf->items[i].key);
	free(conf->items[i].value);
	memmove(&conf->items[i], &conf->items[i + 1], (conf->count - i - 1) * sizeof(*conf->items));
	conf->count--;
}

int romsetting_set(struct kvconf *conf, const char *key, const char *value,
		   char *err, size_t errlen)
{
	size_t i;

	if (!*value && !find(key)) {
		snprintf(err, errlen, _("unknown setting '%s' (see vigil rom --help)"), key);
		return -1;
	}
	if (*value && romsetting_check(key, value, err, errlen) < 0)
		return -1;
	for (i = 0; i < conf->count; i++) {
		if (strcmp(conf->items[i].key, key))
			continue;
		if (!*value) {
			remove_item(conf, i);
		} else {
			free(conf->items[i].value);
			conf->items[i].value = xstrdup(value);
		}
		return 0;
	}
	if (*value) {
		conf->items = xrealloc(conf->items, (conf->count + 1) * sizeof(*conf->items));
		conf->items[conf->count].key = xstrdup(key);
		conf->items[conf->count].value = xstrdup(value);
		conf->count++;
	}
	return 0;
}

int romsetting_assign(struct kvconf *conf, const char *assignment, char *err, size_t errlen)
{
	const char *eq = strchr(assignment, '=');
	char *key;
	int ret;

	if (!eq || eq == assignment) {
		snprintf(err, errlen, _("'%s' is not KEY=VALUE"), assignment);
		return -1;
	}
	key = xstrndup(assignment, (size_t)(eq - assignment));
	ret = romsetting_set(conf, key, eq + 1, err, errlen);
	free(key);
	return ret;
}

size_t romsettings_sanitize(struct kvconf *conf, char *err, size_t errlen)
{
	char why[512];
	size_t i = 0, dropped = 0;

	while (i < conf->count) {
		if (romsetting_check(conf->items[i].key, conf->items[i].value, why,
				     sizeof(why)) == 0) {
			i++;
			continue;
		}
		if (dropped++ == 0)
			snprintf(err, errlen, "%s", why);
		remove_item(conf, i);
	}
	if (dropped > 1) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, _(" (and %zu more)"), dropped - 1);
	}
	return dropped;
}

char *romsettings_format(const struct kvconf *conf)
{
	size_t i, len = 1;
	char *text;

	for (i = 0; i < conf->count; i++)
		len += strlen(conf->items[i].key) + strlen(conf->items[i].value) + 8;
	text = xmalloc(len);
	text[0] = '\0';
	for (i = 0; i < conf->count; i++) {
		size_t used = strlen(text);

		snprintf(text + used, len - used, "%s = \"%s\"\n", conf->items[i].key,
			 conf->items[i].value);
	}
	return text;
}
