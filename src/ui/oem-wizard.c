/* oem-wizard.c - the factory-reset wizard's steps over the TPM, signing, TOTP and settings backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "crypto/diceware.h"
#include "hw/tpm-status.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/actions.h"
#include "ui/oem-wizard.h"

#define OEM_SUGGESTED_WORDS 6

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
	memset(w, 0, sizeof(*w));
	w->s = s;
}

void oem_wizard_free(struct oem_wizard *w)
{
	secret_free(w->owner);
	w->owner = NULL;
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

/* Six words of the EFF list (77 bits), if the list is there; the owner may take them or not. */
static void suggest_passphrase(const struct oem_io *io)
{
	struct diceware_list list;
	struct secret *words;
	char why[512], line[640];

	if (diceware_load(&list, DICEWARE_EFF_LIST, why, sizeof(why)) < 0) {
		snprintf(line, sizeof(line), _("No passphrase suggestion: %s"), why);
		io->say(io->ctx, line);
		return;
	}
	words = diceware_passphrase(&list, OEM_SUGGESTED_WORDS, why, sizeof(why));
	if (words)
		io->suggest(io->ctx, words, diceware_bits(list.count, OEM_SUGGESTED_WORDS));
	secret_free(words);
	diceware_free(&list);
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
	if (ui_totp_reseal(w->s, io->ansi_qr, &e, err, errlen) < 0)
		return -1;
	io->enrol(io->ctx, &e);
	snprintf(w->result[OEM_STEP_TOTP], sizeof(w->result[0]),
		 _("TOTP secret sealed to PCRs %s and shown for enrolment"), e.pcrs);
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
