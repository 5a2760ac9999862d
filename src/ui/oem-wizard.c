/* oem-wizard.c - the factory-reset wizard's steps over the TPM, signing, TOTP and settings backends. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "crypto/card-setup.h"
#include "crypto/diceware.h"
#include "crypto/gpg-home.h"
#include "crypto/key-backup.h"
#include "crypto/keygen.h"
#include "hw/flash.h"
#include "hw/remount.h"
#include "hw/romboot.h"
#include "hw/romfiles.h"
#include "hw/romkeys.h"
#include "hw/tpm-status.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/actions.h"
#include "ui/keys-edit.h"
#include "ui/oem-wizard.h"

#define OEM_SUGGESTED_WORDS 6
/*
 * A PIN the card blocks after three wrong tries needs fewer words than a
 * passphrase; two words (at most 19 characters) also fit cards that take
 * short PINs only (a Nitrokey takes 25 at most).
 */
#define OEM_PIN_WORDS 2
/* The new key's user id: the machine's owner, whoever that is (gpg needs one). */
#define OEM_KEY_UID "vigil owner"

struct step_info {
	const char *title;
	const char *explanation;
};

static const struct step_info steps[OEM_STEP_COUNT] = {
	[OEM_STEP_TPM] = {
		N_("Reset the TPM and take ownership"),
		N_("Clears the TPM: new storage seeds, so everything sealed in it before (by a "
		   "previous owner, the factory or the installed OS) can never be unsealed "
		   "again, and every counter and record in its memory is removed. Then gives "
		   "it a new owner passphrase, which later sealing and signing ask for. Nothing "
		   "is cleared until the new passphrase has been typed twice."),
	},
	[OEM_STEP_CARD] = {
		N_("Reset the OpenPGP card and set its PINs"),
		N_("For an owner with an OpenPGP card (Nitrokey, YubiKey, ...): returns the card "
		   "to its factory state, which destroys every key on it, and replaces the "
		   "factory PINs everybody knows (123456 and 12345678) with new ones, suggested "
		   "as words with a QR code. The PIN is asked for whenever the card signs; the "
		   "Admin PIN only to change the card. The next step can then make the owner's "
		   "key on the card, or make it in memory and move it there after its backup."),
	},
	[OEM_STEP_KEY] = {
		N_("Put the owner's key into the flash"),
		N_("Makes the owner's OpenPGP signing key now: on the OpenPGP card set up in the "
		   "step before (the secret never leaves the card), or in memory, protected by "
		   "a passphrase, with a checked backup (secret key, public key, revocation "
		   "certificate) on a USB stick, and then, if the card was set up, moved onto "
		   "the card. Or takes an existing public key from a file in the top folder of "
		   "a stick (*.asc). The public key goes into the keys in the flash that may "
		   "sign /boot and is trusted for the rest of this start, so that /boot can be "
		   "signed next. The flash's keys count from the next start, whose PCR 7 "
		   "differs: the TOTP step then seals for it."),
	},
	[OEM_STEP_SIGN] = {
		N_("Sign /boot"),
		N_("Hashes every file of the default entry's partition and signs the list with "
		   "the owner's key (the card's PIN is asked for), moving the TPM's rollback "
		   "counter so that older signatures stop verifying. From then on a boot checks "
		   "/boot against this signature and refuses any change."),
	},
	[OEM_STEP_TOTP] = {
		N_("Seal a TOTP secret and enrol your phone"),
		N_("Makes a new secret in the TPM, sealed to this firmware's measurements, and "
		   "shows it once as a QR code for an authenticator app. At every start the "
		   "menu shows the code: if it matches the phone, the firmware is the one "
		   "sealed now. Replaces any TOTP secret sealed before."),
	},
	[OEM_STEP_DEFAULT] = {
		N_("Choose the default boot entry"),
		N_("The entry that boots when nobody chooses one. It holds for this boot. "
		   "Saving it in the flash (d in the menu) changes what PCR 7 measures, so "
		   "the TOTP secret sealed here would have to be sealed again after the next "
		   "start."),
	},
};

