/* nc-secret.c - a passphrase or PIN asked on its own screen, masked, into secure memory. */
#include <curses.h>
#include <string.h>

#include "crypto/secret.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/nc-screens.h"
#include "ui/widget-text.h"

static void draw(struct nc_ui *ui, const char *title, const char *intro, const char *prompt,
		 size_t typed)
{
	struct strlist lines = { 0 };
	char stars[41];
	size_t n = typed < sizeof(stars) - 1 ? typed : sizeof(stars) - 1, i;
	int y = UI_HEADER_ROWS;

	memset(stars, '*', n);
	stars[n] = '\0';
	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(y++, 1, ui->layout.cols - 2, title, false);
	nc_role(ui, ROLE_NORMAL);
	text_wrap(intro ? intro : "", ui->layout.cols - 2, &lines);
	for (i = 0; i < lines.n && y < LINES - 3; i++)
		nc_text(y++, 1, ui->layout.cols - 2, lines.v[i], false);
	strlist_free(&lines);
	nc_text(y + 1, 1, ui->layout.cols - 2, prompt, false);
	addstr(stars);
	nc_draw_footer(ui, _("Enter=done  Ctrl-X=cancel"));
	refresh();
}

struct secret *nc_ask_secret(struct nc_ui *ui, const char *title, const char *intro,
			     const char *prompt, size_t max)
{
	struct secret *buf = secret_new(max), *out = NULL;
	size_t n = 0;

	for (;;) {
		int key;

		draw(ui, title, intro, prompt, n);
		key = nc_getkey(ui);
		if (key == NC_KEY_TICK || key == KEY_RESIZE)
			continue;
		if (nc_is_enter_key(key)) {
			out = secret_from(buf->data, n);
			break;
		}
		if (key == NC_CTRL('X') || key == 27)
			break;
		if (key == KEY_BACKSPACE || key == 0x7f || key == NC_CTRL('H'))
			n = n ? n - 1 : 0;
		else if (key >= ' ' && key < 256 && n < buf->len)
			buf->data[n++] = (unsigned char)key;	/* UTF-8 arrives byte by byte */
	}
	secret_free(buf);
	return out;
}

/* tpm_owner_prompt_fn for the ncurses menu (ctx: the struct nc_ui). */
static struct secret *owner_prompt(void *ctx, const char *what, char *why, size_t whylen)
{
	struct nc_ui *ui = ctx;
	char intro[512];
	struct secret *pass;

	snprintf(intro, sizeof(intro), _("The TPM has an owner passphrase, set when ownership "
					 "was taken. It is needed for: %s."), what);
	pass = nc_ask_secret(ui, _("TPM owner passphrase"), intro, _("TPM owner passphrase: "),
			     TPM_HIERARCHY_AUTH_MAX);
	if (!pass)
		snprintf(why, whylen, "%s", _("cancelled"));
	return pass;
}

void nc_use_owner_prompt(struct nc_ui *ui)
{
	tpm_set_owner_prompt(ui ? owner_prompt : NULL, ui);
}
