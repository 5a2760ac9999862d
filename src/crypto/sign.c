/* sign.c - build, sign, self-check and store the manifest of a boot partition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/manifest-store.h"
#include "crypto/sign.h"
#include "i18n.h"

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
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (manifest_store_clean(root, err, errlen) < 0)
		return -1;
	if (manifest_build(root, &opts->walk, &opts->counter, &m, err, errlen) < 0)
		return -1;
	if (check_reserved_dirs(&m, err, errlen) < 0)
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
	if (manifest_store_write(root, text, len, sig, sig_len, err, errlen) < 0)
		goto out;
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
