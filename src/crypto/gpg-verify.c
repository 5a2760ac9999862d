/* gpg-verify.c - check a detached signature and the key that made it, trusting only the keyring. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "crypto/gpg.h"
#include "i18n.h"

static void copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* A subkey fingerprint, or a long key id, names the subkey whose end it is. */
static bool subkey_matches(gpgme_subkey_t sub, const char *fpr)
{
	size_t a, b;

	if (!sub->fpr || !fpr)
		return false;
	a = strlen(sub->fpr);
	b = strlen(fpr);
	return b >= 16 && b <= a && !strcasecmp(sub->fpr + a - b, fpr);
}

/* The key's own state, independent of gpg's verdict: belt and braces. */
static enum gpg_verdict check_key(gpgme_key_t key, const char *fpr, char *err, size_t errlen)
{
	gpgme_subkey_t sub;

	if (key->revoked) {
		snprintf(err, errlen, _("signing key %s is revoked"), key->fpr);
		return GPG_KEY_REVOKED;
	}
	if (key->expired) {
		snprintf(err, errlen, _("signing key %s has expired"), key->fpr);
		return GPG_KEY_EXPIRED;
	}
	if (key->disabled || key->invalid) {
		snprintf(err, errlen, _("signing key %s is disabled or invalid"), key->fpr);
		return GPG_BAD_SIGNATURE;
	}
	for (sub = key->subkeys; sub; sub = sub->next) {
		if (!subkey_matches(sub, fpr))
			continue;
		if (sub->revoked) {
			snprintf(err, errlen, _("signing subkey %s is revoked"), sub->fpr);
			return GPG_KEY_REVOKED;
		}
		if (sub->expired) {
			snprintf(err, errlen, _("signing subkey %s has expired"), sub->fpr);
			return GPG_KEY_EXPIRED;
		}
		if (!sub->can_sign || sub->invalid || sub->disabled) {
			snprintf(err, errlen, _("subkey %s may not make signatures"), sub->fpr);
			return GPG_BAD_SIGNATURE;
		}
		return GPG_GOOD;
	}
	snprintf(err, errlen, _("the signing key %s is not in the keyring"), fpr);
	return GPG_UNKNOWN_KEY;
}

/* gpg's verdict on one signature, from its status and summary. */
static enum gpg_verdict classify(gpgme_signature_t s, char *err, size_t errlen)
{
	const char *fpr = s->fpr ? s->fpr : "?";

	switch (gpg_err_code(s->status)) {
	case GPG_ERR_NO_ERROR:
		break;
	case GPG_ERR_NO_PUBKEY:
		snprintf(err, errlen, _("the signing key %s is not in the keyring"), fpr);
		return GPG_UNKNOWN_KEY;
	case GPG_ERR_KEY_EXPIRED:
		snprintf(err, errlen, _("signing key %s has expired"), fpr);
		return GPG_KEY_EXPIRED;
	case GPG_ERR_CERT_REVOKED:
		snprintf(err, errlen, _("signing key %s is revoked"), fpr);
		return GPG_KEY_REVOKED;
	case GPG_ERR_SIG_EXPIRED:
		snprintf(err, errlen, _("the signature by %s has expired"), fpr);
		return GPG_SIG_EXPIRED;
	case GPG_ERR_BAD_SIGNATURE:
		snprintf(err, errlen, _("bad signature by %s: the manifest changed after signing"), fpr);
		return GPG_BAD_SIGNATURE;
	default:
		snprintf(err, errlen, _("signature by %s not accepted: %s"), fpr,
			 gpgme_strerror(s->status));
		return GPG_BAD_SIGNATURE;
	}
	/* A good status with a warning in the summary is still not good. */
	if (s->summary & GPGME_SIGSUM_KEY_REVOKED) {
		snprintf(err, errlen, _("signing key %s is revoked"), fpr);
		return GPG_KEY_REVOKED;
	}
	if (s->summary & GPGME_SIGSUM_KEY_EXPIRED) {
		snprintf(err, errlen, _("signing key %s has expired"), fpr);
		return GPG_KEY_EXPIRED;
	}
	if (s->summary & GPGME_SIGSUM_SIG_EXPIRED) {
		snprintf(err, errlen, _("the signature by %s has expired"), fpr);
		return GPG_SIG_EXPIRED;
	}
	if (s->summary & GPGME_SIGSUM_KEY_MISSING) {
		snprintf(err, errlen, _("the signing key %s is not in the keyring"), fpr);
		return GPG_UNKNOWN_KEY;
	}
	if (s->summary & (GPGME_SIGSUM_RED | GPGME_SIGSUM_SYS_ERROR | GPGME_SIGSUM_BAD_POLICY)) {
		snprintf(err, errlen, _("signature by %s not accepted (gpgme summary 0x%x)"), fpr,
			 (unsigned)s->summary);
		return GPG_BAD_SIGNATURE;
	}
	return GPG_GOOD;
}

static enum gpg_verdict check_signature(gpgme_ctx_t ctx, gpgme_signature_t s,
					struct gpg_signer *signer, char *err, size_t errlen)
{
	enum gpg_verdict v = classify(s, err, errlen);
	gpgme_key_t key = NULL;

	copy_str(signer->fpr, sizeof(signer->fpr), s->fpr);
	if (v != GPG_GOOD)
		return v;
	/* We trust the keyring, not gpg's trust model: the key must be right here. */
	if (!s->fpr || gpgme_get_key(ctx, s->fpr, &key, 0) || !key) {
		snprintf(err, errlen, _("the signing key %s is not in the keyring"),
			 s->fpr ? s->fpr : "?");
		return GPG_UNKNOWN_KEY;
	}
	v = check_key(key, s->fpr, err, errlen);
	copy_str(signer->fpr, sizeof(signer->fpr), key->fpr);
	if (key->uids)
		copy_str(signer->uid, sizeof(signer->uid), key->uids->uid);
	gpgme_key_unref(key);
	return v;
}

enum gpg_verdict gpg_verify_detached(const char *homedir, const void *data, size_t len,
				     const void *sig, size_t sig_len, struct gpg_signer *signer,
				     char *err, size_t errlen)
{
	gpgme_data_t sigd = NULL, textd = NULL;
	gpgme_verify_result_t res;
	gpgme_signature_t s;
	gpgme_error_t e;
	enum gpg_verdict v = GPG_GOOD;
	gpgme_ctx_t ctx;

	memset(signer, 0, sizeof(*signer));
	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return GPG_FAILED;
	e = gpgme_data_new_from_mem(&sigd, sig, sig_len, 0);
	if (!e)
		e = gpgme_data_new_from_mem(&textd, data, len, 0);
	if (!e)
		e = gpgme_op_verify(ctx, sigd, textd, NULL);
	res = e ? NULL : gpgme_op_verify_result(ctx);
	if (gpg_err_code(e) == GPG_ERR_NO_DATA || gpg_err_code(e) == GPG_ERR_BAD_DATA ||
	    (!e && (!res || !res->signatures))) {
		snprintf(err, errlen, _("not an OpenPGP signature"));
		v = GPG_BAD_SIGNATURE;
	} else if (e) {
		snprintf(err, errlen, _("GnuPG could not check the signature: %s"), gpgme_strerror(e));
		v = GPG_FAILED;
	}
	/* Every signature must be good: one good one does not excuse a bad one. */
	for (s = res && v == GPG_GOOD ? res->signatures : NULL; s && v == GPG_GOOD; s = s->next)
		v = check_signature(ctx, s, signer, err, errlen);
	gpgme_data_release(sigd);
	gpgme_data_release(textd);
	gpgme_release(ctx);
	return v;
}
