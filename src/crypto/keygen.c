/* keygen.c - generate a signing key with gpgme into an in-memory GnuPG home. */
#include <stdio.h>
#include <string.h>

#include "crypto/gpg-home.h"
#include "crypto/gpg-passphrase.h"
#include "crypto/keygen.h"
#include "i18n.h"

static const char *algo_name(enum keygen_algo algo)
{
	switch (algo) {
	case KEYGEN_ED25519:
		return "ed25519";
	case KEYGEN_RSA3072:
		return "rsa3072";
	}
	return NULL;
}

/* gpg reads the passphrase as one line, so it can hold neither a newline nor a NUL. */
static int check_passphrase(const struct secret *p, char *err, size_t errlen)
{
	if (!p || p->len == 0) {
		snprintf(err, errlen, _("the new key needs a passphrase"));
		return -1;
	}
	if (memchr(p->data, '\n', p->len) || memchr(p->data, '\r', p->len) ||
	    memchr(p->data, '\0', p->len)) {
		snprintf(err, errlen, _("the passphrase holds a line break or a NUL character"));
		return -1;
	}
	return 0;
}

/* The fingerprint of a secret key already in the home, or "" (0); -1 if it cannot be listed. */
static int existing_secret(gpgme_ctx_t ctx, char fpr[GPG_FPR_MAX + 1])
{
	gpgme_key_t key = NULL;

	fpr[0] = '\0';
	if (gpgme_op_keylist_start(ctx, NULL, 1))
		return -1;
	if (!gpgme_op_keylist_next(ctx, &key) && key) {
		snprintf(fpr, GPG_FPR_MAX + 1, "%s", key->fpr ? key->fpr : "?");
		gpgme_key_unref(key);
	}
	gpgme_op_keylist_end(ctx);
	return 0;
}

int keygen_create(const struct keygen_opts *opts, char fpr[GPG_FPR_MAX + 1],
		  char *err, size_t errlen)
{
	struct gpg_passphrase_feed feed = { .passphrase = opts->passphrase };
	const char *algo = algo_name(opts->algo);
	char other[GPG_FPR_MAX + 1];
	gpgme_genkey_result_t res;
	gpgme_error_t e;
	gpgme_ctx_t ctx;

	fpr[0] = '\0';
	if (!algo) {
		snprintf(err, errlen, _("unknown key algorithm %d"), (int)opts->algo);
		return -1;
	}
	if (!opts->uid || !opts->uid[0]) {
		snprintf(err, errlen, _("the new key needs a user id (a name and an email address)"));
		return -1;
	}
	if (check_passphrase(opts->passphrase, err, errlen) < 0)
		return -1;
	/* Fail closed: a secret key made on a disk could be read back from it later. */
	if (!opts->homedir || !gpg_home_in_memory(opts->homedir)) {
		snprintf(err, errlen, _("%s is not in memory (tmpfs or ramfs): a secret key must not "
					"be written there"), opts->homedir ? opts->homedir : "~/.gnupg");
		return -1;
	}
	ctx = gpg_context(opts->homedir, err, errlen);
	if (!ctx)
		return -1;
	if (existing_secret(ctx, other) < 0) {
		snprintf(err, errlen, _("cannot list the secret keys in %s"), opts->homedir);
		goto fail;
	}
	if (other[0]) {
		snprintf(err, errlen, _("%s already holds the secret key %s: make the new key in a "
					"new home"), opts->homedir, other);
		goto fail;
	}
	e = gpg_feed_passphrase(ctx, &feed);
	if (!e)
		e = gpgme_op_createkey(ctx, opts->uid, algo, 0, 0, NULL,
				       GPGME_CREATE_SIGN | GPGME_CREATE_CERT | GPGME_CREATE_NOEXPIRE);
	res = e ? NULL : gpgme_op_genkey_result(ctx);
	if (!e && (!res || !res->primary || !res->fpr))
		e = gpg_error(GPG_ERR_GENERAL);
	if (e) {
		snprintf(err, errlen, _("gpg could not make the %s key for %s: %s"), algo, opts->uid,
			 gpgme_strerror(e));
		goto fail;
	}
	snprintf(fpr, GPG_FPR_MAX + 1, "%s", res->fpr);
	gpgme_release(ctx);
	return 0;
fail:
	gpgme_release(ctx);
	return -1;
}
