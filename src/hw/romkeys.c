/*
 * romkeys.c - key blocks for the ROM, handled by gpg in throw-away homes:
 * nothing of the user's own keyring is read or changed, and a secret key
 * never gets into the ROM.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/spawn.h"
#include "common/xmalloc.h"
#include "crypto/gpg-home.h"
#include "hw/romfiles.h"
#include "hw/romkeys.h"
#include "i18n.h"

void romkey_list_free(struct romkey_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* A private GnuPG home under /tmp (short: gpg-agent's socket path is limited). */
struct tmphome {
	char dir[64];
	gpgme_ctx_t ctx;
};

static int tmphome_open(struct tmphome *h, char *err, size_t errlen)
{
	snprintf(h->dir, sizeof(h->dir), "/tmp/vigil-keys-XXXXXX");
	h->ctx = NULL;
	if (!mkdtemp(h->dir)) {
		snprintf(err, errlen, _("cannot make a temporary GnuPG home in /tmp: %s"),
			 strerror(errno));
		h->dir[0] = '\0';
		return -1;
	}
	h->ctx = gpg_context(h->dir, err, errlen);
	if (!h->ctx)
		return -1;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static void tmphome_close(struct tmphome *h)
{
	char *argv[] = { "gpgconf", "--homedir", h->dir, "--kill", "all", NULL };

	if (h->ctx)
		gpgme_release(h->ctx);
	h->ctx = NULL;
	if (!h->dir[0])
		return;
	/* gpg may have started an agent for this home; it must not outlive it. */
	spawn_wait(argv);
	nftw(h->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	h->dir[0] = '\0';
}

static void key_info(gpgme_key_t key, struct romkey *out)
{
	gpgme_user_id_t uid;

	memset(out, 0, sizeof(*out));
	snprintf(out->fpr, sizeof(out->fpr), "%s",
		 key->fpr ? key->fpr : key->subkeys ? key->subkeys->fpr : "");
	for (uid = key->uids; uid; uid = uid->next) {
		if (!out->nuids++)
			snprintf(out->uid, sizeof(out->uid), "%s", uid->uid ? uid->uid : "");
	}
	out->secret = key->secret;
	out->revoked = key->revoked;
	out->expired = key->expired;
	out->disabled = key->disabled;
	out->invalid = key->invalid;
}

static int list_in(gpgme_ctx_t ctx, const void *data, size_t len, struct romkey_list *list,
		   char *err, size_t errlen)
{
	gpgme_data_t d = NULL;
	gpgme_key_t key;
	gpgme_error_t e;

	list->items = NULL;
	list->count = 0;
	e = gpgme_data_new_from_mem(&d, data, len, 0);
	if (!e)
		e = gpgme_op_keylist_from_data_start(ctx, d, 0);
	while (!e && !(e = gpgme_op_keylist_next(ctx, &key))) {
		list->items = xrealloc(list->items, (list->count + 1) * sizeof(*list->items));
		key_info(key, &list->items[list->count++]);
		gpgme_key_unref(key);
	}
	gpgme_data_release(d);
	if (gpgme_err_code(e) != GPG_ERR_EOF) {
		snprintf(err, errlen, _("GnuPG cannot read the keys: %s"), gpgme_strerror(e));
		romkey_list_free(list);
		return -1;
	}
	return 0;
}

int romkeys_list(const void *data, size_t len, struct romkey_list *list,
		 char *err, size_t errlen)
{
	struct tmphome h;
	int ret = -1;

	list->items = NULL;
	list->count = 0;
	if (tmphome_open(&h, err, errlen) == 0)
		ret = list_in(h.ctx, data, len, list, err, errlen);
	tmphome_close(&h);
	return ret;
}

/* Public keys only, and at least one: checked before gpg imports anything. */
static int check_public(gpgme_ctx_t ctx, const void *data, size_t len, const char *name,
			char *err, size_t errlen)
{
	struct romkey_list list;
	size_t i;
	int ret = 0;

	if (list_in(ctx, data, len, &list, err, errlen) < 0)
		return -1;
	if (list.count == 0) {
		snprintf(err, errlen, _("%s holds no OpenPGP key"), name);
		ret = -1;
	}
	for (i = 0; i < list.count && ret == 0; i++) {
		if (list.items[i].secret) {
			snprintf(err, errlen, _("%s holds the secret key %s: the ROM takes public "
						"keys only (gpg --armor --export %s)"), name,
				 list.items[i].fpr, list.items[i].fpr);
			ret = -1;
		}
	}
	romkey_list_free(&list);
	return ret;
}

static int import(gpgme_ctx_t ctx, const void *data, size_t len, const char *name,
		  gpgme_import_result_t *result, char *err, size_t errlen)
{
	gpgme_import_result_t res;
	gpgme_import_status_t st;
	gpgme_data_t d = NULL;
	gpgme_error_t e;

	e = gpgme_data_new_from_mem(&d, data, len, 0);
	if (!e) {
		e = gpgme_op_import(ctx, d);
		gpgme_data_release(d);
	}
	res = e ? NULL : gpgme_op_import_result(ctx);
	if (!res) {
		snprintf(err, errlen, _("%s: GnuPG cannot import it: %s"), name,
			 e ? gpgme_strerror(e) : _("no result"));
		return -1;
	}
	if (res->secret_read) {
		snprintf(err, errlen, _("%s holds a secret key: the ROM takes public keys only"),
			 name);
		return -1;
	}
	for (st = res->imports; st; st = st->next) {
		if (st->result) {
			snprintf(err, errlen, _("%s: key %s not imported: %s"), name,
				 st->fpr ? st->fpr : "?", gpgme_strerror(st->result));
			return -1;
		}
	}
	if (res->considered == 0 || res->not_imported) {
		snprintf(err, errlen, _("%s: no usable OpenPGP key in it"), name);
		return -1;
	}
	if (result)
		*result = res;
	return 0;
}

/* Count the keys of the home; any secret key among them is an error. */
static int count_keys(gpgme_ctx_t ctx, int secret, size_t *count, char *err, size_t errlen)
{
	gpgme_error_t e = gpgme_op_keylist_start(ctx, NULL, secret);
	gpgme_key_t key;

	*count = 0;
	while (!e && !(e = gpgme_op_keylist_next(ctx, &key))) {
		(*count)++;
		gpgme_key_unref(key);
	}
	if (gpgme_err_code(e) != GPG_ERR_EOF) {
		snprintf(err, errlen, _("GnuPG cannot list the keys: %s"), gpgme_strerror(e));
		return -1;
	}
	return 0;
}

static int export_all(gpgme_ctx_t ctx, char **out, size_t *out_len, char *err, size_t errlen)
{
	size_t count, len;
	gpgme_data_t d = NULL;
	gpgme_error_t e;
	char *mem;

	if (count_keys(ctx, 1, &count, err, errlen) < 0)
		return -1;
	if (count) {
		snprintf(err, errlen, _("a secret key got into the keys for the ROM: nothing written"));
		return -1;
	}
	if (count_keys(ctx, 0, &count, err, errlen) < 0)
		return -1;
	*out = NULL;
	*out_len = 0;
	if (count == 0)
		return 0;
	gpgme_set_armor(ctx, 1);
	e = gpgme_data_new(&d);
	if (!e)
		e = gpgme_op_export(ctx, NULL, 0, d);
	if (e) {
		snprintf(err, errlen, _("GnuPG cannot export the keys: %s"), gpgme_strerror(e));
		if (d)
			gpgme_data_release(d);
		return -1;
	}
	mem = gpgme_data_release_and_get_mem(d, &len);
	if (!mem || len == 0) {
		gpgme_free(mem);
		snprintf(err, errlen, _("GnuPG exported no keys"));
		return -1;
	}
	*out = xmalloc(len + 1);
	memcpy(*out, mem, len);
	(*out)[len] = '\0';
	*out_len = len;
	gpgme_free(mem);
	return 0;
}

int romkeys_merge(const void *old, size_t old_len, const void *add, size_t add_len,
		  const char *add_name, char **out, size_t *out_len, size_t *new_keys,
		  char *err, size_t errlen)
{
	gpgme_import_result_t res;
	struct tmphome h;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	if (tmphome_open(&h, err, errlen) < 0)
		goto done;
	if (check_public(h.ctx, add, add_len, add_name, err, errlen) < 0)
		goto done;
	if (old && old_len && import(h.ctx, old, old_len, _("the ROM's vigil/keys.asc"), NULL,
				     err, errlen) < 0)
		goto done;
	if (import(h.ctx, add, add_len, add_name, &res, err, errlen) < 0)
		goto done;
	*new_keys = (size_t)res->imported;
	ret = export_all(h.ctx, out, out_len, err, errlen);
done:
	tmphome_close(&h);
	return ret;
}

/* Upper-case hex without spaces; 0 if it is a whole v4 or v5 fingerprint. */
static int normalize_fpr(const char *in, char out[GPG_FPR_MAX + 1])
{
	size_t n = 0;

	for (; *in; in++) {
		if (*in == ' ')
			continue;
		if (!isxdigit((unsigned char)*in) || n == GPG_FPR_MAX)
			return -1;
		out[n++] = (char)toupper((unsigned char)*in);
	}
	out[n] = '\0';
	return n == 40 || n == 64 ? 0 : -1;
}

int romkeys_remove(const void *old, size_t old_len, const char *fpr, char **out,
		   size_t *out_len, struct romkey *removed, char *err, size_t errlen)
{
	char want[GPG_FPR_MAX + 1];
	gpgme_key_t key = NULL;
	struct tmphome h;
	gpgme_error_t e;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	if (normalize_fpr(fpr, want) < 0) {
		snprintf(err, errlen, _("'%s' is not a key fingerprint (40 or 64 hex digits)"), fpr);
		return -1;
	}
	if (!old || !old_len) {
		snprintf(err, errlen, _("the ROM holds no keys"));
		return -1;
	}
	if (tmphome_open(&h, err, errlen) < 0)
		goto done;
	if (import(h.ctx, old, old_len, _("the ROM's vigil/keys.asc"), NULL, err, errlen) < 0)
		goto done;
	e = gpgme_get_key(h.ctx, want, &key, 0);
	if (e || !key || !key->fpr || strcasecmp(key->fpr, want)) {
		if (key && key->fpr)
			snprintf(err, errlen, _("%s is a subkey of %s: give the primary key's "
						"fingerprint"), want, key->fpr);
		else
			snprintf(err, errlen, _("no key %s in the ROM (see vigil rom key list)"), want);
		goto done;
	}
	key_info(key, removed);
	e = gpgme_op_delete_ext(h.ctx, key, GPGME_DELETE_FORCE);
	if (e) {
		snprintf(err, errlen, _("GnuPG cannot remove key %s: %s"), want, gpgme_strerror(e));
		goto done;
	}
	ret = export_all(h.ctx, out, out_len, err, errlen);
done:
	if (key)
		gpgme_key_unref(key);
	tmphome_close(&h);
	return ret;
}

int romkeys_import(const char *homedir, const void *data, size_t len, size_t *count,
		   char *err, size_t errlen)
{
	gpgme_ctx_t ctx;
	int ret = -1;

	*count = 0;
	if (mkdir(homedir, 0700) == 0) {
		/* A home made here reaches cards as every home vigil makes (an existing one is left). */
		if (gpg_home_card_conf(homedir, err, errlen) < 0)
			return -1;
	} else if (errno != EEXIST) {
		snprintf(err, errlen, _("cannot make the keyring %s: %s"), homedir, strerror(errno));
		return -1;
	}
	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return -1;
	if (check_public(ctx, data, len, ROMFILE_KEYS, err, errlen) == 0 &&
	    import(ctx, data, len, ROMFILE_KEYS, NULL, err, errlen) == 0)
		ret = count_keys(ctx, 0, count, err, errlen);
	gpgme_release(ctx);
	return ret;
}
