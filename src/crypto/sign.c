/* sign.c - build, sign, self-check and store the manifest of a boot partition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/manifest-store.h"
#include "crypto/sign.h"
#include "hw/tpm-counter.h"
#include "i18n.h"

static int tpm_counter_current(void *ctx, uint32_t nv_index, uint64_t *value, bool *created,
			       char *err, size_t errlen)
{
	char why[512];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	uint32_t defined;
	int made = 0, ret;

	(void)ctx;
	if (!tpm) {
		snprintf(err, errlen, _("no TPM for the rollback counter: %s"), why);
		return -1;
	}
	ret = tpm_counter_define(tpm, nv_index, &defined, &made, why, sizeof(why));
	if (ret == 0)
		ret = tpm_counter_read(tpm, nv_index, value, why, sizeof(why));
	tpm_close(tpm);
	if (ret < 0) {
		snprintf(err, errlen, _("rollback counter 0x%08x: %s"), (unsigned)nv_index, why);
		return -1;
	}
	*created = made;
	return 0;
}

static int tpm_counter_next(void *ctx, uint32_t nv_index, uint64_t *value, char *err,
			    size_t errlen)
{
	char why[512];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	int ret;

	(void)ctx;
	if (!tpm) {
		snprintf(err, errlen, _("no TPM for the rollback counter: %s"), why);
		return -1;
	}
	ret = tpm_counter_increment(tpm, nv_index, value, why, sizeof(why));
	tpm_close(tpm);
	if (ret < 0) {
		snprintf(err, errlen, _("rollback counter 0x%08x: %s"), (unsigned)nv_index, why);
		return -1;
	}
	return 0;
}

const struct sign_counter sign_tpm_counter = { tpm_counter_current, tpm_counter_next, NULL };

/* The counter value the new manifest records: the current one, or the one after it. */
static int counter_to_record(const struct sign_opts *opts, struct manifest_counter *c,
			     bool *created, char *err, size_t errlen)
{
	const struct sign_counter *mc = opts->move_counter;
	uint64_t now;

	*created = false;
	*c = opts->counter;
	if (!mc)
		return 0;
	if (opts->counter.present) {
		snprintf(err, errlen, _("internal error: both a counter value and a counter to move"));
		return -1;
	}
	c->present = true;
	c->nv_index = opts->nv_index ? opts->nv_index : MANIFEST_NV_INDEX_DEFAULT;
	if (mc->current(mc->ctx, c->nv_index, &now, created, err, errlen) < 0)
		return -1;
	if (!*created && now == UINT64_MAX) {
		snprintf(err, errlen, _("rollback counter 0x%08x is at its maximum"),
			 (unsigned)c->nv_index);
		return -1;
	}
	c->value = *created ? now : now + 1;
	return 0;
}

/* The new pair is signed and checked: move the counter to the value it records. */
static int move_counter(const struct sign_opts *opts, const struct manifest_counter *c,
			bool created, char *err, size_t errlen)
{
	const struct sign_counter *mc = opts->move_counter;
	uint64_t after;

	if (!mc || created)
		return 0;
	if (mc->increment(mc->ctx, c->nv_index, &after, err, errlen) < 0)
		return -1;
	if (after != c->value) {
		snprintf(err, errlen,
			 _("rollback counter 0x%08x moved to %llu while signing, not to %llu: "
			   "the new manifest was not stored; sign again"),
			 (unsigned)c->nv_index, (unsigned long long)after,
			 (unsigned long long)c->value);
		return -1;
	}
	return 0;
}

/* vigil/ and the stage hold only the pair: anything else there would be signed, then lost. */
static int check_reserved_dirs(const struct manifest *m, char *err, size_t errlen)
{
	static const char *const dirs[] = { MANIFEST_DIR "/", MANIFEST_STAGE_DIR "/" };
	size_t i, k;
	char *esc;

	for (i = 0; i < m->count; i++) {
		for (k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
			if (strncmp(m->entries[i].path, dirs[k], strlen(dirs[k])))
				continue;
			esc = manifest_escape(m->entries[i].path);
			snprintf(err, errlen,
				 _("%s: only the manifest and its signature belong in %s; move it"),
				 esc, dirs[k]);
			free(esc);
			return -1;
		}
	}
	return 0;
}

int sign_boot(const char *root, const struct sign_opts *opts, struct sign_result *res,
	      char *err, size_t errlen)
{
	struct gpg_sign_opts gopts = { opts->gnupghome, opts->key, opts->pin, opts->pin_ctx };
	struct gpg_signer check;
	struct manifest m, reread;
	char *text = NULL, *sig = NULL, why[512];
	size_t len, sig_len, i;
	bool created;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (manifest_store_clean(root, err, errlen) < 0)
		return -1;
	if (manifest_build(root, &opts->walk, &opts->counter, &m, err, errlen) < 0)
		return -1;
	if (check_reserved_dirs(&m, err, errlen) < 0)
		goto out;
	/* After the tree walk, so an unsignable tree never creates the counter. */
	if (counter_to_record(opts, &m.counter, &created, err, errlen) < 0)
		goto out;
	text = manifest_format(&m, &len);
	/* What we sign must be what the verifier reads. */
	if (manifest_parse(&reread, text, len, MANIFEST_NAME, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("internal error: the new manifest does not parse: %s"), why);
		goto out;
	}
	manifest_free(&reread);
	if (gpg_sign_detached(&gopts, text, len, &sig, &sig_len, &res->signer, err, errlen) < 0)
		goto out;
	if (gpg_verify_detached(opts->gnupghome, text, len, sig, sig_len, &check, why,
				sizeof(why)) != GPG_GOOD) {
		snprintf(err, errlen, _("the new signature does not verify: %s"), why);
		goto out;
	}
	if (move_counter(opts, &m.counter, created, err, errlen) < 0)
		goto out;
	if (manifest_store_write(root, text, len, sig, sig_len, err, errlen) < 0)
		goto out;
	res->counter = m.counter;
	res->counter_created = created;
	res->files = m.count;
	for (i = 0; i < m.count; i++)
		res->bytes += m.entries[i].size;
	ret = 0;
out:
	free(text);
	free(sig);
	manifest_free(&m);
	return ret;
}
