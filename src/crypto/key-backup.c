/* key-backup.c - write a key's backup files atomically and check that they restore in a fresh home. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "crypto/gpg-home.h"
#include "crypto/gpg-passphrase.h"
#include "crypto/key-backup.h"
#include "i18n.h"

#define KEY_FILE_MAX (1 << 20)

static const char check_text[] = "vigil: checking that this key backup restores\n";

static int name_files(struct key_backup *files, const char *dir, const char *fpr,
		      char *err, size_t errlen)
{
	int a = snprintf(files->secret, sizeof(files->secret), "%s/%s-secret.asc", dir, fpr);
	int b = snprintf(files->public, sizeof(files->public), "%s/%s-public.asc", dir, fpr);
	int c = snprintf(files->revocation, sizeof(files->revocation), "%s/%s-revocation.asc", dir,
			 fpr);

	if (a < 0 || b < 0 || c < 0 || (size_t)a >= sizeof(files->secret) ||
	    (size_t)b >= sizeof(files->public) || (size_t)c >= sizeof(files->revocation)) {
		snprintf(err, errlen, _("the backup directory's path is too long: %s"), dir);
		return -1;
	}
	return 0;
}

/* The secret key must be here in full: after keytocard the home has only a stub. */
static int check_full_secret(gpgme_ctx_t ctx, const char *homedir, const char *fpr,
			     char *err, size_t errlen)
{
	gpgme_key_t key = NULL;
	gpgme_subkey_t sk;
	int ret = 0;

	if (gpgme_get_key(ctx, fpr, &key, 1) || !key) {
		snprintf(err, errlen, _("no secret key %s in %s"), fpr, homedir);
		return -1;
	}
	for (sk = key->subkeys; sk; sk = sk->next) {
		if (sk->is_cardkey || !sk->secret) {
			snprintf(err, errlen, _("the secret key %s is not in %s in full (it is on a "
						"card, or only a stub is left): a backup now would "
						"not restore it"), fpr, homedir);
			ret = -1;
			break;
		}
	}
	gpgme_key_unref(key);
	return ret;
}

