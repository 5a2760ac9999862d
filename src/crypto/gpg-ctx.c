/* gpg-ctx.c - one way to get a gpgme context: OpenPGP, a chosen home directory, offline. */
#include <stdio.h>
#include <string.h>

#include "crypto/gpg.h"
#include "i18n.h"

gpgme_ctx_t gpg_context(const char *homedir, char *err, size_t errlen)
{
	gpgme_ctx_t ctx;
	gpgme_error_t e;

	/* gpgme needs this once before anything else; later calls are cheap. */
	if (!gpgme_check_version(GPGME_VERSION)) {
		snprintf(err, errlen, _("gpgme is older than the one vigil was built with (%s)"),
			 GPGME_VERSION);
		return NULL;
	}
	e = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP);
	if (!e)
		e = gpgme_new(&ctx);
	if (e) {
		snprintf(err, errlen, _("cannot start GnuPG: %s"), gpgme_strerror(e));
		return NULL;
	}
	e = gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
	if (!e)
		e = gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, homedir);
	if (!e)
		e = gpgme_set_keylist_mode(ctx, GPGME_KEYLIST_MODE_LOCAL);
	if (e) {
		snprintf(err, errlen, _("cannot use GnuPG home %s: %s"), homedir ? homedir : "~/.gnupg",
			 gpgme_strerror(e));
		gpgme_release(ctx);
		return NULL;
	}
	/* Keys come only from the given keyring: never fetch one from the network. */
	gpgme_set_offline(ctx, 1);
	return ctx;
}

/* Export fpr (mode: 0 public, GPGME_EXPORT_MODE_SECRET) armoured into *text (gpgme_free). */
int gpg_export_armored(gpgme_ctx_t ctx, const char *fpr, gpgme_export_mode_t mode,
		       const char *armor, char **text, size_t *len, char *err, size_t errlen)
{
	gpgme_data_t out = NULL;
	gpgme_error_t e;

	*text = NULL;
	e = gpgme_data_new(&out);
	if (!e)
		e = gpgme_op_export(ctx, fpr, mode, out);
	if (e) {
		snprintf(err, errlen, mode ? _("gpg could not export the secret key %s: %s")
					   : _("gpg could not export the public key %s: %s"),
			 fpr, gpgme_strerror(e));
		gpgme_data_release(out);
		return -1;
	}
	*text = gpgme_data_release_and_get_mem(out, len);
	if (!*text || *len < strlen(armor) || memcmp(*text, armor, strlen(armor)) != 0) {
		snprintf(err, errlen, mode ? _("gpg exported no secret key %s")
					   : _("gpg exported no public key %s"), fpr);
		gpgme_free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}
