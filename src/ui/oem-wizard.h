/*
 * oem-wizard.h - the OEM factory-reset wizard's steps, for every front end:
 * what each does and why, whether it can run here, and running it. A step
 * that fails leaves the state it found (or one its retry starts from) and
 * can be run again on its own; no step depends on a front end.
 */
#ifndef VIGIL_OEM_WIZARD_H
#define VIGIL_OEM_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/gpg-home.h"
#include "crypto/secret.h"
#include "ui/boot-sign.h"
#include "ui/session.h"
#include "ui/totp-reseal.h"

enum oem_step {
	OEM_STEP_TPM,		/* clear the TPM, take ownership with a new passphrase */
	OEM_STEP_CARD,		/* reset the OpenPGP card, new PINs instead of the factory ones */
	OEM_STEP_KEY,		/* the owner's key (new, on the card, or a file) into the flash */
	OEM_STEP_SIGN,		/* sign /boot with the owner's key */
	OEM_STEP_TOTP,		/* seal a TOTP secret to this firmware, enrol a phone */
	OEM_STEP_DEFAULT,	/* the entry that boots by default */
	OEM_STEP_COUNT
};

enum oem_state { OEM_TODO, OEM_DONE, OEM_FAILED };

/* How a front end takes part. Every function is required. */
struct oem_io {
	/* A passphrase or PIN, masked; NULL when cancelled. */
	struct secret *(*ask_secret)(void *ctx, const char *prompt);
	bool (*confirm)(void *ctx, const char *question);
	/* One of n options (0-based), or -1 when cancelled. */
	int (*choose)(void *ctx, const char *question, const char *const *options, size_t n);
	/* A line of what is happening or came of it. */
	void (*say)(void *ctx, const char *line);
	/* Show the new TOTP secret for enrolment; returns once the owner is done. */
	void (*enrol)(void *ctx, const struct ui_enrolment *e);
	/*
	 * Show a suggested passphrase (words, strength in bits) with a QR code
	 * for a phone's password manager; returns once the owner has seen it.
	 */
	void (*suggest)(void *ctx, const struct secret *words, unsigned bits);
	bool ansi_qr;			/* the QR code's lines with ANSI colours (plain terminals) */
	struct ui_sign_io sign;		/* the card's PIN and progress while signing */
	void *ctx;			/* for the functions above */
};

struct oem_wizard {
	struct ui_session *s;
	enum oem_state state[OEM_STEP_COUNT];
	char result[OEM_STEP_COUNT][512];	/* what came of the last run, or why it failed */
	/* The owner passphrase set by the TPM step, so later steps do not ask again. */
	struct secret *owner;
	/* A step wrote the flash: PCR 7 differs at the next start, so TOTP is sealed for it. */
	bool flash_changed;
	char no_flash[600];	/* why the flash cannot be written here, or "" */
	/*
	 * The GnuPG home whose scdaemon talks to the card (in memory), and the
	 * PINs the card step set: the key step makes or moves a key with them.
	 */
	char card_home[GPG_HOME_MAX];
	struct secret *card_pin, *card_admin;
};

void oem_wizard_init(struct oem_wizard *w, struct ui_session *s);
/* Wipe what the wizard remembers (the owner passphrase, the card's PINs and home). */
void oem_wizard_free(struct oem_wizard *w);

/* The step's name and what it does and why (translated). */
const char *oem_step_title(enum oem_step step);
const char *oem_step_explanation(enum oem_step step);

/* NULL when the step can run on this machine now, else why not (translated). */
const char *oem_step_unavailable(const struct oem_wizard *w, enum oem_step step);

/*
 * Run step: 0 when done, 1 when the owner cancelled (nothing changed), -1
 * with err when it failed (w->result says so too; run it again to retry).
 */
int oem_step_run(struct oem_wizard *w, enum oem_step step, const struct oem_io *io,
		 char *err, size_t errlen);

/* The first step after `after` (-1: from the start) that is not done and can run, or -1. */
int oem_next_step(const struct oem_wizard *w, int after);

#endif
