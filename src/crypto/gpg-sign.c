/* gpg-sign.c - detached signatures with a keyring key or an OpenPGP card, PIN through a callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "crypto/gpg.h"
#include "i18n.h"

#define PIN_MAX 256

struct pin_bridge {
	gpg_pin_fn fn;
	void *ctx;
};

/* gpgme's loopback passphrase protocol: the PIN and a newline on fd. */
static gpgme_error_t pin_to_gpg(void *hook, const char *uid_hint, const char *info,
				int prev_was_bad, int fd)
{
	struct pin_bridge *b = hook;
	char pin[PIN_MAX];
	int ok;

	memset(pin, 0, sizeof(pin));
	if (b->fn(b->ctx, uid_hint, prev_was_bad != 0, pin, sizeof(pin)) < 0) {
		explicit_bzero(pin, sizeof(pin));
		return gpg_error(GPG_ERR_CANCELED);
	}
	pin[sizeof(pin) - 1] = '\0';
	ok = gpgme_io_writen(fd, pin, strlen(pin)) == 0 && gpgme_io_writen(fd, "\n", 1) == 0;
	explicit_bzero(pin, sizeof(pin));
	return ok ? 0 : gpgme_error_from_syserror();
}

static bool usable_for_signing(gpgme_key_t k)
{
	return k->can_sign && !k->revoked && !k->expired && !k->disabled && !k->invalid;
}

/* The key named by fpr, or the only secret signing key there is. */
static gpgme_key_t pick_key(gpgme_ctx_t ctx, const char *homedir, const char *fpr,
			    char *err, size_t errlen)
{
	const char *home = homedir ? homedir : "~/.gnupg";
	gpgme_key_t key = NULL, k;
	size_t found = 0;

	if (fpr) {
		if (gpgme_get_key(ctx, fpr, &key, 1) || !key) {
			snprintf(err, errlen, _("no secret key %s in %s"), fpr, home);
			return NULL;
		}
		if (!usable_for_signing(key)) {
			snprintf(err, errlen, _("key %s cannot sign (expired, revoked or disabled)"), fpr);
			gpgme_key_unref(key);
			return NULL;
		}
		return key;
	}
	if (gpgme_op_keylist_start(ctx, NULL, 1)) {
		snprintf(err, errlen, _("cannot list the secret keys in %s"), home);
		return NULL;
	}
	while (!gpgme_op_keylist_next(ctx, &k)) {
		if (usable_for_signing(k) && found++ == 0) {
			key = k;
			continue;
		}
		gpgme_key_unref(k);
	}
	gpgme_op_keylist_end(ctx);
	if (found == 1)
		return key;
	if (key)
		gpgme_key_unref(key);
	snprintf(err, errlen, found ? _("several signing keys in %s: choose one with --key FINGERPRINT")
				    : _("no secret signing key in %s"), home);
	return NULL;
}

int gpg_sign_detached(const struct gpg_sign_opts *opts, const void *data, size_t len,
		      char **sig, size_t *sig_len, struct gpg_signer *signer,
		      char *err, size_t errlen)
{
	struct pin_bridge bridge = { opts->pin, opts->pin_ctx };
	gpgme_data_t in = NULL, out = NULL;
	gpgme_sign_result_t res;
	gpgme_key_t key;
	gpgme_error_t e;
	gpgme_ctx_t ctx;
	char *mem;
	size_t n;

	*sig = NULL;
	memset(signer, 0, sizeof(*signer));
	ctx = gpg_context(opts->homedir, err, errlen);
	if (!ctx)
		return -1;
	key = pick_key(ctx, opts->homedir, opts->key, err, errlen);
	if (!key)
		goto fail;
	snprintf(signer->fpr, sizeof(signer->fpr), "%s", key->fpr);
	if (key->uids)
		snprintf(signer->uid, sizeof(signer->uid), "%s", key->uids->uid);
	gpgme_set_armor(ctx, 1);
	e = gpgme_signers_add(ctx, key);
	gpgme_key_unref(key);
	if (!e && opts->pin) {
		/* The caller asks for the PIN (firmware menu); the same path serves a card's PIN. */
		e = gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);
		gpgme_set_passphrase_cb(ctx, pin_to_gpg, &bridge);
	}
	if (!e)
		e = gpgme_data_new_from_mem(&in, data, len, 0);
	if (!e)
		e = gpgme_data_new(&out);
	if (!e)
		e = gpgme_op_sign(ctx, in, out, GPGME_SIG_MODE_DETACH);
	res = e ? NULL : gpgme_op_sign_result(ctx);
	if (!e && (!res || res->invalid_signers || !res->signatures))
		e = gpg_error(GPG_ERR_GENERAL);
	if (e) {
		snprintf(err, errlen, _("signing with %s failed: %s"), signer->fpr, gpgme_strerror(e));
		goto fail;
	}
	mem = gpgme_data_release_and_get_mem(out, &n);
	out = NULL;
	if (!mem) {
		snprintf(err, errlen, _("signing with %s produced no signature"), signer->fpr);
		goto fail;
	}
	*sig = xmalloc(n + 1);
	memcpy(*sig, mem, n);
	(*sig)[n] = '\0';
	*sig_len = n;
	gpgme_free(mem);
	gpgme_data_release(in);
	gpgme_release(ctx);
	return 0;
fail:
	gpgme_data_release(in);
	gpgme_data_release(out);
	gpgme_release(ctx);
	return -1;
}