/* Write one file, noting whether this call created it (and so may take it away again). */
static int write_file(const char *path, const void *data, size_t len, unsigned mode,
		      bool *created, char *err, size_t errlen)
{
	*created = access(path, F_OK) < 0 && errno == ENOENT;
	if (file_write_atomic(path, data, len, mode) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The directory holding homedir: in memory as well, so scratch homes go there. */
static void parent_of(const char *homedir, char *out, size_t outlen)
{
	const char *slash = strrchr(homedir, '/');

	if (!slash)
		snprintf(out, outlen, ".");
	else if (slash == homedir)
		snprintf(out, outlen, "/");
	else
		snprintf(out, outlen, "%.*s", (int)(slash - homedir), homedir);
}

/* Import path into ctx; it must bring key fpr (and its secret part when secret is set). */
static int import_file(gpgme_ctx_t ctx, const char *path, const char *fpr, bool secret,
		       char *err, size_t errlen)
{
	gpgme_import_result_t res;
	gpgme_import_status_t st;
	gpgme_data_t data = NULL;
	gpgme_error_t e;
	bool found = false;
	size_t len;
	char *text;

	text = file_read_all(path, &len, KEY_FILE_MAX);
	if (!text) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	e = gpgme_data_new_from_mem(&data, text, len, 0);
	if (!e)
		e = gpgme_op_import(ctx, data);
	gpgme_data_release(data);
	free(text);
	res = e ? NULL : gpgme_op_import_result(ctx);
	if (!res) {
		snprintf(err, errlen, _("gpg cannot import %s: %s"), path,
			 gpgme_strerror(e ? e : gpg_error(GPG_ERR_GENERAL)));
		return -1;
	}
	for (st = res->imports; st; st = st->next) {
		if (st->fpr && !strcasecmp(st->fpr, fpr) && !st->result &&
		    (!secret || (st->status & GPGME_IMPORT_SECRET)))
			found = true;
	}
	if (!found) {
		snprintf(err, errlen, secret ? _("%s does not hold the secret key %s")
					     : _("%s does not hold the public key %s"), path, fpr);
		return -1;
	}
	return 0;
}

/* Sign check_text in the home with the restored secret key; *sig is gpgme's. */
static int sign_check_text(gpgme_ctx_t ctx, const char *fpr, const char *path,
			   const struct gpg_passphrase_feed *feed, char **sig, size_t *sig_len,
			   char *err, size_t errlen)
{
	gpgme_data_t in = NULL, out = NULL;
	gpgme_key_t key = NULL;
	gpgme_error_t e;

	*sig = NULL;
	e = gpgme_get_key(ctx, fpr, &key, 1);
	if (!e && key)
		e = gpgme_signers_add(ctx, key);
	gpgme_key_unref(key);
	if (!e)
		e = gpgme_data_new_from_mem(&in, check_text, strlen(check_text), 0);
	if (!e)
		e = gpgme_data_new(&out);
	if (!e)
		e = gpgme_op_sign(ctx, in, out, GPGME_SIG_MODE_DETACH);
	gpgme_data_release(in);
	if (e) {
		if (feed->refused || gpg_err_code(e) == GPG_ERR_BAD_PASSPHRASE)
			snprintf(err, errlen, _("the passphrase does not unlock the backup %s"), path);
		else
			snprintf(err, errlen, _("the key restored from %s cannot sign: %s"), path,
				 gpgme_strerror(e));
		gpgme_data_release(out);
		return -1;
	}
	*sig = gpgme_data_release_and_get_mem(out, sig_len);
	return *sig ? 0 : -1;
}

int key_backup_check(const struct key_backup *files, const char *fpr,
		     const struct secret *passphrase, const char *scratch_base,
		     char *err, size_t errlen)
{
	struct gpg_passphrase_feed feed = { .passphrase = passphrase };
	char sec_home[GPG_HOME_MAX] = "", pub_home[GPG_HOME_MAX] = "", why[512];
	struct gpg_signer signer;
	gpgme_ctx_t sec = NULL, pub = NULL;
	size_t sig_len = 0;
	char *sig = NULL;
	int ret = -1;

	/* Two homes: the signature by the secret file's key must verify with the public file alone. */
	if (gpg_home_new(scratch_base, sec_home, err, errlen) < 0 ||
	    gpg_home_new(scratch_base, pub_home, err, errlen) < 0)
		goto out;
	sec = gpg_context(sec_home, err, errlen);
	pub = sec ? gpg_context(pub_home, err, errlen) : NULL;
	if (!sec || !pub)
		goto out;
	if (gpg_feed_passphrase(sec, &feed) != 0) {
		snprintf(err, errlen, _("gpg cannot take the passphrase through gpgme"));
		goto out;
	}
	if (import_file(pub, files->public, fpr, false, err, errlen) < 0 ||
	    import_file(sec, files->secret, fpr, true, err, errlen) < 0 ||
	    sign_check_text(sec, fpr, files->secret, &feed, &sig, &sig_len, err, errlen) < 0)
		goto out;
	if (gpg_verify_detached(pub_home, check_text, strlen(check_text), sig, sig_len, &signer,
				why, sizeof(why)) != GPG_GOOD) {
		snprintf(err, errlen, _("the key in %s does not match the public key in %s: %s"),
			 files->secret, files->public, why);
		goto out;
	}
	if (strcasecmp(signer.fpr, fpr) != 0) {
		snprintf(err, errlen, _("the key in %s signs as %s, not as %s"), files->secret,
			 signer.fpr, fpr);
		goto out;
	}
	ret = 0;
out:
	gpgme_free(sig);
	if (sec)
		gpgme_release(sec);
	if (pub)
		gpgme_release(pub);
	gpg_home_remove(sec_home);
	gpg_home_remove(pub_home);
	return ret;
}

/* The public file must import into an empty home as key fpr. */
static int check_public(const struct key_backup *files, const char *fpr, const char *scratch_base,
			char *err, size_t errlen)
{
	char home[GPG_HOME_MAX] = "";
	gpgme_ctx_t ctx = NULL;
	int ret = -1;

	if (gpg_home_new(scratch_base, home, err, errlen) == 0 &&
	    (ctx = gpg_context(home, err, errlen)) != NULL)
		ret = import_file(ctx, files->public, fpr, false, err, errlen);
	if (ctx)
		gpgme_release(ctx);
	gpg_home_remove(home);
	return ret;
}

/*
 * Both backups: with passphrase, the secret key (under it), the public key
 * and the revocation certificate, checked by restoring and signing; without
 * (the secret is on a card), the public key and revocation certificate,
 * checked by importing. Files this call created are removed on failure.
 */
static int write_backup(const char *homedir, const char *fpr, const struct secret *passphrase,
			const char *dir, struct key_backup *files, char *err, size_t errlen)
{
	struct gpg_passphrase_feed feed = { .passphrase = passphrase };
	char *secret = NULL, *public = NULL, *revocation = NULL, revpath[GPG_HOME_MAX + 96];
	char scratch[GPG_HOME_MAX];
	bool created[3] = { false, false, false };
	size_t slen = 0, plen, rlen;
	gpgme_ctx_t ctx;
	struct stat st;
	int ret = -1;

	memset(files, 0, sizeof(*files));
	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, _("cannot use the backup directory %s: %s"), dir,
			 strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, _("the backup directory %s is not a directory"), dir);
		return -1;
	}
	if (name_files(files, dir, fpr, err, errlen) < 0)
		return -1;
	if (!passphrase)
		files->secret[0] = '\0';	/* on the card: nothing to copy */
	ctx = gpg_context(homedir, err, errlen);
	if (!ctx)
		return -1;
	gpgme_set_armor(ctx, 1);
	if (passphrase &&
	    (check_full_secret(ctx, homedir, fpr, err, errlen) < 0 ||
	     gpg_feed_passphrase(ctx, &feed) != 0 ||
	     gpg_export_armored(ctx, fpr, GPGME_EXPORT_MODE_SECRET, GPG_SECRET_ARMOR, &secret,
				&slen, err, errlen) < 0))
		goto out;
	if (gpg_export_armored(ctx, fpr, 0, GPG_PUBLIC_ARMOR, &public, &plen, err, errlen) < 0)
		goto out;
	/* gpg made this certificate with the key; the home it is in goes away after the wizard. */
	snprintf(revpath, sizeof(revpath), "%s/openpgp-revocs.d/%s.rev", homedir, fpr);
	revocation = file_read_all(revpath, &rlen, KEY_FILE_MAX);
	if (!revocation) {
		snprintf(err, errlen, _("cannot read the revocation certificate %s: %s"), revpath,
			 strerror(errno));
		goto out;
	}
	if ((passphrase &&
	     write_file(files->secret, secret, slen, 0600, &created[0], err, errlen) < 0) ||
	    write_file(files->public, public, plen, 0644, &created[1], err, errlen) < 0 ||
	    write_file(files->revocation, revocation, rlen, 0600, &created[2], err, errlen) < 0)
		goto out;
	parent_of(homedir, scratch, sizeof(scratch));
	ret = passphrase ? key_backup_check(files, fpr, passphrase, scratch, err, errlen)
			 : check_public(files, fpr, scratch, err, errlen);
out:
	if (ret < 0) {
		/* Half a backup would pass for a whole one: take back what this call added. */
		if (created[0])
			unlink(files->secret);
		if (created[1])
			unlink(files->public);
		if (created[2])
			unlink(files->revocation);
	}
	gpgme_free(secret);
	gpgme_free(public);
	free(revocation);
	gpgme_release(ctx);
	return ret;
}

int key_backup_write(const char *homedir, const char *fpr, const struct secret *passphrase,
		     const char *dir, struct key_backup *files, char *err, size_t errlen)
{
	if (!passphrase) {
		snprintf(err, errlen, _("the new key needs a passphrase"));
		return -1;
	}
	return write_backup(homedir, fpr, passphrase, dir, files, err, errlen);
}

int key_backup_write_public(const char *homedir, const char *fpr, const char *dir,
			    struct key_backup *files, char *err, size_t errlen)
{
	return write_backup(homedir, fpr, NULL, dir, files, err, errlen);
}
