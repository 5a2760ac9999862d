/* ui-config.h - the menu's settings: board config keys and "vigil menu" options. */
#ifndef VIGIL_UI_CONFIG_H
#define VIGIL_UI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/strbuf.h"

#define UI_DEFAULT_CONFIG SYSCONFDIR "/vigil/board.conf"
#define UI_DEFAULT_KEYRING SYSCONFDIR "/vigil/keys"
#define UI_TIMEOUT_NONE (-1)	/* wait for the user */

enum ui_mode { UI_MODE_AUTO, UI_MODE_PLAIN, UI_MODE_NCURSES };

struct passphrase_hash;

struct ui_config {
	enum ui_mode mode;
	bool headless;
	int timeout;			/* seconds before the default boots, or UI_TIMEOUT_NONE */
	char *theme;			/* name in the themes dir, or a path with a '/'; NULL: default */
	struct strlist boot_dirs;	/* partition roots to scan; none: discover the disks */
	char *keyring;			/* where the owner's keys are; NULL: UI_DEFAULT_KEYRING */
	struct passphrase_hash *recovery_passphrase;	/* the recovery_passphrase setting, or NULL */
	bool restricted;		/* no unverified boots (nor edited command lines) */
	bool basic;			/* basic = yes: a machine without a TPM; nothing is attested */
	char *default_name;		/* the "default" setting: an entry's title or number, or NULL */
	char *flash;			/* the board's flash (flashrom programmer, emulated:SERIAL), or NULL */
	char *cmdline_add;		/* the board's kernel command line edits, or NULL */
	char *cmdline_remove;
};

/* Defaults: auto mode, no timeout, default theme, no boot dirs. */
void ui_config_init(struct ui_config *cfg);
void ui_config_free(struct ui_config *cfg);

/*
 * Apply the keys of a parsed settings file (name is used in messages).
 * Unknown keys are left to other readers of the same file. Returns -1 with
 * "name: key 'timeout': reason" in err on a bad value (a bad
 * recovery_passphrase leaves any earlier one in place).
 */
struct kvconf;
int ui_config_apply(struct ui_config *cfg, const struct kvconf *conf, const char *name,
		    char *err, size_t errlen);

/*
 * Load path into cfg. A missing file is only an error when required (the
 * user named it with --config); the board config is optional.
 */
int ui_config_load(struct ui_config *cfg, const char *path, bool required,
		   char *err, size_t errlen);

/* "5" -> 5; "-1" or "none" -> UI_TIMEOUT_NONE; -2 on anything else. */
int ui_parse_timeout(const char *s);
/* "yes/true/on/1" -> 1, "no/false/off/0" -> 0, -1 otherwise. */
int ui_parse_bool(const char *s);

/*
 * Which front end to run: the configured one, except that auto picks plain
 * for TERM unset, "dumb" or "unknown", a terminal without a terminfo entry,
 * or input that is not a terminal.
 */
enum ui_mode ui_choose_mode(enum ui_mode configured, const char *term, bool terminfo_ok,
			    bool is_tty);

/*
 * After settings could not be read: they may have named the keyring and
 * turned restricted mode on, and must not open by failing what they would
 * have closed. Take the first of rom_keyring and default_keyring that
 * exists and turn restricted mode on (only verified boots, no edited
 * command line, no recovery shell); with no keys there is nothing to
 * protect. What was done is appended to notice.
 */
void ui_config_fail_closed(struct ui_config *cfg, const char *rom_keyring,
			   const char *default_keyring, char *notice, size_t len);

#endif