void oem_wizard_init(struct oem_wizard *w, struct ui_session *s)
{
	struct flash flash;
	char err[512];

	memset(w, 0, sizeof(*w));
	w->s = s;
	if (flash_open(&flash, s->cfg.flash, err, sizeof(err)) < 0)
		snprintf(w->no_flash, sizeof(w->no_flash), _("no flash to write: %s"), err);
}

void oem_wizard_free(struct oem_wizard *w)
{
	secret_free(w->owner);
	secret_free(w->card_pin);
	secret_free(w->card_admin);
	w->owner = w->card_pin = w->card_admin = NULL;
	/* A home that became this start's keyring stays; any other goes. */
	if (w->card_home[0] && !(w->s->cfg.keyring && !strcmp(w->s->cfg.keyring, w->card_home)))
		gpg_home_remove(w->card_home);
	w->card_home[0] = '\0';
}

/* While a step runs: the owner passphrase the TPM step set, else the front end's prompt. */
struct owner_source {
	const struct oem_wizard *w;
	tpm_owner_prompt_fn outer;
	void *outer_ctx;
};

static struct secret *wizard_owner(void *ctx, const char *what, char *why, size_t whylen)
{
	struct owner_source *src = ctx;

	if (src->w->owner)
		return secret_from(src->w->owner->data, src->w->owner->len);
	if (!src->outer) {
		snprintf(why, whylen, _("nothing here can ask for it"));
		return NULL;
	}
	return src->outer(src->outer_ctx, what, why, whylen);
}

const char *oem_step_title(enum oem_step step)
{
	return _(steps[step].title);
}

const char *oem_step_explanation(enum oem_step step)
{
	return _(steps[step].explanation);
}

const char *oem_step_unavailable(const struct oem_wizard *w, enum oem_step step)
{
	switch (step) {
	case OEM_STEP_TPM:
		if (w->s->integrity.basic)
			return _("basic mode (basic = yes): the TPM is not used");
		if (w->s->integrity.tpm == UI_TPM_ABSENT)
			return _("needs a TPM");
		return NULL;
	case OEM_STEP_CARD:
		if (w->s->cfg.restricted)
			return _("this machine is restricted (restricted = yes): its keys do not "
				 "change from here");
		return NULL;
	case OEM_STEP_KEY:
		if (w->s->cfg.restricted)
			return _("this machine is restricted (restricted = yes): its keys do not "
				 "change from here");
		return w->no_flash[0] ? w->no_flash : NULL;
	case OEM_STEP_SIGN:
		return ui_action_unavailable(ACTION_SIGN_BOOT, w->s);
	case OEM_STEP_TOTP:
		return ui_action_unavailable(ACTION_RESEAL, w->s);
	case OEM_STEP_DEFAULT:
		return ui_action_unavailable(ACTION_SET_DEFAULT, w->s);
	default:
		return _("no such step");
	}
}

int oem_next_step(const struct oem_wizard *w, int after)
{
	int i;

	for (i = after + 1; i < OEM_STEP_COUNT; i++)
		if (w->state[i] != OEM_DONE && !oem_step_unavailable(w, (enum oem_step)i))
			return i;
	return -1;
}

/* A new passphrase typed twice; NULL when cancelled (err empty) or the two differ (err says). */
static struct secret *ask_new(const struct oem_io *io, const char *prompt, char *err,
			      size_t errlen)
{
	struct secret *first, *again;

	err[0] = '\0';
	first = io->ask_secret(io->ctx, prompt);
	if (!first)
		return NULL;
	again = io->ask_secret(io->ctx, _("Repeat it: "));
	if (again && (again->len != first->len ||
		      memcmp(again->data, first->data, first->len) != 0)) {
		snprintf(err, errlen, _("the two passphrases differ"));
		secret_free(first);
		first = NULL;
	} else if (again && first->len == 0) {
		snprintf(err, errlen, _("an empty passphrase protects nothing"));
		secret_free(first);
		first = NULL;
	} else if (!again) {
		secret_free(first);
		first = NULL;
	}
	secret_free(again);
	return first;
}

