/* nc-boot.c - "boot": verify (or say why not), start with kexec; a failure is shown and the menu returns. */
#include <curses.h>

#include "i18n.h"
#include "ui/boot-plan.h"
#include "ui/boot-run.h"
#include "ui/nc-screens.h"

struct boot_log {
	struct nc_ui *ui;
	struct strlist lines;	/* every step said, for the screen after a failure */
};

/* Each step on the status line as it happens: hashing /boot takes a while. */
static void say_line(void *ctx, const char *line)
{
	struct boot_log *log = ctx;

	strlist_pushdup(&log->lines, line);
	nc_status(log->ui, ROLE_STATUS, "%s", line);
	nc_draw_footer(log->ui, "");
	refresh();
}

static void draw_plan(struct nc_ui *ui, const struct strlist *plan)
{
	int body_y = UI_HEADER_ROWS + 2, y;

	nc_draw_header(ui);
	nc_clear_body(ui);
	nc_role(ui, ROLE_HEADING);
	nc_text(UI_HEADER_ROWS, 1, ui->layout.cols - 2, _("Booting"), false);
	nc_role(ui, ROLE_NORMAL);
	for (y = 0; y < (int)plan->n && body_y + y < ui->layout.status.y; y++)
		nc_text(body_y + y, 1, ui->layout.cols - 2, plan->v[y], false);
	refresh();
}

/*
 * Just before kexec jumps: leave curses (keypad mode off, cursor home to the
 * last line), so the new kernel's console starts on a clean line of a sane
 * terminal; if the jump fails, take the screen back.
 */
static void give_terminal_back(void *ctx, bool before)
{
	(void)ctx;
	if (before) {
		def_prog_mode();
		endwin();
		fputs("\r\n", stdout);
		fflush(stdout);
	} else {
		reset_prog_mode();
		refresh();
	}
}

void nc_boot_screen(struct nc_ui *ui, size_t i, const char *cmdline, bool unverified)
{
	struct ui_boot_request r = { .entry = i, .cmdline = cmdline, .unverified = unverified,
				     .jump = give_terminal_back };
	struct boot_log log = { .ui = ui };
	struct strlist plan = { 0 };
	char err[1024];
	bool refused, offer;
	size_t j;
	int key;

	countdown_cancel(&ui->countdown);
	boot_plan_describe(ui->s->entries.items[i], cmdline, ui_boot_have_keys(ui->s), &plan);
	draw_plan(ui, &plan);
	if (ui_boot(ui->s, &r, say_line, &log, &refused, err, sizeof(err)) == 0)
		goto out;	/* not reached: a started kernel does not come back */
	/* Nothing was started: the plan, each step, then why. */
	strlist_pushdup(&plan, "");
	for (j = 0; j < log.lines.n; j++)
		strlist_pushdup(&plan, log.lines.v[j]);
	strlist_pushdup(&plan, err);
	nc_status(ui, ROLE_TAMPERED, "%s", err);
	offer = refused && !unverified && !cmdline && ui_boot_unverified_allowed(ui->s);
	key = nc_pager(ui, _("Boot failed"), &plan,
		       offer ? _("u=boot unverified  h=help  x=back to the menu")
			     : _("h=help  x=back to the menu"),
		       offer ? "u" : NULL, HELP_BOOT);
	if (key == 'u') {
		strlist_free(&plan);
		strlist_free(&log.lines);
		nc_boot_screen(ui, i, NULL, true);
		return;
	}
out:
	strlist_free(&plan);
	strlist_free(&log.lines);
}
