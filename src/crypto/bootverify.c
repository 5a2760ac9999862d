/* bootverify.c - signature, key, counter and every file of the boot partition, failing closed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/bootverify.h"
#include "crypto/manifest-store.h"
#include "i18n.h"

#define SIG_PATH MANIFEST_DIR "/" MANIFEST_SIG_NAME
#define MANIFEST_PATH MANIFEST_DIR "/" MANIFEST_NAME

static const char *const status_names[] = {
	[BV_OK] = "ok",
	[BV_NO_MANIFEST] = "no-manifest",
	[BV_NO_SIGNATURE] = "no-signature",
	[BV_BAD_SIGNATURE] = "bad-signature",
	[BV_KEY_NOT_IN_ROM] = "key-not-in-rom",
	[BV_KEY_EXPIRED] = "key-expired",
	[BV_KEY_REVOKED] = "key-revoked",
	[BV_SIG_EXPIRED] = "signature-expired",
	[BV_MALFORMED] = "malformed-manifest",
	[BV_ROLLBACK] = "rollback",
	[BV_COUNTER_MISMATCH] = "counter-mismatch",
	[BV_COUNTER_UNREADABLE] = "counter-unreadable",
	[BV_FILE_MODIFIED] = "file-modified",
	[BV_FILE_ADDED] = "file-added",
	[BV_FILE_REMOVED] = "file-removed",
	[BV_SPECIAL_FILE] = "special-file",
	[BV_ERROR] = "error",
};

const char *bootverify_status_name(enum bootverify_status status)
{
	if ((size_t)status < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[status];
	return "unknown";
}

static enum bootverify_status fail(struct bootverify_result *res, enum bootverify_status status,
				   const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static enum bootverify_status fail(struct bootverify_result *res, enum bootverify_status status,
				   const char *file, const char *fmt, ...)
{
	va_list ap;

	res->status = status;
	snprintf(res->file, sizeof(res->file), "%s", file ? file : "");
	va_start(ap, fmt);
	vsnprintf(res->message, sizeof(res->message), fmt, ap);
	va_end(ap);
	return status;
}

/* Same as fail(), with the raw path escaped for the screen. */
static enum bootverify_status fail_path(struct bootverify_result *res,
					enum bootverify_status status, const char *raw,
					const char *what, const char *detail)
{
	char *esc = manifest_escape(raw);

	if (detail)
		fail(res, status, esc, "%s: %s (%s)", what, esc, detail);
	else
		fail(res, status, esc, "%s: %s", what, esc);
	free(esc);
	return status;
}

static enum bootverify_status check_signature(const struct manifest_pair *pair,
					      const struct bootverify_opts *opts,
					      struct bootverify_result *res)
{
	char err[512];
	enum gpg_verdict v = gpg_verify_detached(opts->gnupghome, pair->manifest,
						 pair->manifest_len, pair->sig, pair->sig_len,
						 &res->signer, err, sizeof(err));

	switch (v) {
	case GPG_GOOD:
		return BV_OK;
	case GPG_UNKNOWN_KEY:
		return fail(res, BV_KEY_NOT_IN_ROM, SIG_PATH,
			    _("signing key not in the ROM keyring: %s: %s"), SIG_PATH, err);
	case GPG_KEY_EXPIRED:
		return fail(res, BV_KEY_EXPIRED, SIG_PATH, _("expired key: %s: %s"), SIG_PATH, err);
	case GPG_KEY_REVOKED:
		return fail(res, BV_KEY_REVOKED, SIG_PATH, _("revoked key: %s: %s"), SIG_PATH, err);
	case GPG_SIG_EXPIRED:
		return fail(res, BV_SIG_EXPIRED, SIG_PATH, _("expired signature: %s: %s"), SIG_PATH,
			    err);
	case GPG_FAILED:
		return fail(res, BV_ERROR, SIG_PATH, _("cannot check the signature: %s: %s"),
			    SIG_PATH, err);
	case GPG_BAD_SIGNATURE:
	default:
		return fail(res, BV_BAD_SIGNATURE, SIG_PATH, _("bad signature: %s: %s"), SIG_PATH, err);
	}
}

static enum bootverify_status check_counter(const struct manifest *m,
					    const struct bootverify_opts *opts,
					    struct bootverify_result *res)
{
	struct manifest_counter read = { 0 };
	const struct manifest_counter *tpm = &opts->tpm;
	char err[512];