/*
 * Words of the EFF list (12.9 bits each), if the list is there, at least
 * min_len characters long (drawn again when shorter: the few short ones
 * only); the owner may take them or not.
 */
static void suggest_words(const struct oem_io *io, size_t count, size_t min_len)
{
	int draws = 0;

	struct diceware_list list;
	struct secret *words;
	char why[512], line[640];

	if (diceware_load(&list, DICEWARE_EFF_LIST, why, sizeof(why)) < 0) {
		snprintf(line, sizeof(line), _("No passphrase suggestion: %s"), why);
		io->say(io->ctx, line);
		return;
	}
	words = diceware_passphrase(&list, count, why, sizeof(why));
	while (words && words->len < min_len && ++draws < 100) {
		secret_free(words);
		words = diceware_passphrase(&list, count, why, sizeof(why));
	}
	if (words)
		io->suggest(io->ctx, words, diceware_bits(list.count, count));
	secret_free(words);
	diceware_free(&list);
}

static void suggest_passphrase(const struct oem_io *io)
{
	suggest_words(io, OEM_SUGGESTED_WORDS, 0);
}

static int run_tpm(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct secret *old = NULL, *fresh = NULL;
	struct tpm_status st;
	struct tpm *tpm;
	int ret = -1;

	tpm = tpm_open(NULL, err, errlen);
	if (!tpm)
		return -1;
	if (tpm_status_read(tpm, &st, err, errlen) < 0)
		goto out;
	ret = 1;
	if (!io->confirm(io->ctx, _("Clear the TPM? What is sealed in it and its counters are "
				    "destroyed for good.")))
		goto out;
	if (st.lockout_auth_set) {
		old = io->ask_secret(io->ctx, _("Current TPM owner (lockout) passphrase: "));
		if (!old)
			goto out;
	}
	suggest_passphrase(io);
	/* Asked before anything changes: cancelling here leaves the TPM as it was. */
	fresh = ask_new(io, _("New TPM owner passphrase: "), err, errlen);
	if (!fresh) {
		ret = err[0] ? -1 : 1;
		goto out;
	}
	ret = -1;
	if (old && tpm_set_lockout_auth(tpm, old, err, errlen) < 0)
		goto out;
	io->say(io->ctx, _("Clearing the TPM..."));
	if (tpm_clear(tpm, err, errlen) < 0)
		goto out;
	/* If this fails the TPM is cleared without an owner: running the step again finishes it. */
	io->say(io->ctx, _("Taking ownership..."));
	if (tpm_take_ownership(tpm, fresh, err, errlen) < 0)
		goto out;
	ret = 0;
	secret_free(w->owner);
	w->owner = fresh;
	fresh = NULL;
	snprintf(w->result[OEM_STEP_TPM], sizeof(w->result[0]),
		 _("TPM cleared; it has a new owner passphrase"));
out:
	tpm_close(tpm);
	secret_free(old);
	secret_free(fresh);
	/* Whatever happened, the header's TOTP line must say what the TPM holds now. */
	integrity_ask_totp(&w->s->integrity, &w->s->otp, time(NULL));
	return ret;
}

/* Where GnuPG homes for new keys go: memory ($VIGIL_KEY_HOME_BASE for tests). */
static const char *home_base(void)
{
	const char *env = getenv("VIGIL_KEY_HOME_BASE");

	return env && *env ? env : "/run";
}

/*
 * The home whose scdaemon talks to the card, made on first use. The card
 * serves one scdaemon at a time: the keyring's lets go of it first.
 */
static const char *card_home(struct oem_wizard *w, char *err, size_t errlen)
{
	const char *keyring = w->s->cfg.keyring;

	if (!w->card_home[0] && gpg_home_new(home_base(), w->card_home, err, errlen) < 0) {
		w->card_home[0] = '\0';
		return NULL;
	}
	if (keyring && strcmp(keyring, w->card_home))
		card_release(keyring);
	return w->card_home;
}

