/*
 * gpg-script.h - drive one of gpg's interactive dialogues (--card-edit,
 * --edit-key) through gpgme_op_interact with answers fixed in advance: each
 * question gpg asks is answered by its keyword, PINs and passphrases come
 * from a list in the order gpg asks for them (loopback pinentry gives no hint
 * which one it wants). A question without an answer cancels the dialogue:
 * gpg took a path nobody planned for, and guessing could spend a PIN try.
 */
#ifndef VIGIL_GPG_SCRIPT_H
#define VIGIL_GPG_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include <gpgme.h>

#include "crypto/gpg.h"
#include "crypto/secret.h"

#define GPG_SCRIPT_ANSWERS 4	/* answers to one keyword at most */

struct gpg_answer {
	const char *keyword;		/* e.g. "cardedit.prompt", "keygen.valid" */
	const char *values[GPG_SCRIPT_ANSWERS];	/* given in order, NULL-terminated */
	size_t used;
};

struct gpg_script {
	struct gpg_answer *answers;
	size_t n_answers;
	const struct secret *const *pins;	/* in the order gpg asks */
	size_t n_pins;

	/* What came of it, filled in by gpg_script_run(). */
	size_t pins_used;
	bool card_failed;		/* gpg said SC_OP_FAILURE */
	int card_failure;		/* its code: 2 = bad PIN, 1 = cancelled, 0 = other */
	bool bad_passphrase;		/* gpg-agent refused a key passphrase */
	char unanswered[80];		/* the keyword nobody answered, or "" */
	char created[GPG_FPR_MAX + 1];	/* KEY_CREATED's fingerprint, or "" */
};

/*
 * Run the dialogue on ctx (loopback pinentry is switched on): key NULL and
 * flags GPGME_INTERACT_CARD for --card-edit, a secret key for --edit-key.
 * Returns gpgme's error; the script's fields say what happened inside.
 */
gpgme_error_t gpg_script_run(gpgme_ctx_t ctx, gpgme_key_t key, unsigned flags,
			     struct gpg_script *script);

#endif
