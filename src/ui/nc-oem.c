/* nc-oem.c - the OEM factory-reset wizard in ncurses: a list of steps, each explained, run and retried. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "crypto/secret.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/oem-wizard.h"
#include "ui/widget-text.h"

#define SECRET_MAX 256

struct oem_screen {
	struct nc_ui *ui;
	enum oem_step running;
	struct strlist said;	/* what the running step said, shown under its title */
};

/* The running step's title and what it said so far. */
static void draw_running(struct oem_screen *sc, const char *footer)
{
	struct nc_ui *ui = sc->ui;
	int y = UI_HEADER_ROWS, first;
	size_t i;

	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(y++, 1, ui->layout.cols - 2, oem_step_title(sc->running), false);
	nc_role(ui, ROLE_NORMAL);
	/* The latest lines matter most. */
	first = (int)sc->said.n - (LINES - 2 - y);
	for (i = first > 0 ? (size_t)first : 0; i < sc->said.n; i++)
		nc_text(y++, 1, ui->layout.cols - 2, sc->said.v[i], false);
	nc_draw_footer(ui, footer);
	refresh();
}

static struct secret *ask_secret(void *ctx, const char *prompt)
{
	struct oem_screen *sc = ctx;
	const char *intro = sc->said.n ? sc->said.v[sc->said.n - 1] : "";

	return nc_ask_secret(sc->ui, oem_step_title(sc->running), intro, prompt, SECRET_MAX);
}

static bool confirm(void *ctx, const char *question)
{
	struct oem_screen *sc = ctx;

	return nc_confirm(sc->ui, question);
}

/* Up/Down through the options, Enter picks, x or Esc cancels. */
static int choose(void *ctx, const char *question, const char *const *options, size_t n)
{
	struct oem_screen *sc = ctx;
	struct nc_ui *ui = sc->ui;
	size_t sel = 0, i;

	for (;;) {
		int y = UI_HEADER_ROWS, key;

		nc_draw_header(ui);
		nc_clear_body(ui);
		nc_role(ui, ROLE_HEADING);
		nc_text(y++, 1, ui->layout.cols - 2, question, false);
		for (i = 0; i < n && y < LINES - 2; i++) {
			nc_role(ui, i == sel ? ROLE_SELECTED : ROLE_NORMAL);
			nc_text(y++, 2, ui->layout.cols - 4, options[i], true);
		}
		nc_role(ui, ROLE_NORMAL);
		nc_draw_footer(ui, _("Up/Down choose  Enter=pick  x=cancel"));
		refresh();
		key = nc_getkey(ui);
		if (nc_is_up_key(key) && sel > 0)
			sel--;
		else if (nc_is_down_key(key) && sel + 1 < n)
			sel++;
		else if (nc_is_enter_key(key))
			return (int)sel;
		else if (nc_is_back_key(key))
			return -1;
	}
}

static void say(void *ctx, const char *line)
{
	struct oem_screen *sc = ctx;

	strlist_pushdup(&sc->said, line);
	draw_running(sc, "");
}

static void enrol(void *ctx, const struct ui_enrolment *e)
{
	struct oem_screen *sc = ctx;

	nc_show_enrolment(sc->ui, e);
	/* Overwrite the screen's copy of the secret. */
	clear();
	refresh();
}

static void suggest(void *ctx, const struct secret *words, unsigned bits)
{
	struct oem_screen *sc = ctx;
	char title[160];
	char *text = xmalloc(words->len + 1);

	/* curses keeps its own copy until the screen is cleared; ours is wiped. */
	memcpy(text, words->data, words->len);
	text[words->len] = '\0';
	snprintf(title, sizeof(title), _("Suggested passphrase (%u bits)"), bits);
	nc_qr_screen(sc->ui, title, text);
	explicit_bzero(text, words->len);
	free(text);
	clear();
	refresh();
}

static int sign_pin(void *ctx, const char *hint, bool again, char *pin, size_t pinlen)
{
	struct oem_screen *sc = ctx;
	struct secret *typed;

	(void)again;
	typed = nc_ask_secret(sc->ui, oem_step_title(sc->running), hint ? hint : "",
			      _("PIN (or the key's passphrase): "), pinlen - 1);
	if (!typed)
		return -1;
	memcpy(pin, typed->data, typed->len);
	pin[typed->len] = '\0';
	secret_free(typed);
	say(sc, _("Signing (a card may take a few seconds)..."));
	return 0;
}

