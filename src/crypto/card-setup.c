/* card-setup.c - the OpenPGP card's factory reset, PIN changes, key generation and keytocard, as gpg dialogues. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/card-setup.h"
#include "crypto/gpg-script.h"
#include "i18n.h"

size_t card_pin_min(enum card_pin which)
{
	return which == CARD_PIN_ADMIN ? 8 : 6;
}

static const char *pin_name(enum card_pin which)
{
	return which == CARD_PIN_ADMIN ? _("Admin PIN") : _("PIN");
}

int card_pin_check(enum card_pin which, const struct secret *pin, char *err, size_t errlen)
{
	if (!pin || pin->len < card_pin_min(which)) {
		snprintf(err, errlen, _("the new %s is too short: at least %zu characters"),
			 pin_name(which), card_pin_min(which));
		return -1;
	}
	if (pin->len > CARD_PIN_MAX) {
		snprintf(err, errlen, _("the new %s is too long: at most %d characters"),
			 pin_name(which), CARD_PIN_MAX);
		return -1;
	}
	if (memchr(pin->data, '\n', pin->len) || memchr(pin->data, '\r', pin->len) ||
	    memchr(pin->data, '\0', pin->len)) {
		snprintf(err, errlen, _("the new %s holds a line break or a NUL character"),
			 pin_name(which));
		return -1;
	}
	return 0;
}

/*
 * Run a --card-edit dialogue on homedir after making sure a card is there.
 * what names the operation for messages; failed_pin, the PIN a card
 * refusal (SC_OP_FAILURE 2) is about.
 */
static int card_dialogue(const char *homedir, struct gpg_script *sc, const char *what,
			 const char *failed_pin, char *err, size_t errlen)
{
	gpgme_ctx_t ctx;
	gpgme_error_t e;

	if (gpg_card_learn(homedir, err, errlen) < 0)
		return -1;
	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return -1;
	e = gpg_script_run(ctx, NULL, GPGME_INTERACT_CARD, sc);
	gpgme_release(ctx);
	if (sc->unanswered[0]) {
		snprintf(err, errlen, _("%s: gpg asked \"%s\", which vigil did not expect; it was "
					"stopped there"), what, sc->unanswered);
		return -1;
	}
	if (sc->card_failed && sc->card_failure == 2) {
		snprintf(err, errlen, _("%s: the card refused the %s"), what, failed_pin);
		return -1;
	}
	if (sc->card_failed) {
		snprintf(err, errlen, _("%s: the card refused it"), what);
		return -1;
	}
	if (e) {
		snprintf(err, errlen, "%s: %s", what, gpgme_strerror(e));
		return -1;
	}
	return 0;
}

int card_factory_reset(const char *homedir, char *err, size_t errlen)
{
	struct gpg_answer answers[] = {
		{ "cardedit.prompt", { "admin", "factory-reset", "quit" }, 0 },
		{ "cardedit.factory-reset.proceed", { "y" }, 0 },
		{ "cardedit.factory-reset.really", { "yes" }, 0 },
	};
	struct gpg_script sc = { .answers = answers,
				  .n_answers = sizeof(answers) / sizeof(answers[0]) };

	return card_dialogue(homedir, &sc, _("factory reset of the OpenPGP card"), "", err,
			     errlen);
}

int card_change_pin(const char *homedir, enum card_pin which, const struct secret *old,
		    const struct secret *new_pin, char *err, size_t errlen)
{
	struct gpg_answer answers[] = {
		{ "cardedit.prompt", { "admin", "passwd", "quit" }, 0 },
		{ "cardutil.change_pin.menu", { which == CARD_PIN_ADMIN ? "3" : "1", "q" }, 0 },
	};
	/* gpg asks for the old PIN, the new one, and the new one again. */
	const struct secret *pins[] = { old, new_pin, new_pin };
	struct gpg_script sc = { .answers = answers, .n_answers = 2, .pins = pins, .n_pins = 3 };
	char what[128], current[128];

	if (card_pin_check(which, new_pin, err, errlen) < 0)
		return -1;
	snprintf(what, sizeof(what), _("changing the card's %s"), pin_name(which));
	/* scdaemon checks the new PIN's length as card_pin_check() did: a refusal is the old one's. */
	snprintf(current, sizeof(current), _("current %s"), pin_name(which));
	return card_dialogue(homedir, &sc, what, current, err, errlen);
}

