/*
 * plain-menu.c - the boot menu as numbered lines: works on any serial
 * terminal and is what the integration tests drive. The ncurses screens
 * replace it on capable terminals; this stays as the fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/secret.h"
#include "i18n.h"
#include "ui/boot-lock.h"
#include "ui/actions.h"
#include "ui/boot-plan.h"
#include "ui/boot-run.h"
#include "ui/plain-actions.h"
#include "ui/plain-oem.h"
#include "ui/plain-menu.h"
#include "ui/power.h"
#include "ui/recovery.h"
#include "ui/session.h"
#include "ui/settings-save.h"

/* Ask with m's words (and say how to pick other instead); NULL with err at the end of input. */
static struct secret *ask(const struct recovery_auth *m, const struct recovery_auth *other,
			  char *err, size_t errlen)
{
	printf("%s\n", _(m->intro));
	if (other)
		printf("%s\n", _(other->offer));
	fflush(stdout);
	return secret_read_line(0, _(m->prompt), RECOVERY_PASSPHRASE_MAX, err, errlen);
}

/* The first way in, or the second one when the owner types nothing. */
static bool authenticate(struct ui_session *s)
{
	const struct recovery_gate *g = &s->gate;
	const struct recovery_auth *m = &g->methods[0];
	struct secret *typed;
	char err[768];
	int ok;

	if (!recovery_needs_auth(&s->cfg))
		return true;
	if (!g->count) {
		printf(_("Recovery shell refused: %s\n"), g->closed);
		return false;
	}
	typed = ask(m, g->count > 1 ? &g->methods[1] : NULL, err, sizeof(err));
	if (typed && typed->len == 0 && g->count > 1) {
		secret_free(typed);
		m = &g->methods[1];
		typed = ask(m, NULL, err, sizeof(err));
	}
	if (!typed) {
		printf(_("Recovery shell refused: %s\n"), err);
		return false;
	}
	ok = recovery_check(m, typed, err, sizeof(err));
	secret_free(typed);
	if (ok != 1)
		printf(_("Recovery shell refused: %s\n"), err);
	return ok == 1;
}

static void recovery_shell(struct ui_session *s)
{
	char err[256];

	if (!authenticate(s))
		return;
	/*
	 * Without a TPM there is nothing sealed to protect: go on. With one,
	 * an unrecorded shell could unseal secrets: refuse.
	 */
	if (recovery_measure(err, sizeof(err)) < 0) {
		printf("%s\n", err);
		if (s->integrity.tpm != UI_TPM_ABSENT) {
			printf(_("Recovery shell refused: the TPM did not record it\n"));
			return;
		}
	}
	printf(_("Recovery shell: type 'exit' to return to the menu.\n"));
	fflush(stdout);
	if (recovery_run_shell(err, sizeof(err)) < 0)
		printf("%s\n", err);
}

static void say_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

/* Boot entry i; back here only when nothing was started, after saying why. */
static void boot(struct ui_session *s, size_t i, bool unverified)
{
	struct ui_boot_request r = { .entry = i, .unverified = unverified };
	struct strlist lines = { 0 };
	char err[1024];
	bool refused;
	size_t j;

	boot_plan_describe(s->entries.items[i], NULL, ui_boot_have_keys(s), &lines);
	for (j = 0; j < lines.n; j++)
		printf("%s\n", lines.v[j]);
	strlist_free(&lines);
	if (ui_boot(s, &r, say_line, NULL, &refused, err, sizeof(err)) < 0) {
		printf("%s\n", err);
		if (refused && !unverified && ui_boot_unverified_allowed(s))
			printf(_("To boot it anyway, unverified: u%zu\n"), i + 1);
		else
			printf(_("Nothing was booted.\n"));
	}
}

/* "5" or "" (the default) after an optional letter: the entry index, or false. */
static bool entry_number(const struct ui_session *s, const char *p, size_t *i)
{
	char *end;
	unsigned long n;

	while (*p == ' ')
		p++;
	if (*p == '\n' || !*p) {
		*i = s->default_entry;
		return s->entries.count > 0;
	}
	n = strtoul(p, &end, 10);
	if (end == p || (*end != '\n' && *end) || n < 1 || n > s->entries.count)
		return false;
	*i = n - 1;
	return true;
}

