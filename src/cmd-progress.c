/* cmd-progress.c - a percentage on the terminal while hashing; nothing when stderr is a file. */
#include <stdio.h>
#include <unistd.h>

#include "cmd-progress.h"
#include "i18n.h"

static void show_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct cmd_progress *p = ctx;
	int percent = total ? (int)(done * 100 / total) : 100;

	if (percent == p->last_percent)
		return;
	p->last_percent = percent;
	fputc('\r', stderr);
	fprintf(stderr, _("hashing %3d%% (%llu of %llu MiB)"), percent,
		(unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
	fflush(stderr);
}

static void show_skipped(const char *path, void *ctx)
{
	const struct cmd_progress *p = ctx;

	fprintf(stderr, _("%s: not covered: %s (another file system is mounted there)\n"),
		p->command, path);
}

void cmd_progress_attach(struct cmd_progress *p, const char *command, struct manifest_walk *walk)
{
	p->command = command;
	p->last_percent = -1;
	walk->skipped = show_skipped;
	walk->ctx = p;
	if (isatty(STDERR_FILENO))
		walk->progress = show_progress;
}

void cmd_progress_done(struct cmd_progress *p)
{
	if (p->last_percent >= 0)
		fputs("\r\033[K", stderr);
}