/* A new PIN, suggested as words and typed twice, that the card will take. */
static struct secret *ask_new_pin(const struct oem_io *io, enum card_pin which, char *err,
				  size_t errlen)
{
	struct secret *pin;

	suggest_words(io, OEM_PIN_WORDS, card_pin_min(which));
	pin = ask_new(io, which == CARD_PIN_ADMIN ? _("New Admin PIN for the card: ")
						  : _("New PIN for the card: "), err, errlen);
	if (pin && card_pin_check(which, pin, err, errlen) < 0) {
		secret_free(pin);
		pin = NULL;
	}
	return pin;
}

static int run_card(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct secret *pin = NULL, *admin = NULL;
	struct secret *factory_pin = NULL, *factory_admin = NULL;
	const char *home;
	int ret = -1;

	home = card_home(w, err, errlen);
	if (!home)
		return -1;
	io->say(io->ctx, _("Looking for the OpenPGP card..."));
	if (gpg_card_learn(home, err, errlen) < 0)
		return -1;
	if (!io->confirm(io->ctx, _("Reset the OpenPGP card? Every key on it is destroyed for "
				    "good.")))
		return 1;
	/* Both PINs are asked for before the card changes: cancelling leaves it as it was. */
	admin = ask_new_pin(io, CARD_PIN_ADMIN, err, errlen);
	if (admin)
		pin = ask_new_pin(io, CARD_PIN_USER, err, errlen);
	if (!admin || !pin) {
		ret = err[0] ? -1 : 1;
		goto out;
	}
	/* Until the two changes below are done, the card has the factory PINs: retrying resets again. */
	io->say(io->ctx, _("Resetting the card..."));
	if (card_factory_reset(home, err, errlen) < 0)
		goto out;
	factory_admin = secret_from(CARD_FACTORY_ADMIN_PIN, strlen(CARD_FACTORY_ADMIN_PIN));
	factory_pin = secret_from(CARD_FACTORY_PIN, strlen(CARD_FACTORY_PIN));
	io->say(io->ctx, _("Setting the new Admin PIN and PIN..."));
	if (card_change_pin(home, CARD_PIN_ADMIN, factory_admin, admin, err, errlen) < 0 ||
	    card_change_pin(home, CARD_PIN_USER, factory_pin, pin, err, errlen) < 0)
		goto out;
	secret_free(w->card_pin);
	secret_free(w->card_admin);
	w->card_pin = pin;
	w->card_admin = admin;
	pin = admin = NULL;
	snprintf(w->result[OEM_STEP_CARD], sizeof(w->result[0]),
		 _("OpenPGP card reset; it has a new PIN and Admin PIN"));
	ret = 0;
out:
	secret_free(pin);
	secret_free(admin);
	secret_free(factory_pin);
	secret_free(factory_admin);
	return ret;
}

/* The key file's keys into the keyring this start verifies /boot against (made if none). */
static int trust_now(struct ui_session *s, const char *path, char *err, size_t errlen)
{
	const char *home = s->cfg.keyring ? s->cfg.keyring : ROMBOOT_GNUPGHOME;
	char *data;
	size_t len, count;
	int ret;

	data = file_read_all(path, &len, ROMFILE_MAX_SIZE);
	if (!data) {
		snprintf(err, errlen, _("key file %s: %s"), path, strerror(errno));
		return -1;
	}
	ret = romkeys_import(home, data, len, &count, err, errlen);
	free(data);
	if (ret == 0 && !s->cfg.keyring)
		s->cfg.keyring = xstrdup(home);
	return ret;
}

/* The keys of a file on a stick into the flash, trusted for this start. */
static int add_key_file(struct oem_wizard *w, const char *path, const char *where, char *err,
			size_t errlen)
{
	size_t new_keys;

	if (ui_key_add(w->s, path, &new_keys, err, errlen) < 0 ||
	    trust_now(w->s, path, err, errlen) < 0)
		return -1;
	w->flash_changed = w->flash_changed || new_keys > 0;
	snprintf(w->result[OEM_STEP_KEY], sizeof(w->result[0]),
		 _("%zu new keys in the flash, from %s"), new_keys, where);
	return 0;
}

