/* plain-actions.c - reseal TOTP, show the event log and coreboot's console, sign /boot: as plain lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/secret.h"
#include "crypto/totp-tpm.h"
#include "hw/measure.h"
#include "i18n.h"
#include "ui/actions.h"
#include "ui/boot-sign.h"
#include "ui/keys-edit.h"
#include "ui/keys-view.h"
#include "ui/plain-actions.h"
#include "ui/session.h"
#include "ui/totp-reseal.h"
#include "ui/viewers.h"

/* False (after saying why) when the action cannot be used now. */
static bool available(const struct ui_session *s, enum ui_action_id id)
{
	const char *why = ui_action_unavailable(id, s);

	if (why)
		printf(_("%s: not available: %s\n"), ui_action_label(id), why);
	return !why;
}

bool plain_ask_yes(const char *question)
{
	char line[16];

	printf("%s", question);
	fflush(stdout);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static void wait_enter(const char *prompt)
{
	char line[16];

	printf("%s", prompt);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) && !strchr(line, '\n'))
		;
}

void plain_write_secret(const void *data, size_t len)
{
	const char *p = data;

	fflush(stdout);
	while (len) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

static void print_lines(const struct strlist *lines)
{
	size_t i;

	for (i = 0; i < lines->n; i++)
		printf("%s\n", lines->v[i]);
}

void plain_totp_reseal(struct ui_session *s)
{
	struct ui_enrolment e;
	char err[512];
	bool tty = isatty(STDOUT_FILENO);

	if (!available(s, ACTION_RESEAL))
		return;
	printf(_("This replaces the TOTP secret: your phone must then be enrolled again.\n"));
	if (!plain_ask_yes(_("Reseal the TOTP secret? (y/N) ")))
		return;
	printf(_("Sealing a new TOTP secret in the TPM...\n"));
	fflush(stdout);
	if (ui_totp_reseal(s, tty, &e, err, sizeof(err)) < 0) {
		printf(_("No new TOTP secret (the old one stays): %s\n"), err);
		return;
	}
	plain_show_enrolment(&e);
	ui_enrolment_wipe(&e);
	printf(_("New TOTP secret sealed: compare the code below with your phone.\n"));
}

void plain_show_enrolment(const struct ui_enrolment *e)
{
	printf(_("Sealed a new TOTP secret to PCRs %s in TPM NV index 0x%08x.\n"), e->pcrs,
	       TOTP_NV_INDEX);
	if (e->qr) {
		printf(_("Scan this code with your authenticator app:\n\n"));
		plain_write_secret(e->qr->data, e->qr->len);
	} else {
		printf(_("No QR code: %s\n"), e->qr_err);
	}
	printf("\n");
	plain_write_secret(e->uri->data, e->uri->len);
	printf("\n");
	printf(_("Or type the secret (base32): "));
	plain_write_secret(e->grouped->data, e->grouped->len);
	printf("\n");
	printf(_("This is the only time the secret is shown.\n"));
	wait_enter(_("Press Enter once it is enrolled: the screen is then cleared. "));
	/* Home, clear the screen and (xterm) the scrollback; a serial log may still keep it. */
	if (isatty(STDOUT_FILENO))
		printf("\033[H\033[2J\033[3J");
}

void plain_event_log(struct ui_session *s)
{
	struct strlist lines = { 0 };

	(void)s;
	ui_event_log_lines(measure_log_path(), &lines);
	print_lines(&lines);
	strlist_free(&lines);
}

void plain_cbmem_console(struct ui_session *s)
{
	struct strlist lines = { 0 };
	char err[512];
	int n = ui_cbmem_console_lines(s->memory, &lines, err, sizeof(err));

	if (n < 0) {
		printf(_("No coreboot console to show: %s\n"), err);
		return;
	}
	printf(_("coreboot console from CBMEM (%d lines):\n"), n);
	print_lines(&lines);
	printf(_("(end of the coreboot console)\n"));
	strlist_free(&lines);
}

static void sign_say(void *ctx, const char *line)
{
	struct plain_sign *p = ctx;

	if (p->percent >= 0)
		printf("\n");
	p->percent = -1;
	printf("%s\n", line);
	fflush(stdout);
}

/* A percentage that rewrites itself, on a terminal only (a log would fill with them). */
static void sign_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct plain_sign *p = ctx;
	int percent = total ? (int)(done * 100 / total) : 100;

	if (!p->tty || percent == p->percent)
		return;
	p->percent = percent;
	printf(_("\rhashing %3d%%"), percent);
	fflush(stdout);
}

/* The PIN, typed without echo; an empty line cancels. */
static int sign_pin(void *ctx, const char *hint, bool again, char *pin, size_t pinlen)
{
	struct plain_sign *p = ctx;
	struct secret *typed;
	char err[256];

	(void)again;	/* never: boot-sign.c asks once */
	sign_say(p, hint ? hint : "");
	typed = secret_read_line(STDIN_FILENO, _("PIN or passphrase (empty cancels): "),
				 pinlen - 1, err, sizeof(err));
	if (!typed || typed->len == 0) {
		printf(_("PIN entry cancelled%s%s\n"), typed ? "" : ": ", typed ? "" : err);
		secret_free(typed);
		return -1;
	}
	memcpy(pin, typed->data, typed->len);
	pin[typed->len] = '\0';
	secret_free(typed);
	printf(_("Signing (a card may take a few seconds)...\n"));
	fflush(stdout);
	return 0;
}

