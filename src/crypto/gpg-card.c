/* gpg-card.c - make a GnuPG home know the inserted OpenPGP card, through gpgme (gpg --card-edit, then quit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/gpg.h"
#include "i18n.h"

/* gpg's CARDCTRL status codes (GnuPG doc/DETAILS). */
enum { CARD_PRESENT = 3, CARD_NONE = 4, CARD_NO_READER = 5, CARD_NO_SUPPORT = 6, CARD_DEAD = 7 };

/* gpg --card-edit shows the card (which makes gpg-agent learn its keys), then we quit. */
static gpgme_error_t answer(void *hook, const char *keyword, const char *args, int fd)
{
	int *cardctrl = hook;

	if (!strcmp(keyword, "CARDCTRL") && args)
		*cardctrl = atoi(args);
	if (fd < 0)
		return 0;	/* a status line, not a question */
	if (gpgme_io_writen(fd, "quit\n", 5))
		return gpgme_error_from_syserror();
	return 0;
}

int gpg_card_learn(const char *homedir, char *err, size_t errlen)
{
	gpgme_data_t out = NULL;
	gpgme_error_t e;
	gpgme_ctx_t ctx;
	int cardctrl = 0;

	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return -1;
	e = gpgme_data_new(&out);
	if (!e)
		e = gpgme_op_interact(ctx, NULL, GPGME_INTERACT_CARD, answer, &cardctrl, out);
	gpgme_data_release(out);
	gpgme_release(ctx);
	if (e) {
		snprintf(err, errlen, _("cannot read the OpenPGP card: %s"), gpgme_strerror(e));
		return -1;
	}
	switch (cardctrl) {
	case CARD_PRESENT:
		return 0;
	case CARD_NO_READER:
		snprintf(err, errlen, _("no smartcard reader found"));
		return -1;
	case CARD_NO_SUPPORT:
		snprintf(err, errlen, _("no smartcard support here (scdaemon is missing)"));
		return -1;
	case CARD_DEAD:
		snprintf(err, errlen, _("the OpenPGP card is terminated"));
		return -1;
	default:
		snprintf(err, errlen, _("no OpenPGP card found"));
		return -1;
	}
}