static const char *state_mark(enum oem_state st)
{
	switch (st) {
	case OEM_DONE:
		return _("[done]  ");
	case OEM_FAILED:
		return _("[failed]");
	default:
		return _("[to do] ");
	}
}

/* The steps that can run here, in order; returns how many. */
static size_t runnable(const struct oem_wizard *w, enum oem_step out[OEM_STEP_COUNT])
{
	size_t n = 0;
	int i;

	for (i = 0; i < OEM_STEP_COUNT; i++)
		if (!oem_step_unavailable(w, (enum oem_step)i))
			out[n++] = (enum oem_step)i;
	return n;
}

static void draw_steps(struct nc_ui *ui, const struct oem_wizard *w,
		       const enum oem_step *list, size_t n, size_t sel)
{
	struct strlist lines = { 0 };
	int y = UI_HEADER_ROWS;
	size_t i;

	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(y++, 1, ui->layout.cols - 2, _("OEM factory reset"), false);
	for (i = 0; i < n; i++) {
		char line[256];

		snprintf(line, sizeof(line), "%s %zu. %s", state_mark(w->state[list[i]]), i + 1,
			 oem_step_title(list[i]));
		nc_role(ui, i == sel ? ROLE_SELECTED : w->state[list[i]] == OEM_FAILED ?
			ROLE_TAMPERED : ROLE_NORMAL);
		nc_text(y++, 2, ui->layout.cols - 4, line, true);
	}
	nc_role(ui, ROLE_NORMAL);
	y++;
	if (n) {
		const char *res = w->result[list[sel]];

		text_wrap(oem_step_explanation(list[sel]), ui->layout.cols - 2, &lines);
		if (res[0])
			text_wrap(res, ui->layout.cols - 2, &lines);
	} else {
		strlist_pushdup(&lines, _("No step can run on this machine."));
	}
	for (i = 0; i < lines.n && y < LINES - 2; i++)
		nc_text(y++, 1, ui->layout.cols - 2, lines.v[i], false);
	strlist_free(&lines);
	nc_draw_footer(ui, _("Up/Down choose  Enter=run the step  x=back"));
	refresh();
}

void nc_oem_screen(struct nc_ui *ui)
{
	struct oem_screen sc = { .ui = ui };
	struct oem_io io = {
		.ask_secret = ask_secret, .confirm = confirm, .choose = choose, .say = say,
		.enrol = enrol, .suggest = suggest, .ansi_qr = false,
		.sign = { .pin = sign_pin, .say = say, .ctx = &sc },
		.ctx = &sc,
	};
	enum oem_step list[OEM_STEP_COUNT];
	struct oem_wizard w;
	size_t sel = 0, n;
	char err[1536];

	oem_wizard_init(&w, ui->s);
	for (;;) {
		int key, ret;

		n = runnable(&w, list);
		if (sel >= n)
			sel = n ? n - 1 : 0;
		draw_steps(ui, &w, list, n, sel);
		key = nc_getkey(ui);
		if (nc_is_up_key(key) && sel > 0)
			sel--;
		else if (nc_is_down_key(key) && sel + 1 < n)
			sel++;
		else if (nc_is_back_key(key))
			break;
		if (!n || !nc_is_enter_key(key))
			continue;
		sc.running = list[sel];
		strlist_free(&sc.said);
		draw_running(&sc, "");
		ret = oem_step_run(&w, list[sel], &io, err, sizeof(err));
		if (ret < 0)
			nc_status(ui, ROLE_TAMPERED, _("%s failed: %s (Enter runs it again)"),
				  oem_step_title(list[sel]), err);
		else if (ret > 0)
			nc_status(ui, ROLE_STATUS, _("%s: cancelled, nothing was changed"),
				  oem_step_title(list[sel]));
		else
			nc_status(ui, ROLE_VERIFIED, "%s", w.result[list[sel]]);
		/* On to the next step that is not done; a failed one stays selected. */
		if (ret == 0) {
			int next = oem_next_step(&w, list[sel]);
			size_t i;

			for (i = 0; next >= 0 && i < n; i++)
				if ((int)list[i] == next)
					sel = i;
		}
	}
	strlist_free(&sc.said);
	oem_wizard_free(&w);
}
