/* gpg-passphrase.c - gpgme's passphrase callback, fed from a secret in locked memory. */
#include "crypto/gpg-passphrase.h"

static gpgme_error_t answer(void *hook, const char *uid_hint, const char *info, int prev_was_bad,
			    int fd)
{
	struct gpg_passphrase_feed *feed = hook;
	const struct secret *p = feed->passphrase;

	(void)uid_hint;
	(void)info;
	/* A wrong passphrase stays wrong: asking again would only loop. */
	if (prev_was_bad) {
		feed->refused = true;
		return gpg_error(GPG_ERR_CANCELED);
	}
	feed->asked = true;
	if ((p->len && gpgme_io_writen(fd, p->data, p->len)) || gpgme_io_writen(fd, "\n", 1))
		return gpgme_error_from_syserror();
	return 0;
}

gpgme_error_t gpg_feed_passphrase(gpgme_ctx_t ctx, struct gpg_passphrase_feed *feed)
{
	gpgme_error_t e = gpgme_set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_LOOPBACK);

	if (!e)
		gpgme_set_passphrase_cb(ctx, answer, feed);
	return e;
}