/*
 * Write the checked backup of key fpr to the file system the owner picks:
 * the whole key under its passphrase, or (pass NULL: the secret is on the
 * card) its public key and revocation certificate.
 */
static int backup_key(struct oem_wizard *w, const struct oem_io *io, const char *home,
		      const char *fpr, const struct secret *pass, struct key_backup *files,
		      char *err, size_t errlen)
{
	struct ui_stick_files roots;
	struct remount rw;
	const char **names;
	char why[512];
	size_t k;
	int i, ret = -1;

	ui_stick_files_find(w->s, NULL, &roots);
	if (!roots.count) {
		snprintf(err, errlen, pass ? _("no USB stick or disk to put the key's backup on")
					   : _("no USB stick or disk to put the key's revocation "
					       "certificate on"));
		ui_stick_files_free(&roots);
		return -1;
	}
	names = xcalloc(roots.count, sizeof(*names));
	for (k = 0; k < roots.count; k++)
		names[k] = roots.items[k].where;
	i = io->choose(io->ctx, pass ? _("Where does the key's backup go (a USB stick kept apart)?")
				     : _("Where do the public key and its revocation certificate go "
					 "(a USB stick kept apart)?"), names, roots.count);
	free(names);
	if (i < 0 || (size_t)i >= roots.count) {
		ui_stick_files_free(&roots);
		return 1;
	}
	io->say(io->ctx, pass ? _("Writing the backup and checking that it restores...")
			      : _("Writing the public key and revocation certificate..."));
	if (remount_writable(&rw, roots.items[i].path, err, errlen) == 0) {
		ret = pass ? key_backup_write(home, fpr, pass, roots.items[i].path, files, err, errlen)
			   : key_backup_write_public(home, fpr, roots.items[i].path, files, err,
						     errlen);
		if (remount_restore(&rw, why, sizeof(why)) < 0 && ret == 0) {
			snprintf(err, errlen, "%s", why);
			ret = -1;
		}
	}
	ui_stick_files_free(&roots);
	return ret;
}

/* The card home is this start's keyring already: a new key is made in a new home. */
static void leave_keyring_home(struct oem_wizard *w)
{
	const char *keyring = w->s->cfg.keyring;

	if (w->card_home[0] && keyring && !strcmp(keyring, w->card_home))
		w->card_home[0] = '\0';
}

/* The public key file's keys into the flash; home becomes this start's keyring. */
static int key_into_flash(struct oem_wizard *w, const struct oem_io *io, const char *home,
			  const char *public_file, char *err, size_t errlen)
{
	size_t new_keys;

	io->say(io->ctx, _("Writing the flash; do not power off..."));
	if (ui_key_add(w->s, public_file, &new_keys, err, errlen) < 0)
		return -1;
	/* This start signs with the new key: its home becomes the keyring. */
	free(w->s->cfg.keyring);
	w->s->cfg.keyring = xstrdup(home);
	w->flash_changed = true;
	return 0;
}

/*
 * A new signing key in memory, its backup on a stick, then (to_card) moved
 * onto the card set up before, and its public half into the flash.
 */
