/* plain-oem.c - the OEM factory-reset wizard on a line terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/otp-qr.h"
#include "crypto/secret.h"
#include "i18n.h"
#include "ui/oem-wizard.h"
#include "ui/plain-actions.h"
#include "ui/plain-oem.h"

#define SECRET_MAX 256

static struct secret *ask_secret(void *ctx, const char *prompt)
{
	struct secret *typed;
	char err[256];

	(void)ctx;
	typed = secret_read_line(STDIN_FILENO, prompt, SECRET_MAX, err, sizeof(err));
	if (!typed)
		printf("%s\n", err);
	return typed;
}

static bool confirm(void *ctx, const char *question)
{
	char line[512];

	(void)ctx;
	snprintf(line, sizeof(line), _("%s (y/N) "), question);
	return plain_ask_yes(line);
}

static int choose(void *ctx, const char *question, const char *const *options, size_t n)
{
	char line[32], *end;
	unsigned long i;

	(void)ctx;
	printf("%s\n", question);
	for (i = 0; i < n; i++)
		printf("  %lu) %s\n", i + 1, options[i]);
	printf(_("Number (empty cancels): "));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return -1;
	i = strtoul(line, &end, 10);
	if (end == line || i < 1 || i > n)
		return -1;
	return (int)(i - 1);
}

static void say(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

static void enrol(void *ctx, const struct ui_enrolment *e)
{
	(void)ctx;
	plain_show_enrolment(e);
}

/* The words as text and as a QR code, straight to the terminal (no stdio copy). */
static void suggest(void *ctx, const struct secret *words, unsigned bits)
{
	struct secret *qr;
	char err[256];
	int modules;

	(void)ctx;
	printf(_("A suggestion (%u bits; take it or type your own):\n"), bits);
	fflush(stdout);
	plain_write_secret(words->data, words->len);
	printf("\n");
	qr = otp_qr_text((const char *)words->data, isatty(STDOUT_FILENO), &modules, err,
			 sizeof(err));
	if (qr) {
		printf(_("As a QR code for a password manager:\n"));
		plain_write_secret(qr->data, qr->len);
		secret_free(qr);
	}
}

static const char *state_word(enum oem_state st)
{
	switch (st) {
	case OEM_DONE:
		return _("done");
	case OEM_FAILED:
		return _("failed");
	default:
		return _("to do");
	}
}

static void list_steps(const struct oem_wizard *w)
{
	int i;

	printf(_("OEM factory reset: the steps that can run on this machine:\n"));
	for (i = 0; i < OEM_STEP_COUNT; i++) {
		if (oem_step_unavailable(w, (enum oem_step)i))
			continue;
		printf("  %d) [%s] %s\n", i + 1, state_word(w->state[i]),
		       oem_step_title((enum oem_step)i));
	}
}

void plain_oem_wizard(struct ui_session *s)
{
	struct oem_wizard w;
	struct plain_sign sign;
	struct oem_io io = {
		.ask_secret = ask_secret, .confirm = confirm, .choose = choose, .say = say,
		.enrol = enrol, .suggest = suggest, .ansi_qr = isatty(STDOUT_FILENO) != 0,
	};
	char err[1536];
	int step;

	plain_sign_io(&sign, &io.sign);
	oem_wizard_init(&w, s);
	list_steps(&w);
	for (step = oem_next_step(&w, -1); step >= 0; step = oem_next_step(&w, step)) {
		int ret;

		printf("\n%s %d: %s\n%s\n", _("Step"), step + 1, oem_step_title((enum oem_step)step),
		       oem_step_explanation((enum oem_step)step));
		if (!plain_ask_yes(_("Run this step? (y/N: skip it) ")))
			continue;
		for (;;) {
			ret = oem_step_run(&w, (enum oem_step)step, &io, err, sizeof(err));
			if (ret == 0) {
				printf(_("Done: %s\n"), w.result[step]);
				break;
			}
			if (ret > 0) {
				printf(_("Cancelled: nothing was changed.\n"));
				break;
			}
			printf(_("Failed: %s\n"), err);
			if (!plain_ask_yes(_("Try this step again? (y/N: go on) ")))
				break;
		}
	}
	printf("\n");
	list_steps(&w);
	printf(_("End of the OEM factory reset.\n"));
	oem_wizard_free(&w);
}
