/*
 * nc-sign.c - "Sign /boot": confirm, then the steps as they happen, a
 * progress bar while the files are hashed, and the PIN asked here with
 * masked input when GnuPG needs it (loopback pinentry through gpgme's
 * passphrase callback: the firmware has no pinentry program).
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "common/xmalloc.h"
#include "i18n.h"
#include "ui/boot-sign.h"
#include "ui/nc-screens.h"
#include "ui/widget-progress.h"

struct sign_screen {
	struct nc_ui *ui;
	const char *root;
	struct strlist steps;
	bool hashing;
	uint64_t done, total;
	int percent;		/* last drawn, -1 before */
};

#define BODY_Y (UI_HEADER_ROWS + 2)

/* Header, title, the latest steps that fit above `reserve` rows, and the footer. */
static int draw_steps(struct sign_screen *sc, int reserve, const char *keys)
{
	struct nc_ui *ui = sc->ui;
	int rows = ui->layout.status.y - BODY_Y - reserve, y = BODY_Y;
	size_t i = sc->steps.n > (size_t)(rows > 0 ? rows : 0) ? sc->steps.n - (size_t)rows : 0;
	char title[512];

	nc_draw_header(ui);
	nc_clear_body(ui);
	snprintf(title, sizeof(title), _("Sign /boot: %s"), sc->root);
	nc_role(ui, ROLE_HEADING);
	nc_text(UI_HEADER_ROWS, 1, ui->layout.cols - 2, title, false);
	nc_role(ui, ROLE_NORMAL);
	for (; i < sc->steps.n; i++)
		nc_text(y++, 1, ui->layout.cols - 2, sc->steps.v[i], false);
	if (sc->hashing)
		progress_draw(stdscr, y, 1, ui->layout.cols - 2, _("Hashing the files:"), sc->done,
			      sc->total);
	nc_draw_footer(ui, keys);
	return sc->hashing ? y + 2 : y;
}

static void say(void *ctx, const char *line)
{
	struct sign_screen *sc = ctx;

	sc->hashing = false;
	strlist_pushdup(&sc->steps, line);
	draw_steps(sc, 2, "");
	refresh();
}

static void progress(uint64_t done, uint64_t total, void *ctx)
{
	struct sign_screen *sc = ctx;
	int percent = progress_percent(done, total);

	sc->hashing = done < total;
	sc->done = done;
	sc->total = total;
	/* A redraw per percent: hashing must not wait for the terminal. */
	if (percent == sc->percent)
		return;
	sc->percent = percent;
	draw_steps(sc, 2, "");
	refresh();
}

/* GnuPG asks for the PIN: read it masked, straight into gpg's buffer. */
static int ask_pin(void *ctx, const char *hint, bool again, char *pin, size_t pinlen)
{
	struct sign_screen *sc = ctx;
	struct nc_ui *ui = sc->ui;
	size_t n = 0;
	int ret = -1;

	(void)again;	/* never: boot-sign.c asks once */
	sc->hashing = false;
	for (;;) {
		char stars[41] = "";
		size_t shown = n < sizeof(stars) - 1 ? n : sizeof(stars) - 1;
		int y, key;

		memset(stars, '*', shown);
		y = draw_steps(sc, 4, _("Enter=sign  Ctrl-X=cancel  F1=help")) + 1;
		nc_text(y + 1, 1, ui->layout.cols - 2, hint ? hint : "", false);
		nc_text(y + 2, 1, ui->layout.cols - 2, _("PIN (or the key's passphrase): "), false);
		addstr(stars);
		refresh();
		key = nc_getkey(ui);
		if (key == NC_KEY_TICK || key == KEY_RESIZE)
			continue;
		if (nc_is_enter_key(key)) {
			ret = 0;
			break;
		}
		if (key == NC_CTRL('X') || key == 27)
			break;
		if (key == KEY_F(1))
			nc_help_screen(ui, HELP_SIGN);
		else if ((key == KEY_BACKSPACE || key == 0x7f || key == NC_CTRL('H')) && n)
			pin[--n] = '\0';
		else if (key >= ' ' && key < 256 && n + 1 < pinlen)
			pin[n++] = (char)key;	/* UTF-8 arrives byte by byte */
	}
	pin[ret == 0 ? n : 0] = '\0';
	if (ret < 0)
		explicit_bzero(pin, pinlen);
	strlist_pushdup(&sc->steps, ret == 0 ? _("Signing (a card may take a few seconds)...")
					     : _("PIN entry cancelled"));
	draw_steps(sc, 2, "");
	refresh();
	return ret;
}

void nc_sign_screen(struct nc_ui *ui)
{
	struct sign_screen sc = { .ui = ui, .percent = -1 };
	struct ui_sign_io io = { ask_pin, progress, say, &sc };
	struct ui_sign_outcome out;
	char err[1536], question[512];
	int ret;

	sc.root = ui_sign_root(ui->s, err, sizeof(err));
	if (!sc.root) {
		nc_status(ui, ROLE_STATUS, _("Sign /boot: %s"), err);
		return;
	}
	snprintf(question, sizeof(question), _("Sign %s? Boots then trust its files as they are now."),
		 sc.root);
	if (!nc_confirm(ui, question))
		return;
	ret = ui_sign_default(ui->s, &io, &out, err, sizeof(err));
	sc.hashing = false;
	strlist_pushdup(&sc.steps, "");
	if (ret < 0) {
		strlist_pushdup(&sc.steps, err);
		strlist_pushdup(&sc.steps, _("The previous signature, if any, is unchanged."));
	} else {
		ui_sign_describe(&out, &sc.steps);
	}
	nc_pager_end(ui, _("Sign /boot"), &sc.steps, _("Up/Down scroll  h=help  x=back"), NULL,
		     HELP_SIGN);
	/* After the pager, which clears the status line as it leaves. */
	if (ret < 0)
		nc_status(ui, ROLE_TAMPERED, _("/boot was not signed: %s"), err);
	else if (out.warning[0])
		nc_status(ui, ROLE_TAMPERED, _("/boot signed, but: %s"), out.warning);
	else
		nc_status(ui, ROLE_VERIFIED, _("/boot signed: %s"), sc.root);
	strlist_free(&sc.steps);
}
