/* boot-run.h - boot an entry from any front end: the policy's check, then kexec. */
#ifndef VIGIL_BOOT_RUN_H
#define VIGIL_BOOT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/session.h"

struct ui_boot_request {
	size_t entry;		/* index in the session's entries */
	const char *cmdline;	/* edited for this boot only (an unverified boot), or NULL */
	bool unverified;	/* the user's explicit "boot unverified" */
	/* The front end's part just before the jump and after a failed one (kexec.h). */
	void (*jump)(void *ctx, bool before);
	void *jump_ctx;
};

/* Where the steps are told as they happen (one line each, no newline). */
typedef void (*ui_say_fn)(void *ctx, const char *line);

/* True when the keys are in use: every boot that is not chosen unverified is verified. */
bool ui_boot_have_keys(const struct ui_session *s);

/* The "boot unverified" action is offered (the config is not restricted). */
bool ui_boot_unverified_allowed(const struct ui_session *s);

/*
 * Check the entry as the policy says (verify against the ROM keys, or say
 * there are none, or record the user's unverified boot), then load and
 * start it. Returns only when nothing was started: -1 with the reason in
 * err, and *refused set when the verification (not kexec) stopped it.
 */
int ui_boot(struct ui_session *s, const struct ui_boot_request *r, ui_say_fn say, void *ctx,
	    bool *refused, char *err, size_t errlen);

#endif
