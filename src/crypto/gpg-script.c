/* gpg-script.c - answer gpg's questions from a script (see gpg-script.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/gpg-script.h"

static gpgme_error_t write_line(int fd, const void *data, size_t len)
{
	if ((len && gpgme_io_writen(fd, data, len)) || gpgme_io_writen(fd, "\n", 1))
		return gpgme_error_from_syserror();
	return 0;
}

/* A status line: remember what tells how the dialogue went. */
static void note_status(struct gpg_script *sc, const char *keyword, const char *args)
{
	if (!strcmp(keyword, "SC_OP_FAILURE")) {
		sc->card_failed = true;
		sc->card_failure = args && *args ? atoi(args) : 0;
	} else if (!strcmp(keyword, "BAD_PASSPHRASE")) {
		sc->bad_passphrase = true;
	} else if (!strcmp(keyword, "KEY_CREATED") && args) {
		/* "KEY_CREATED B|P|S FPR [HANDLE]" */
		const char *fpr = strchr(args, ' ');

		if (fpr) {
			snprintf(sc->created, sizeof(sc->created), "%s", fpr + 1);
			sc->created[strcspn(sc->created, " ")] = '\0';
		}
	}
}

static gpgme_error_t give_pin(struct gpg_script *sc, int fd)
{
	const struct secret *pin;

	/* Never the next PIN after a refused passphrase: it is meant for something else. */
	if (sc->bad_passphrase || sc->pins_used >= sc->n_pins) {
		if (!sc->bad_passphrase)
			snprintf(sc->unanswered, sizeof(sc->unanswered), "passphrase.enter");
		return gpg_error(GPG_ERR_CANCELED);
	}
	pin = sc->pins[sc->pins_used++];
	return write_line(fd, pin->data, pin->len);
}

/*
 * gpgme passes a status line as (its name, its arguments, fd -1) and a
 * question as (GET_LINE, GET_BOOL or GET_HIDDEN; the question's keyword; the
 * fd for the answer).
 */
static gpgme_error_t answer(void *hook, const char *status, const char *args, int fd)
{
	struct gpg_script *sc = hook;
	const char *keyword = args ? args : "";
	size_t i;

	if (!status)
		return 0;
	if (fd < 0) {
		note_status(sc, status, args);
		return 0;
	}
	if (!strcmp(keyword, "passphrase.enter"))
		return give_pin(sc, fd);
	for (i = 0; i < sc->n_answers; i++) {
		struct gpg_answer *a = &sc->answers[i];
		const char *v;

		if (strcmp(a->keyword, keyword))
			continue;
		v = a->used < GPG_SCRIPT_ANSWERS ? a->values[a->used] : NULL;
		if (!v)
			break;
		a->used++;
		return write_line(fd, v, strlen(v));
	}
	snprintf(sc->unanswered, sizeof(sc->unanswered), "%s", keyword);
	return gpg_error(GPG_ERR_CANCELED);
}

gpgme_error_t gpg_script_run(gpgme_ctx_t ctx, gpgme_key_t key, unsigned flags,
			     struct gpg_script *script)
{
	gpgme_data_t out = NULL;
	gpgme_error_t e;

	script->pins_used = 0;
	script->card_failed = script->bad_passphrase = false;
	script->card_failure = 0;
	script->unanswered[0] = script->created[0] = '\0';
	/* The PINs come from the script, never from a pinentry on some other screen. */
	gpgme_set_passphrase_cb(ctx, NULL, NULL);
	e = gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
	if (!e)
		e = gpgme_data_new(&out);
	if (!e)
		e = gpgme_op_interact(ctx, key, flags, answer, script, out);
	/* What gpg printed may name card data: wiped, never shown. */
	if (out) {
		size_t len = 0;
		char *text = gpgme_data_release_and_get_mem(out, &len);

		if (text) {
			explicit_bzero(text, len);
			gpgme_free(text);
		}
	}
	return e;
}