static int make_key(struct oem_wizard *w, const struct oem_io *io, bool to_card, char *err,
		    size_t errlen)
{
	char fresh[GPG_HOME_MAX] = "", fpr[GPG_FPR_MAX + 1];
	struct key_backup files;
	struct secret *pass;
	struct keygen_opts opts = { .uid = OEM_KEY_UID, .algo = KEYGEN_ED25519 };
	const char *home = NULL;
	int ret = -1;

	suggest_passphrase(io);
	pass = ask_new(io, _("Passphrase for the new key: "), err, errlen);
	if (!pass)
		return err[0] ? -1 : 1;
	if (to_card) {
		leave_keyring_home(w);
		home = card_home(w, err, errlen);
	} else if (gpg_home_new(home_base(), fresh, err, errlen) == 0) {
		home = fresh;
	}
	if (!home)
		goto out;
	opts.homedir = home;
	opts.passphrase = pass;
	io->say(io->ctx, _("Making the key..."));
	if (keygen_create(&opts, fpr, err, errlen) < 0)
		goto out;
	ret = backup_key(w, io, home, fpr, pass, &files, err, errlen);
	if (ret != 0)
		goto out;
	ret = -1;
	if (to_card) {
		io->say(io->ctx, _("Moving the key onto the OpenPGP card..."));
		if (card_move_key(home, fpr, pass, w->card_admin, err, errlen) < 0)
			goto out;
	}
	if (key_into_flash(w, io, home, files.public, err, errlen) < 0)
		goto out;
	fresh[0] = '\0';	/* kept: it is the keyring now */
	snprintf(w->result[OEM_STEP_KEY], sizeof(w->result[0]),
		 to_card ? _("New key %s on the OpenPGP card and in the flash; its backup is %s")
			 : _("New key %s in the flash; its backup is %s"), fpr, files.secret);
	ret = 0;
out:
	gpg_home_remove(fresh);
	/* A key half made in the card's home would stop the next try: start that home anew. */
	if (ret != 0 && to_card && w->card_home[0] && home) {
		gpg_home_remove(w->card_home);
		w->card_home[0] = '\0';
	}
	secret_free(pass);
	return ret;
}

/*
 * New keys made on the card set up before; their public key and revocation
 * certificate onto a stick, the public key into the flash.
 */
static int make_card_key(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	char fpr[GPG_FPR_MAX + 1];
	struct key_backup files;
	const char *home;
	int ret = -1;

	leave_keyring_home(w);
	home = card_home(w, err, errlen);
	if (!home)
		return -1;
	io->say(io->ctx, _("Making the keys on the OpenPGP card (RSA keys can take a minute)..."));
	if (card_generate(home, OEM_KEY_UID, w->card_admin, w->card_pin, fpr, err, errlen) < 0)
		goto fail;
	/* Lost or broken, the card takes the key with it: only the certificate can revoke it. */
	ret = backup_key(w, io, home, fpr, NULL, &files, err, errlen);
	if (ret > 0)	/* the card has changed: this is no cancel */
		snprintf(err, errlen, _("no stick was chosen for the revocation certificate: the "
					"new key did not go into the flash"));
	if (ret != 0 || key_into_flash(w, io, home, files.public, err, errlen) < 0) {
		ret = -1;
		goto fail;
	}
	snprintf(w->result[OEM_STEP_KEY], sizeof(w->result[0]),
		 _("New key %s made on the OpenPGP card and in the flash; its revocation "
		   "certificate is %s"), fpr, files.revocation);
	return 0;
fail:
	gpg_home_remove(w->card_home);
	w->card_home[0] = '\0';
	return ret;
}

enum key_choice { KEY_ON_CARD, KEY_MEMORY_TO_CARD, KEY_MEMORY, KEY_FILE };

static int run_key(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct ui_stick_files files;
	const char **options;
	enum key_choice kinds[3];
	size_t k, n = 0;
	int i, ret;

	ui_key_files_find(w->s, &files);
	options = xcalloc(files.count + 3, sizeof(*options));
	/* The card choices need the PINs the card step set. */
	if (w->card_admin) {
		kinds[n] = KEY_ON_CARD;
		options[n++] = _("a new key, made on the OpenPGP card (its secret never leaves "
				 "the card)");
		kinds[n] = KEY_MEMORY_TO_CARD;
		options[n++] = _("a new key, made now in memory, backed up on a USB stick, then "
				 "moved onto the OpenPGP card");
	}
	kinds[n] = KEY_MEMORY;
	options[n++] = _("a new key, made now in memory (its backup goes to a USB stick)");
	for (k = 0; k < files.count; k++)
		options[n + k] = files.items[k].where;
	i = io->choose(io->ctx, _("Which key goes into the flash?"), options, n + files.count);
	free(options);
	if (i < 0 || (size_t)i >= n + files.count)
		ret = 1;
	else if ((size_t)i >= n)
		ret = add_key_file(w, files.items[i - n].path, files.items[i - n].where, err, errlen);
	else if (kinds[i] == KEY_ON_CARD)
		ret = make_card_key(w, io, err, errlen);
	else
		ret = make_key(w, io, kinds[i] == KEY_MEMORY_TO_CARD, err, errlen);
	ui_stick_files_free(&files);
	return ret;
}