	res->counter = m->counter;
	if (!tpm->present && opts->read_counter && m->counter.present) {
		read.present = true;
		read.nv_index = m->counter.nv_index;
		int rc = opts->read_counter(m->counter.nv_index, &read.value,
					    opts->read_counter_ctx, err, sizeof(err));

		if (rc == 1)
			snprintf(err, sizeof(err), _("the TPM has no such counter"));
		if (rc != 0)
			return fail(res, BV_COUNTER_UNREADABLE, MANIFEST_PATH,
				    _("rollback counter unreadable: %s names TPM NV index 0x%08x: %s"),
				    MANIFEST_PATH, (unsigned)m->counter.nv_index, err);
		tpm = &read;
	} else if (!tpm->present && opts->read_counter) {
		/*
		 * Signed without a counter: fine on a machine that has none, but
		 * once firmware signing created the default one, such a manifest
		 * is an old one put back.
		 */
		int rc;

		read.present = true;
		read.nv_index = MANIFEST_NV_INDEX_DEFAULT;
		rc = opts->read_counter(read.nv_index, &read.value, opts->read_counter_ctx, err,
					sizeof(err));
		if (rc < 0)
			return fail(res, BV_COUNTER_UNREADABLE, MANIFEST_PATH,
				    _("rollback counter unreadable: %s has none, and the TPM cannot "
				      "say whether its default counter 0x%08x exists: %s"),
				    MANIFEST_PATH, (unsigned)read.nv_index, err);
		if (rc == 0)
			tpm = &read;
	}
	if (!tpm->present)
		return BV_OK;	/* no TPM: the caller says so to the user */
	res->counter_checked = true;
	res->tpm_counter = *tpm;
	if (!m->counter.present)
		return fail(res, BV_ROLLBACK, MANIFEST_PATH,
			    _("rollback: %s was signed without a rollback counter, but the TPM "
			      "counter is at %llu"),
			    MANIFEST_PATH, (unsigned long long)tpm->value);
	if (tpm->nv_index && m->counter.nv_index != tpm->nv_index)
		return fail(res, BV_COUNTER_MISMATCH, MANIFEST_PATH,
			    _("counter mismatch: %s names TPM NV index 0x%08x, this TPM's counter "
			      "is 0x%08x"),
			    MANIFEST_PATH, (unsigned)m->counter.nv_index, (unsigned)tpm->nv_index);
	if (m->counter.value < tpm->value)
		return fail(res, BV_ROLLBACK, MANIFEST_PATH,
			    _("rollback: %s has counter %llu, older than the TPM counter %llu "
			      "(an older signed state was put back)"),
			    MANIFEST_PATH, (unsigned long long)m->counter.value,
			    (unsigned long long)tpm->value);
	return BV_OK;
}

/* Walk both sorted lists together: the first difference in path order wins. */
static enum bootverify_status compare_lists(const struct manifest *signed_m,
					    const struct manifest *disk,
					    struct bootverify_result *res)
{
	size_t i = 0, j = 0;
	char detail[96];

	while (i < signed_m->count || j < disk->count) {
		const struct manifest_entry *s = i < signed_m->count ? &signed_m->entries[i] : NULL;
		const struct manifest_entry *d = j < disk->count ? &disk->entries[j] : NULL;
		int c = !s ? 1 : !d ? -1 : strcmp(s->path, d->path);

		if (c < 0)
			return fail_path(res, BV_FILE_REMOVED, s->path, _("file removed"), NULL);
		if (c > 0)
			return fail_path(res, BV_FILE_ADDED, d->path, _("file added"), NULL);
		if (s->type != d->type)
			return fail_path(res, BV_FILE_MODIFIED, s->path, _("file modified"),
					 s->type == MANIFEST_FILE
						 ? _("was a file, is now a symbolic link")
						 : _("was a symbolic link, is now a file"));
		if (s->type == MANIFEST_LINK && strcmp(s->target, d->target))
			return fail_path(res, BV_FILE_MODIFIED, s->path, _("file modified"),
					 _("symbolic link points elsewhere"));
		if (s->type == MANIFEST_FILE && s->size != d->size) {
			snprintf(detail, sizeof(detail), _("size %llu bytes, signed as %llu"),
				 (unsigned long long)d->size, (unsigned long long)s->size);
			return fail_path(res, BV_FILE_MODIFIED, s->path, _("file modified"), detail);
		}
		i++;
		j++;
	}
	return BV_OK;
}

static enum bootverify_status tree_failure(struct manifest_tree *t, const char *err,
					   struct bootverify_result *res)
{
	const char *file = t->error_path ? t->error_path : "";