int card_generate(const char *homedir, const char *uid, const struct secret *admin,
		  const struct secret *pin, char fpr[GPG_FPR_MAX + 1], char *err, size_t errlen)
{
	struct gpg_answer answers[] = {
		{ "cardedit.prompt", { "admin", "generate", "quit" }, 0 },
		/* No copy of the encryption key off the card. */
		{ "cardedit.genkeys.backup_enc", { "n" }, 0 },
		{ "cardedit.genkeys.replace_keys", { "y" }, 0 },
		{ "keygen.valid", { "0" }, 0 },
		{ "keygen.name", { uid }, 0 },
		{ "keygen.email", { "" }, 0 },
		{ "keygen.comment", { "" }, 0 },
	};
	/*
	 * The Admin PIN (gpg makes the PIN valid for several signatures), the
	 * PIN for gpg's PIN check, and the PIN again for the self-signature.
	 */
	const struct secret *pins[] = { admin, pin, pin };
	struct gpg_script sc = { .answers = answers, .n_answers = sizeof(answers) / sizeof(answers[0]),
				  .pins = pins, .n_pins = 3 };

	fpr[0] = '\0';
	if (card_dialogue(homedir, &sc, _("making the keys on the OpenPGP card"),
			  _("Admin PIN or PIN"), err, errlen) < 0)
		return -1;
	if (!sc.created[0]) {
		snprintf(err, errlen, _("making the keys on the OpenPGP card: gpg made none"));
		return -1;
	}
	snprintf(fpr, GPG_FPR_MAX + 1, "%s", sc.created);
	return 0;
}

/* Is the secret part of key fpr in homedir on a card now (a stub in the home)? */
static int on_card(gpgme_ctx_t ctx, const char *fpr, char *err, size_t errlen)
{
	gpgme_key_t key = NULL;
	gpgme_error_t e;
	int ret = 0;

	e = gpgme_get_key(ctx, fpr, &key, 1);
	if (e) {
		snprintf(err, errlen, _("the secret key %s is gone: %s"), fpr, gpgme_strerror(e));
		return -1;
	}
	if (!key->subkeys || !key->subkeys->is_cardkey) {
		snprintf(err, errlen, _("the secret key %s is still not on the card"), fpr);
		ret = -1;
	}
	gpgme_key_unref(key);
	return ret;
}

int card_move_key(const char *homedir, const char *fpr, const struct secret *passphrase,
		  const struct secret *admin, char *err, size_t errlen)
{
	struct gpg_answer answers[] = {
		{ "keyedit.prompt", { "keytocard", "save" }, 0 },
		{ "keyedit.keytocard.use_primary", { "y" }, 0 },
		{ "cardedit.genkeys.storekeytype", { "1" }, 0 },	/* the signature slot */
		{ "cardedit.genkeys.replace_key", { "y" }, 0 },
	};
	/*
	 * The key's passphrase (gpg-agent unlocks it for the transfer), the
	 * Admin PIN, and the Admin PIN again when the card first had to switch
	 * the slot to the key's algorithm (the switch forgets the PIN).
	 */
	const struct secret *pins[] = { passphrase, admin, admin };
	struct gpg_script sc = { .answers = answers, .n_answers = sizeof(answers) / sizeof(answers[0]),
				  .pins = pins, .n_pins = 3 };
	const char *what = _("moving the key to the OpenPGP card");
	gpgme_key_t key = NULL;
	gpgme_ctx_t ctx;
	gpgme_error_t e;
	int ret = -1;

	if (gpg_card_learn(homedir, err, errlen) < 0)
		return -1;
	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return -1;
	e = gpgme_get_key(ctx, fpr, &key, 1);
	if (e) {
		snprintf(err, errlen, _("%s: no secret key %s in %s: %s"), what, fpr, homedir,
			 gpgme_strerror(e));
		goto out;
	}
	e = gpg_script_run(ctx, key, 0, &sc);
	if (sc.unanswered[0])
		snprintf(err, errlen, _("%s: gpg asked \"%s\", which vigil did not expect; it was "
					"stopped there"), what, sc.unanswered);
	else if (sc.bad_passphrase)
		snprintf(err, errlen, _("%s: the passphrase does not unlock the key"), what);
	else if (sc.card_failed)
		snprintf(err, errlen, sc.card_failure == 2 ? _("%s: the card refused the Admin PIN")
							   : _("%s: the card refused it"), what);
	else if (e)
		snprintf(err, errlen, "%s: %s", what, gpgme_strerror(e));
	else
		ret = on_card(ctx, fpr, err, errlen);
out:
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return ret;
}

void card_release(const char *homedir)
{
	char *argv[] = { "gpgconf", "--homedir", (char *)homedir, "--kill", "scdaemon", NULL };
	char said[256];

	/* Whatever it says stays off the screen: a menu may be drawn there. */
	if (homedir && *homedir)
		spawn_wait_output_tail(argv, said, sizeof(said));
}
