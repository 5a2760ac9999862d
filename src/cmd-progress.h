/* cmd-progress.h - what sign and verify print while they hash a boot partition. */
#ifndef VIGIL_CMD_PROGRESS_H
#define VIGIL_CMD_PROGRESS_H

#include <stdint.h>

#include "crypto/manifest-build.h"

struct cmd_progress {
	const char *command;	/* "vigil sign", for messages */
	int last_percent;	/* -1 until something was drawn */
};

/* Report mounts skipped, and a percentage when stderr is a terminal. */
void cmd_progress_attach(struct cmd_progress *p, const char *command, struct manifest_walk *walk);
/* Clear the percentage line, if one was drawn. */
void cmd_progress_done(struct cmd_progress *p);

#endif
