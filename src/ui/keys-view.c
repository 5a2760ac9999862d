/* keys-view.c - the ROM keyring's keys as lines for people, through gpgme. */
#include <gpgme.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xmalloc.h"
#include "crypto/gpg.h"
#include "i18n.h"
#include "ui/keys-view.h"
#include "ui/session.h"
#include "ui/ui-config.h"

void ui_key_fpr_groups(const char *fpr, char *out, size_t outlen)
{
	size_t n = 0, i;

	for (i = 0; fpr[i] && n + 2 < outlen; i++) {
		if (i && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = fpr[i];
	}
	out[n] = '\0';
}

static void format_date(long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !gmtime_r(&tt, &tm))
		snprintf(buf, len, "?");
	else
		strftime(buf, len, "%Y-%m-%d", &tm);
}

/* Where the secret half is: here (a key file), on a card (its serial), or nowhere here. */
static const char *secret_where(gpgme_ctx_t ctx, const char *fpr, char *buf, size_t len)
{
	gpgme_key_t key = NULL;
	gpgme_subkey_t sk;
	const char *where = _("not on this machine");

	if (gpgme_get_key(ctx, fpr, &key, 1) != 0 || !key)
		return where;
	for (sk = key->subkeys; sk; sk = sk->next) {
		if (sk->is_cardkey) {
			snprintf(buf, len, _("on the OpenPGP card %s"),
				 sk->card_number ? sk->card_number : "?");
			where = buf;
			break;
		}
		if (sk->secret)
			where = _("in this keyring (not on a card)");
	}
	gpgme_key_unref(key);
	return where;
}

static void describe_key(gpgme_ctx_t ctx, gpgme_key_t key, struct strlist *lines)
{
	char groups[96], created[16], expires[16], where[128];
	gpgme_subkey_t pk = key->subkeys;
	gpgme_user_id_t uid;
	char *algo = pk ? gpgme_pubkey_algo_string(pk) : NULL;

	ui_key_fpr_groups(pk && pk->fpr ? pk->fpr : "", groups, sizeof(groups));
	strlist_push(lines, xasprintf("%s", groups));
	for (uid = key->uids; uid; uid = uid->next)
		strlist_push(lines, xasprintf("  %s%s", uid->uid ? uid->uid : "",
					      uid->revoked ? _(" (revoked)") : ""));
	format_date(pk ? pk->timestamp : 0, created, sizeof(created));
	if (pk && pk->expires)
		format_date(pk->expires, expires, sizeof(expires));
	else
		snprintf(expires, sizeof(expires), "%s", _("never"));
	strlist_push(lines, xasprintf(_("  %s, made %s, expires %s%s%s"), algo ? algo : "?",
				      created, expires, key->revoked ? _(", REVOKED") : "",
				      key->expired ? _(", EXPIRED") : ""));
	strlist_push(lines, xasprintf(_("  secret key: %s"),
				      secret_where(ctx, pk ? pk->fpr : "", where, sizeof(where))));
	gpgme_free(algo);
}

static void push_key(struct ui_key_list *keys, gpgme_key_t key)
{
	struct ui_key *k;

	keys->items = xrealloc(keys->items, (keys->count + 1) * sizeof(*keys->items));
	k = &keys->items[keys->count++];
	snprintf(k->fpr, sizeof(k->fpr), "%s", key->subkeys && key->subkeys->fpr ?
		 key->subkeys->fpr : "");
	snprintf(k->label, sizeof(k->label), "%s", key->uids && key->uids->uid ? key->uids->uid :
		 k->fpr);
}

int ui_keys_describe(const struct ui_session *s, struct strlist *lines, struct ui_key_list *keys,
		     char *err, size_t errlen)
{
	const char *home = s->cfg.keyring;
	gpgme_ctx_t ctx;
	gpgme_key_t key;
	gpgme_error_t e;
	int n = 0;

	if (keys)
		memset(keys, 0, sizeof(*keys));
	if (!home) {
		strlist_pushdup(lines, _("No keys in the ROM: boots cannot be verified, and /boot "
					 "cannot be signed here."));
		n = 0;
		goto how;
	}
	ctx = gpg_context(home, err, errlen);
	if (!ctx) {
		strlist_push(lines, xasprintf(_("The ROM keyring %s cannot be read: %s"), home, err));
		return -1;
	}
	strlist_push(lines, xasprintf(_("Keys that may sign /boot (the ROM keyring, %s):"), home));
	strlist_pushdup(lines, "");
	e = gpgme_op_keylist_start(ctx, NULL, 0);
	while (!e && !(e = gpgme_op_keylist_next(ctx, &key))) {
		describe_key(ctx, key, lines);
		strlist_pushdup(lines, "");
		if (keys)
			push_key(keys, key);
		gpgme_key_unref(key);
		n++;
	}
	gpgme_release(ctx);
	if (gpgme_err_code(e) != GPG_ERR_EOF) {
		snprintf(err, errlen, _("listing the keys of %s failed: %s"), home, gpgme_strerror(e));
		strlist_pushdup(lines, err);
		if (keys)
			ui_key_list_free(keys);
		return -1;
	}
	if (n == 0)
		strlist_pushdup(lines, _("The ROM keyring holds no key."));
how:
	if (s->cfg.restricted)
		strlist_pushdup(lines, _("This machine is restricted (restricted = yes): its keys "
					 "change only in a ROM file written from another machine "
					 "('vigil rom key add ROM KEY.asc'), then a firmware update."));
	else
		strlist_pushdup(lines, _("Adding a key from a USB stick or removing one writes the "
					 "flash: the change counts from the next power-on, whose PCR 7 "
					 "differs (seal the TOTP secret again then)."));
	return n;
}

void ui_key_list_free(struct ui_key_list *keys)
{
	free(keys->items);
	memset(keys, 0, sizeof(*keys));
}
