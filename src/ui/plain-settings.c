/* plain-settings.c - the owner's settings in the flash on a line terminal: listed, one changed at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/actions.h"
#include "ui/plain-actions.h"
#include "ui/session.h"
#include "ui/settings-edit.h"

#define VALUE_LINE_MAX 1100	/* a setting's longest value and its newline */

static void list(const struct ui_settings *set)
{
	size_t i;

	printf(_("Settings in the flash (they count from the next start):\n"));
	for (i = 0; i < set->count; i++) {
		if (set->rows[i].value)
			printf("  %2zu) %s = \"%s\"\n", i + 1, set->rows[i].key, set->rows[i].value);
		else
			printf(_("  %2zu) %s (not set)\n"), i + 1, set->rows[i].key);
	}
}

/* A line from the terminal without its newline; NULL at the end of input. */
static char *read_line(char *buf, size_t len)
{
	if (!fgets(buf, (int)len, stdin))
		return NULL;
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void change(struct ui_session *s, struct ui_setting_row *row)
{
	char value[VALUE_LINE_MAX], err[1024];
	bool written;

	printf("%s: %s\n", row->key, row->help);
	printf(_("New value for %s (empty removes it, . keeps it): "), row->key);
	fflush(stdout);
	if (!read_line(value, sizeof(value)) || !strcmp(value, "."))
		return;
	printf(_("Writing the flash; do not power off...\n"));
	fflush(stdout);
	if (ui_setting_change(s, row, value, &written, err, sizeof(err)) < 0) {
		printf(_("Not saved: %s\n"), err);
		return;
	}
	if (!written) {
		printf(_("The flash says so already: nothing written.\n"));
		return;
	}
	if (*value)
		printf(_("Saved in the flash: %s = \"%s\" (from the next start)\n"), row->key, value);
	else
		printf(_("Removed from the flash: %s (from the next start)\n"), row->key);
	/* PCR 7 differs at the next start: the TOTP code can be ready for it. */
	plain_offer_totp_for_flash(s);
}

void plain_settings(struct ui_session *s)
{
	const char *why = ui_action_unavailable(ACTION_SETTINGS, s);
	struct ui_settings set;
	char line[32], err[1024], *end;
	unsigned long n;

	if (why) {
		printf(_("%s: not available: %s\n"), ui_action_label(ACTION_SETTINGS), why);
		return;
	}
	printf(_("Reading the flash...\n"));
	fflush(stdout);
	if (ui_settings_read(s, &set, err, sizeof(err)) < 0) {
		printf(_("Settings in the flash: %s\n"), err);
		return;
	}
	list(&set);
	printf(_("Number to change (empty: back): "));
	fflush(stdout);
	if (read_line(line, sizeof(line)) && line[0]) {
		n = strtoul(line, &end, 10);
		if (*end || n < 1 || n > set.count)
			printf(_("No setting %s.\n"), line);
		else
			change(s, &set.rows[n - 1]);
	}
	ui_settings_free(&set);
}
