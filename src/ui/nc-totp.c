/*
 * nc-totp.c - "Reseal the TOTP secret": confirm, seal, show the new secret
 * once (QR code and base32, straight from secure memory), wipe it; the
 * header then shows the new code.
 */
#include <curses.h>
#include <string.h>
#include <time.h>

#include "crypto/otp-qr.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/totp-reseal.h"

#define BASE32_GROUP 5	/* four characters and a space */

/* Where the QR code goes, or false when it cannot be shown here (and why). */
static bool qr_fits(const struct nc_ui *ui, const struct ui_enrolment *e, int *rows, int *cols,
		    char *why, size_t whylen)
{
	int size = e->qr_modules + 2 * OTP_QR_QUIET_ZONE;

	*cols = size;
	*rows = (size + 1) / 2;
	if (!e->qr) {
		snprintf(why, whylen, "%s", e->qr_err);
		return false;
	}
	if (!ui->utf8) {
		snprintf(why, whylen, _("no QR code: it needs a UTF-8 terminal"));
		return false;
	}
	if (*rows + 2 > ui->layout.rows || *cols + 2 > ui->layout.cols) {
		snprintf(why, whylen, _("no QR code: it needs %dx%d characters"), *cols + 2,
			 *rows + 2);
		return false;
	}
	return true;
}

/* The QR code's lines, light modules drawn white on black, at y, x. */
static void draw_qr(const struct nc_ui *ui, const struct ui_enrolment *e, int y, int x, int cols)
{
	const char *p = (const char *)e->qr->data, *end = p + e->qr->len;

	attr_set(A_NORMAL, ui->colour ? NC_QR_PAIR : 0, NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		nc_text(y++, x, cols, p, false);	/* stops at its width, before the newline */
		p = nl ? nl + 1 : end;
	}
	attr_set(A_NORMAL, 0, NULL);
}

/* The base32 secret, as many groups of four per line as fit in width. */
static int draw_base32(const struct ui_enrolment *e, int y, int x, int width)
{
	const char *p = (const char *)e->grouped->data;
	int per_line = (width + 1) / BASE32_GROUP, len = (int)e->grouped->len;

	if (per_line < 1)
		per_line = 1;
	while (len > 0) {
		int n = per_line * BASE32_GROUP - 1;

		nc_text(y++, x, n < len ? n : len, p, false);
		p += n + 1;
		len -= n + 1;
	}
	return y;
}

static void draw(struct nc_ui *ui, const struct ui_enrolment *e)
{
	int rows, cols, x = 1, y = 2, width;
	char why[200] = "", line[200];
	bool qr = qr_fits(ui, e, &rows, &cols, why, sizeof(why));

	clear();
	nc_role(ui, ROLE_TITLE);
	nc_text(0, 0, ui->layout.cols, _(" Enrol the new TOTP secret in your authenticator app"),
		true);
	nc_role(ui, ROLE_NORMAL);
	if (qr) {
		draw_qr(ui, e, 1, 1, cols);
		x = cols + 3;
	}
	width = ui->layout.cols - x - 1;
	if (!qr) {
		nc_text(y++, x, width, why, false);
		y++;
	}
	nc_text(y++, x, width, qr ? _("Scan the QR code, or type this secret:")
				  : _("Type this secret into the app:"), false);
	y++;
	nc_role(ui, ROLE_TITLE);
	y = draw_base32(e, y, x, width);
	nc_role(ui, ROLE_NORMAL);
	y++;
	nc_text(y++, x, width, _("Time-based, 6 digits, 30 s (SHA-1)."), false);
	snprintf(line, sizeof(line), _("Sealed to PCRs %s."), e->pcrs);
	nc_text(y++, x, width, line, false);
	y++;
	nc_role(ui, ROLE_COUNTDOWN);
	nc_text(y++, x, width, _("It is shown only now: leaving this screen wipes it."), false);
	nc_role(ui, ROLE_NORMAL);
	nc_text(y++, x, width, _("Then compare the header's code with your phone."), false);
	nc_role(ui, ROLE_HELP);
	nc_text(ui->layout.rows - 1, 0, ui->layout.cols, _("Enter or x=done  h=help"), true);
	nc_role(ui, ROLE_NORMAL);
	refresh();
}

void nc_show_enrolment(struct nc_ui *ui, const struct ui_enrolment *e)
{
	int key = KEY_RESIZE;

	for (;;) {
		if (key == KEY_RESIZE)
			draw(ui, e);
		timeout(-1);
		key = getch();
		if (key == KEY_RESIZE)
			layout_compute(&ui->layout, LINES, COLS);
		else if (nc_is_back_key(key) || nc_is_enter_key(key))
			break;
		else if (key == 'h') {
			nc_help_screen(ui, HELP_TOTP);
			key = KEY_RESIZE;
		}
	}
}

void nc_totp_reseal_screen(struct nc_ui *ui)
{
	struct ui_enrolment e;
	char err[512];

	if (!nc_confirm(ui, _("Replace the TOTP secret? Your phone must then be enrolled again.")))
		return;
	nc_status(ui, ROLE_STATUS, _("Sealing a new TOTP secret in the TPM..."));
	nc_draw_footer(ui, "");
	refresh();
	if (ui_totp_reseal(ui->s, false, &e, err, sizeof(err)) < 0) {
		nc_status(ui, ROLE_TAMPERED, _("No new TOTP secret (the old one stays): %s"), err);
		return;
	}
	ui->totp_asked = time(NULL);
	nc_show_enrolment(ui, &e);
	nc_status(ui, ROLE_STATUS, _("New TOTP secret sealed to PCRs %s: compare its code with "
				     "your phone"), e.pcrs);
	ui_enrolment_wipe(&e);
	/* Overwrite the screen's copy too. */
	clear();
	refresh();
}
