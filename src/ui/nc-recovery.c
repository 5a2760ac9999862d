/* nc-recovery.c - the recovery shell gate: passphrase or OpenPGP card when keys exist, PCR 4, then the shell. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "i18n.h"
#include "ui/boot-lock.h"
#include "ui/nc-screens.h"
#include "ui/recovery.h"

#define PROMPT_Y (UI_HEADER_ROWS + 3)

/* m's words, the typed length as stars, and how to pick other instead (when there is one). */
static void draw_prompt(struct nc_ui *ui, const struct recovery_auth *m,
			const struct recovery_auth *other, size_t typed)
{
	char stars[41];
	size_t n = typed < sizeof(stars) - 1 ? typed : sizeof(stars) - 1;

	memset(stars, '*', n);
	stars[n] = '\0';
	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(UI_HEADER_ROWS, 1, ui->layout.cols - 2, _("Recovery shell"), false);
	nc_role(ui, ROLE_NORMAL);
	nc_text(UI_HEADER_ROWS + 1, 1, ui->layout.cols - 2, _(m->intro), false);
	if (other)
		nc_text(UI_HEADER_ROWS + 2, 1, ui->layout.cols - 2, _(other->offer), false);
	nc_text(PROMPT_Y, 1, ui->layout.cols - 2, _(m->prompt), false);
	addstr(stars);
	nc_draw_footer(ui, _("Enter=check  Ctrl-X=cancel  F1=help"));
	refresh();
}

/* Read the passphrase or PIN for m into secure memory; NULL when cancelled. */
static struct secret *read_secret(struct nc_ui *ui, const struct recovery_auth *m,
				  const struct recovery_auth *other)
{
	struct secret *buf = secret_new(RECOVERY_PASSPHRASE_MAX), *out = NULL;
	size_t n = 0;

	for (;;) {
		int key;

		draw_prompt(ui, m, other, n);
		key = nc_getkey(ui);
		if (key == NC_KEY_TICK || key == KEY_RESIZE)
			continue;
		if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			out = secret_from(buf->data, n);
			break;
		}
		if (key == NC_CTRL('X') || key == 27)
			break;
		if (key == KEY_F(1))
			nc_help_screen(ui, HELP_RECOVERY);
		else if (key == KEY_BACKSPACE || key == 0x7f || key == NC_CTRL('H'))
			n = n ? n - 1 : 0;
		else if (key >= ' ' && key < 256 && n < buf->len)
			buf->data[n++] = (unsigned char)key;	/* UTF-8 arrives byte by byte */
	}
	secret_free(buf);
	return out;
}

/* True once the owner is authenticated (or there is nothing to authenticate against). */
static bool authenticate(struct nc_ui *ui)
{
	const struct recovery_gate *g = &ui->s->gate;
	char err[768];

	if (!recovery_needs_auth(&ui->s->cfg))
		return true;
	if (!g->count) {
		nc_status(ui, ROLE_TAMPERED, _("Recovery shell refused: %s"), g->closed);
		return false;
	}
	for (;;) {
		const struct recovery_auth *m = &g->methods[0];
		struct secret *typed = read_secret(ui, m, g->count > 1 ? &g->methods[1] : NULL);
		int ok;

		/* Nothing typed picks the other way in. */
		if (typed && typed->len == 0 && g->count > 1) {
			secret_free(typed);
			m = &g->methods[1];
			typed = read_secret(ui, m, NULL);
		}
		if (!typed) {
			nc_status(ui, ROLE_STATUS, _("Recovery shell cancelled"));
			return false;
		}
		nc_status(ui, ROLE_STATUS, _("Checking..."));
		nc_draw_footer(ui, "");
		refresh();
		ok = recovery_check(m, typed, err, sizeof(err));
		secret_free(typed);
		if (ok == 1) {
			ui->status[0] = '\0';
			return true;
		}
		nc_status(ui, ROLE_TAMPERED, _("Recovery shell refused: %s"), err);
		if (ok < 0)
			return false;
	}
}

void nc_recovery_screen(struct nc_ui *ui)
{
	char measure_err[256] = "", err[256];

	countdown_cancel(&ui->countdown);
	/* Someone is at this console: no other console boots under them. */
	boot_countdown_stop(ui->s->boot_lock, ui->s->console);
	if (!authenticate(ui))
		return;
	/*
	 * Without a TPM there is nothing sealed to protect: the shell opens
	 * anyway. With one, an unrecorded shell could unseal secrets: refuse.
	 */
	if (recovery_measure(measure_err, sizeof(measure_err)) < 0 &&
	    ui->s->integrity.tpm != UI_TPM_ABSENT) {
		nc_status(ui, ROLE_TAMPERED, _("Recovery shell refused: %s"), measure_err);
		return;
	}
	def_prog_mode();
	endwin();
	if (measure_err[0])
		printf("%s\n", measure_err);
	printf(_("Recovery shell: type 'exit' to return to the menu.\n"));
	fflush(stdout);
	if (recovery_run_shell(err, sizeof(err)) < 0)
		nc_status(ui, ROLE_TAMPERED, "%s", err);
	else if (measure_err[0])
		nc_status(ui, ROLE_STATUS, "%s", measure_err);
	else
		nc_status(ui, ROLE_STATUS, _("Recovery shell closed; PCR 4 records that it was used"));
	reset_prog_mode();
	clear();
	refresh();
}