	switch (t->error) {
	case TREE_SPECIAL_FILE:
		return fail(res, BV_SPECIAL_FILE, file, _("file not allowed: %s"), err);
	case TREE_CHANGED:
		return fail(res, BV_FILE_MODIFIED, file, _("file modified: %s"), err);
	default:
		return fail(res, BV_ERROR, file, _("cannot read the boot partition: %s"), err);
	}
}

static enum bootverify_status check_tree(const char *root, const struct manifest *m,
					 const struct bootverify_opts *opts,
					 struct bootverify_result *res)
{
	struct manifest_tree t;
	struct manifest disk;
	enum bootverify_status st;
	char err[MANIFEST_MAX_PATH * 4 + 256];
	size_t i;

	if (manifest_tree_open(&t, root, &opts->walk, err, sizeof(err)) < 0)
		return fail(res, BV_ERROR, "", _("cannot read the boot partition: %s"), err);
	if (manifest_tree_scan(&t, &disk, err, sizeof(err)) < 0) {
		st = tree_failure(&t, err, res);
		manifest_tree_close(&t);
		return st;
	}
	st = compare_lists(m, &disk, res);
	manifest_free(&disk);
	for (i = 0; st == BV_OK && i < m->count; i++) {
		const struct manifest_entry *e = &m->entries[i];
		uint8_t digest[SHA256_LEN];
		uint64_t size;

		if (e->type != MANIFEST_FILE)
			continue;
		if (manifest_tree_hash(&t, e->path, digest, &size, err, sizeof(err)) < 0)
			st = tree_failure(&t, err, res);
		else if (size != e->size || memcmp(digest, e->sha256, SHA256_LEN))
			st = fail_path(res, BV_FILE_MODIFIED, e->path, _("file modified"),
				       size != e->size ? _("size changed while reading")
						       : _("contents differ from the signed sha256"));
	}
	res->bytes = t.done;
	manifest_tree_close(&t);
	return st;
}

/* The story of a success too, for "verified: ..." lines and logs. */
static void describe_success(struct bootverify_result *res)
{
	const char *uid = res->signer.uid[0] ? res->signer.uid : _("(no user id)");

	if (res->counter_checked)
		snprintf(res->message, sizeof(res->message),
			 _("%zu files match the manifest signed by %s (%s); rollback counter %llu, "
			   "TPM counter %llu"),
			 res->files, uid, res->signer.fpr, (unsigned long long)res->counter.value,
			 (unsigned long long)res->tpm_counter.value);
	else
		snprintf(res->message, sizeof(res->message),
			 _("%zu files match the manifest signed by %s (%s); rollback counter not "
			   "checked"),
			 res->files, uid, res->signer.fpr);
}

enum bootverify_status bootverify(const char *root, const struct bootverify_opts *opts,
				  struct bootverify_result *res)
{
	struct manifest_pair pair;
	struct manifest m;
	char err[512];
	enum bootverify_status st;

	memset(res, 0, sizeof(*res));
	switch (manifest_store_read(root, &pair, err, sizeof(err))) {
	case STORE_OK:
		break;
	case STORE_NO_MANIFEST:
		return fail(res, BV_NO_MANIFEST, MANIFEST_PATH,
			    _("no manifest: %s is missing (sign the boot partition with 'vigil sign')"),
			    MANIFEST_PATH);
	case STORE_NO_SIGNATURE:
		return fail(res, BV_NO_SIGNATURE, SIG_PATH, _("no signature: %s is missing"),
			    SIG_PATH);
	default:
		return fail(res, BV_ERROR, MANIFEST_PATH, _("cannot read the manifest: %s"), err);
	}
	/* Authenticate before parsing: the reader only ever sees signed bytes. */
	st = check_signature(&pair, opts, res);
	if (st == BV_OK && manifest_parse(&m, pair.manifest, pair.manifest_len, MANIFEST_PATH, err,
					  sizeof(err)) < 0)
		st = fail(res, BV_MALFORMED, MANIFEST_PATH, _("malformed manifest: %s"), err);
	manifest_pair_free(&pair);
	if (st != BV_OK)
		return st;
	st = check_counter(&m, opts, res);
	if (st == BV_OK)
		st = check_tree(root, &m, opts, res);
	if (st == BV_OK) {
		res->files = m.count;
		res->status = BV_OK;
		describe_success(res);
	}
	manifest_free(&m);
	return st;
}