void plain_sign_io(struct plain_sign *p, struct ui_sign_io *io)
{
	p->tty = isatty(STDOUT_FILENO) != 0;
	p->percent = -1;
	*io = (struct ui_sign_io){ sign_pin, sign_progress, sign_say, p };
}

void plain_sign(struct ui_session *s)
{
	struct plain_sign p;
	struct ui_sign_io io;
	struct strlist lines = { 0 };
	struct ui_sign_outcome out;
	const char *root;
	char err[1536];

	plain_sign_io(&p, &io);
	if (!available(s, ACTION_SIGN_BOOT))
		return;
	root = ui_sign_root(s, err, sizeof(err));
	if (!root) {
		printf(_("Sign /boot: %s\n"), err);
		return;
	}
	printf(_("This signs every file of %s, the default entry's partition, with the owner's "
		 "key: boots then trust them as they are now.\n"), root);
	if (!plain_ask_yes(_("Sign it? (y/N) ")))
		return;
	if (ui_sign_default(s, &io, &out, err, sizeof(err)) < 0) {
		sign_say(&p, err);
		printf(_("/boot was not signed; the previous signature, if any, is unchanged.\n"));
		return;
	}
	if (p.percent >= 0)
		printf("\n");
	ui_sign_describe(&out, &lines);
	print_lines(&lines);
	strlist_free(&lines);
}

/* A number from 1 to count typed after prompt; -1 for anything else. */
static int read_number(const char *prompt, size_t count)
{
	char line[16], *end;
	unsigned long n;

	printf("%s", prompt);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return -1;
	n = strtoul(line, &end, 10);
	if (end == line || (*end != '\n' && *end) || n < 1 || n > count)
		return -1;
	return (int)n - 1;
}

static void plain_key_add(struct ui_session *s)
{
	struct ui_stick_files files;
	char err[1024];
	size_t i, new_keys;
	int n;

	ui_key_files_find(s, &files);
	if (!files.count) {
		printf(_("No key file (*.asc, *.gpg, *.pub, *.key) on the disks or USB sticks.\n"));
		ui_stick_files_free(&files);
		return;
	}
	printf(_("Key files found:\n"));
	for (i = 0; i < files.count; i++)
		printf("  %zu) %s\n", i + 1, files.items[i].where);
	n = read_number(_("Which one? (number; Enter cancels) "), files.count);
	if (n >= 0) {
		printf(_("Writing the flash; do not power off...\n"));
		fflush(stdout);
		if (ui_key_add(s, files.items[n].path, &new_keys, err, sizeof(err)) < 0) {
			printf(_("No key added: %s\n"), err);
		} else {
			printf(_("%zu new keys in the flash: they count from the next power-on.\n"),
			       new_keys);
			if (new_keys)
				plain_offer_totp_for_flash(s);
		}
	}
	ui_stick_files_free(&files);
}

static void plain_key_remove(struct ui_session *s, const struct ui_key_list *keys)
{
	struct romkey removed;
	char err[1024];
	bool none_left;
	size_t i;
	int n;

	for (i = 0; i < keys->count; i++)
		printf("  %zu) %s  %s\n", i + 1, keys->items[i].label, keys->items[i].fpr);
	n = read_number(_("Remove which key from the flash? (number; Enter cancels) "),
			keys->count);
	if (n < 0)
		return;
	printf(_("Writing the flash; do not power off...\n"));
	fflush(stdout);
	if (ui_key_remove(s, keys->items[n].fpr, &removed, &none_left, err, sizeof(err)) < 0) {
		printf(_("No key removed: %s\n"), err);
		return;
	}
	if (none_left)
		printf(_("Removed; the flash holds no key now: /boot cannot be verified after the "
			 "next power-on.\n"));
	else
		printf(_("Removed from the flash: it counts from the next power-on.\n"));
	plain_offer_totp_for_flash(s);
}

void plain_keys(struct ui_session *s)
{
	struct ui_key_list keys;
	struct strlist lines = { 0 };
	char err[512], line[16];
	int n = ui_keys_describe(s, &lines, &keys, err, sizeof(err));

	print_lines(&lines);
	strlist_free(&lines);
	/* A restricted machine's keys change only from another machine (vigil rom). */
	if (s->cfg.restricted) {
		if (n >= 0)
			ui_key_list_free(&keys);
		return;
	}
	printf(n > 0 ? _("a) add a key from a USB stick  r) remove a key  Enter) back: ")
		     : _("a) add a key from a USB stick  Enter) back: "));
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin)) {
		if (line[0] == 'a')
			plain_key_add(s);
		else if (line[0] == 'r' && n > 0)
			plain_key_remove(s, &keys);
	}
	if (n >= 0)
		ui_key_list_free(&keys);
}
