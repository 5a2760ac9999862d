/*
 * boot-sign.h - "Sign /boot" from any front end: the default entry's
 * partition, signed with the owner's key (the card's PIN asked by the front
 * end), writable only while it is signed.
 */
#ifndef VIGIL_BOOT_SIGN_H
#define VIGIL_BOOT_SIGN_H

#include <stddef.h>

#include "crypto/sign.h"
#include "ui/boot-run.h"
#include "ui/session.h"

/* How a front end takes part: each may be NULL except pin. */
struct ui_sign_io {
	gpg_pin_fn pin;			/* the card's PIN or the key's passphrase, masked (asked once) */
	manifest_progress_fn progress;	/* while the files are hashed */
	ui_say_fn say;			/* each step, one line */
	void *ctx;			/* for all three */
};

struct ui_sign_outcome {
	struct sign_result res;
	const char *root;		/* the partition signed (the entry's mount) */
	char warning[512];		/* signed, but it could not be made read-only again */
};

/* The partition "Sign /boot" signs: the default entry's, or NULL with err. */
const char *ui_sign_root(const struct ui_session *s, char *err, size_t errlen);

/*
 * Let gpg-agent learn the owner's card, make the partition writable (when
 * it is mounted read-only), sign it with the key the ROM keyring names
 * (moving the TPM's rollback counter when there is a TPM), and make it
 * read-only again whatever happened. Returns 0 with out filled (out->warning
 * set when the last step failed), or -1 with err naming the failed step.
 */
int ui_sign_default(struct ui_session *s, const struct ui_sign_io *io,
		    struct ui_sign_outcome *out, char *err, size_t errlen);

/* What came of it, for people: who signed, how much, the rollback counter, any warning. */
void ui_sign_describe(const struct ui_sign_outcome *out, struct strlist *lines);

#endif
