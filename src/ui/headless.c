/* headless.c - the unattended boot: one line per second of countdown, any key interrupts. */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/boot-lock.h"
#include "ui/boot-plan.h"
#include "ui/boot-run.h"
#include "ui/countdown.h"
#include "ui/headless.h"
#include "ui/plain-menu.h"
#include "ui/session.h"

/* Single keys without Enter or echo while counting down; restored afterwards. */
struct raw_input {
	bool active;
	struct termios saved;
};

static void raw_on(struct raw_input *r)
{
	struct termios t;

	r->active = isatty(0) && tcgetattr(0, &r->saved) == 0;
	if (!r->active)
		return;
	t = r->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &t);
}

static void raw_off(struct raw_input *r)
{
	if (r->active)
		tcsetattr(0, TCSANOW, &r->saved);
	r->active = false;
}

/* Wait up to ms for a key; true if one came (and it is consumed). */
static bool key_within(int ms, bool *input_open)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char buf[64];
	ssize_t n;

	if (!*input_open) {
		usleep((useconds_t)ms * 1000);
		return false;
	}
	if (poll(&p, 1, ms) <= 0)
		return false;
	n = read(0, buf, sizeof(buf));
	if (n <= 0) {
		/* End of input (no console attached): nobody can interrupt. */
		*input_open = false;
		return false;
	}
	if (isatty(0))
		tcflush(0, TCIFLUSH);	/* an arrow key is several bytes: drop the rest */
	return true;
}

static void print_state(const struct ui_session *s)
{
	const struct ui_integrity *in = &s->integrity;

	printf(_("vigil %s headless boot%s%s\n"), PACKAGE_VERSION, s->console ? " on " : "",
	       s->console ? s->console : "");
	integrity_print(stdout, in, time(NULL));
}

/*
 * Count down; true when it ran out, false when a key interrupted it here
 * (which stops it on every console) or on another console.
 */
static bool count_down(const struct ui_session *s, const char *name, int seconds,
		       bool *input_open)
{
	struct countdown c;
	char who[80];
	int shown = -1;

	countdown_start(&c, seconds, countdown_now_ms());
	for (;;) {
		uint64_t now = countdown_now_ms();
		int left = countdown_left(&c, now);

		if (boot_countdown_stopped(s->boot_lock, who, sizeof(who))) {
			printf(_("Automatic boot stopped on %s\n"), who);
			return false;
		}
		if (countdown_fire(&c, now))
			return true;
		if (left != shown) {
			printf(_("booting %s in %d s, press any key for the menu\n"), name, left);
			fflush(stdout);
			shown = left;
		}
		if (key_within(countdown_next_tick_ms(&c, now), input_open)) {
			boot_countdown_stop(s->boot_lock, s->console);
			return false;
		}
	}
}

static void say_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
	fflush(stdout);
}

/* Returns only when nothing was started, after saying why. */
static void boot_default(struct ui_session *s)
{
	struct ui_boot_request r = { .entry = s->default_entry };
	struct strlist lines = { 0 };
	char err[1024];
	bool refused;
	size_t i;

	boot_plan_describe(s->entries.items[s->default_entry], NULL, ui_boot_have_keys(s), &lines);
	for (i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	strlist_free(&lines);
	if (ui_boot(s, &r, say_line, NULL, &refused, err, sizeof(err)) < 0)
		printf("%s\n", err);
}

int headless_run(struct ui_session *s)
{
	struct raw_input raw;
	bool input_open = true, expired;
	int timeout = s->cfg.timeout >= 0 ? s->cfg.timeout : HEADLESS_DEFAULT_TIMEOUT;

	print_state(s);
	if (s->entries.count == 0) {
		printf(_("No boot entries found.\n"));
		return plain_menu_run(s);
	}
	printf(_("Default entry: %s\n"), s->entries.items[s->default_entry]->name);
	fflush(stdout);
	raw_on(&raw);
	expired = count_down(s, s->entries.items[s->default_entry]->name, timeout, &input_open);
	if (expired) {
		boot_default(s);
		printf(_("Press any key for the menu.\n"));
		fflush(stdout);
		while (input_open && !key_within(1000, &input_open))
			;
	}
	raw_off(&raw);
	if (!input_open)
		return 0;
	return plain_menu_run(s);
}