static int run_sign(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct ui_sign_outcome out;
	struct strlist lines = { 0 };
	size_t i;

	if (ui_sign_default(w->s, &io->sign, &out, err, errlen) < 0)
		return -1;
	ui_sign_describe(&out, &lines);
	for (i = 0; i < lines.n; i++)
		io->say(io->ctx, lines.v[i]);
	snprintf(w->result[OEM_STEP_SIGN], sizeof(w->result[0]), "%s", lines.n ? lines.v[0] : "");
	strlist_free(&lines);
	return 0;
}

static int run_totp(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct ui_enrolment e;

	io->say(io->ctx, _("Sealing a new TOTP secret in the TPM..."));
	/* After a write to the flash, for what the next start will measure. */
	if ((w->flash_changed ? ui_totp_reseal_for_flash(w->s, io->ansi_qr, &e, err, errlen)
			      : ui_totp_reseal(w->s, io->ansi_qr, &e, err, errlen)) < 0)
		return -1;
	io->enrol(io->ctx, &e);
	snprintf(w->result[OEM_STEP_TOTP], sizeof(w->result[0]),
		 w->flash_changed ? _("TOTP secret sealed to PCRs %s for the flash's next start "
				      "and shown for enrolment")
				  : _("TOTP secret sealed to PCRs %s and shown for enrolment"), e.pcrs);
	ui_enrolment_wipe(&e);
	return 0;
}

static int run_default(struct oem_wizard *w, const struct oem_io *io, char *err, size_t errlen)
{
	struct ui_session *s = w->s;
	const char **names = xcalloc(s->entries.count, sizeof(*names));
	int i;
	size_t k;

	(void)err;
	(void)errlen;
	for (k = 0; k < s->entries.count; k++)
		names[k] = s->entries.items[k]->name;
	i = io->choose(io->ctx, _("Which entry boots by default?"), names, s->entries.count);
	free(names);
	if (i < 0 || (size_t)i >= s->entries.count)
		return 1;
	s->default_entry = (size_t)i;
	snprintf(w->result[OEM_STEP_DEFAULT], sizeof(w->result[0]),
		 _("Default for this boot: %s"), s->entries.items[i]->name);
	return 0;
}

int oem_step_run(struct oem_wizard *w, enum oem_step step, const struct oem_io *io,
		 char *err, size_t errlen)
{
	const char *why = oem_step_unavailable(w, step);
	struct owner_source src = { .w = w };
	int ret;

	err[0] = '\0';
	if (why) {
		snprintf(err, errlen, _("%s: not available: %s"), oem_step_title(step), why);
		return -1;
	}
	tpm_get_owner_prompt(&src.outer, &src.outer_ctx);
	tpm_set_owner_prompt(wizard_owner, &src);
	switch (step) {
	case OEM_STEP_TPM:
		ret = run_tpm(w, io, err, errlen);
		break;
	case OEM_STEP_CARD:
		ret = run_card(w, io, err, errlen);
		break;
	case OEM_STEP_KEY:
		ret = run_key(w, io, err, errlen);
		break;
	case OEM_STEP_SIGN:
		ret = run_sign(w, io, err, errlen);
		break;
	case OEM_STEP_TOTP:
		ret = run_totp(w, io, err, errlen);
		break;
	case OEM_STEP_DEFAULT:
		ret = run_default(w, io, err, errlen);
		break;
	default:
		snprintf(err, errlen, _("no such step"));
		ret = -1;
	}
	tpm_set_owner_prompt(src.outer, src.outer_ctx);
	if (ret == 0) {
		w->state[step] = OEM_DONE;
	} else if (ret < 0) {
		w->state[step] = OEM_FAILED;
		snprintf(w->result[step], sizeof(w->result[0]), "%s", err);
	}
	return ret;
}