/* Entry i the default for this boot, and in the flash for every boot if the owner says so. */
static void set_default(struct ui_session *s, size_t i)
{
	const char *name = s->entries.items[i]->name;
	char err[1024];
	bool written;

	s->default_entry = i;
	printf(_("Default for this boot: %s\n"), name);
	if (!plain_ask_yes(_("Save it in the flash for every boot too? (y/N) ")))
		return;
	printf(_("Writing the flash; do not power off...\n"));
	fflush(stdout);
	if (ui_save_setting(s, "default", name, &written, err, sizeof(err)) < 0) {
		printf(_("Not saved: %s\n"), err);
		return;
	}
	printf(_("Default for every boot (saved in the flash): %s\n"), name);
	/* PCR 7 differs at the next start: the TOTP code can be ready for it. */
	if (written)
		plain_offer_totp_for_flash(s);
}

static void show_menu(struct ui_session *s)
{
	time_t now = time(NULL);
	size_t i;

	printf("\n");
	printf(_("vigil %s boot menu%s%s\n"), PACKAGE_VERSION, s->console ? " on " : "",
	       s->console ? s->console : "");
	/* The menu comes back after each action: a code shown then must be current. */
	integrity_refresh_totp(&s->integrity, &s->otp, now, &s->integrity.totp_at);
	integrity_print(stdout, &s->integrity, now);
	if (s->notice[0])
		printf(_("Note: %s\n"), s->notice);
	if (s->entries.count == 0)
		printf(_("No boot entries found.\n"));
	for (i = 0; i < s->entries.count; i++)
		printf("  %zu) %s%s\n", i + 1, s->entries.items[i]->name,
		       i == s->default_entry ? _(" (default)") : "");
	if (s->entries.count)
		printf(_("  b) boot the default entry\n  d) set the default: d2 for entry 2\n"));
	if (s->entries.count && ui_boot_unverified_allowed(s))
		printf(_("  u) boot unverified: u for the default entry, u2 for entry 2\n"));
	printf(_("  g) sign /boot (the default entry's partition)\n"));
	printf(_("  t) reseal the TOTP secret\n"));
	printf(_("  f) OEM factory reset (step by step)\n"));
	printf(_("  k) keys in the ROM\n"));
	printf(_("  w) update the firmware (write a ROM file to the flash)\n"));
	printf(_("  o) settings in the flash\n"));
	printf(_("  l) TPM event log\n  c) coreboot console (cbmem)\n"));
	printf(_("  s) recovery shell\n  r) reboot\n  p) power off\n"));
	printf(_("Choice: "));
	fflush(stdout);
}

static void choose(struct ui_session *s, const char *line)
{
	char err[256];
	size_t i;

	switch (line[0]) {
	case 's':
		if (ui_action_unavailable(ACTION_RECOVERY_SHELL, s))
			printf("%s\n", ui_action_unavailable(ACTION_RECOVERY_SHELL, s));
		else
			recovery_shell(s);
		return;
	case 'g':
		plain_sign(s);
		return;
	case 't':
		plain_totp_reseal(s);
		return;
	case 'f':
		plain_oem_wizard(s);
		return;
	case 'k':
		plain_keys(s);
		return;
	case 'w':
		plain_firmware_update(s);
		return;
	case 'o':
		plain_settings(s);
		return;
	case 'l':
		plain_event_log(s);
		return;
	case 'c':
		plain_cbmem_console(s);
		return;
	case 'r':
	case 'p':
		if (ui_power(line[0] == 'r' ? UI_POWER_REBOOT : UI_POWER_OFF, err, sizeof(err)) < 0)
			printf("%s\n", err);
		return;
	case 'b':
		if (s->entries.count)
			boot(s, s->default_entry, false);
		else
			printf(_("No boot entries found.\n"));
		return;
	case 'd':
		if (entry_number(s, line + 1, &i) && line[1] != '\n')
			set_default(s, i);
		else
			printf(_("Which entry? d2 makes entry 2 the default\n"));
		return;
	case 'u':
		if (!ui_boot_unverified_allowed(s))
			printf(_("Unverified boots are not allowed here (restricted = yes).\n"));
		else if (entry_number(s, line + 1, &i))
			boot(s, i, true);
		else
			printf(_("No such entry: '%.*s' (u alone boots the default)\n"),
			       (int)strcspn(line + 1, "\n"), line + 1);
		return;
	case '\n':
		return;
	}
	if (line[0] >= '1' && line[0] <= '9' && entry_number(s, line, &i))
		boot(s, i, false);
	else
		printf(_("Unknown choice '%c'\n"), line[0]);
}

int plain_menu_run(struct ui_session *s)
{
	char line[64];

	for (;;) {
		show_menu(s);
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		/* Someone is at this console: no other console's countdown boots under them. */
		boot_countdown_stop(s->boot_lock, s->console);
		choose(s, line);
	}
}
