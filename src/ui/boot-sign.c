/* boot-sign.c - sign the default entry's partition: card, remount, sign_boot, remount back. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "hw/remount.h"
#include "i18n.h"
#include "ui/boot-sign.h"

static void sayf(const struct ui_sign_io *io, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sayf(const struct ui_sign_io *io, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (!io->say)
		return;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (line)
		io->say(io->ctx, line);
	free(line);
}

const char *ui_sign_root(const struct ui_session *s, char *err, size_t errlen)
{
	const struct boot_entry *e;

	if (!s->entries.count) {
		snprintf(err, errlen, _("no boot entries were found"));
		return NULL;
	}
	e = s->entries.items[s->default_entry];
	if (!e->host_root) {
		snprintf(err, errlen, _("the partition of '%s' is not mounted here"), e->name);
		return NULL;
	}
	return e->host_root;
}

/* Whether gpg asked for the PIN: a failure after that is the PIN's (or the card's). */
struct pin_watch {
	const struct ui_sign_io *io;
	bool asked;
};

/* Asked once: a card counts every wrong PIN, so a refused one is not retried on its own. */
static int watch_pin(void *ctx, const char *hint, bool again, char *pin, size_t pinlen)
{
	struct pin_watch *w = ctx;

	if (again)
		return -1;
	w->asked = true;
	return w->io->pin(w->io->ctx, hint, false, pin, pinlen);
}

int ui_sign_default(struct ui_session *s, const struct ui_sign_io *io,
		    struct ui_sign_outcome *out, char *err, size_t errlen)
{
	struct pin_watch watch = { io, false };
	struct sign_opts opts = {
		.gnupghome = s->cfg.keyring,
		.pin = watch_pin,
		.pin_ctx = &watch,
		.walk = { .progress = io->progress, .ctx = io->ctx },
	};
	char card_why[256], why[1024], back[sizeof(out->warning)];
	struct remount mount;
	bool was_readonly;
	int ret;

	memset(out, 0, sizeof(*out));
	out->root = ui_sign_root(s, err, errlen);
	if (!out->root)
		return -1;
	if (!s->cfg.keyring) {
		snprintf(err, errlen, _("no keys in the ROM: the owner's public key must be there"));
		return -1;
	}
	/* With a TPM the rollback counter moves, so older signed trees stop verifying. */
	if (s->integrity.tpm == UI_TPM_PRESENT)
		opts.move_counter = &sign_tpm_counter;
	sayf(io, _("Looking for the owner's OpenPGP card..."));
	/* A key in the keyring signs without a card: the card's absence only explains a failure. */
	if (gpg_card_learn(s->cfg.keyring, card_why, sizeof(card_why)) == 0)
		card_why[0] = '\0';
	if (remount_writable(&mount, out->root, err, errlen) < 0)
		return -1;
	if (mount.was_readonly)
		sayf(io, _("%s is writable until the signature is written"), out->root);
	sayf(io, _("Hashing every file of %s..."), out->root);
	ret = sign_boot(out->root, &opts, &out->res, why, sizeof(why));
	if (ret < 0 && !watch.asked && card_why[0])
		snprintf(err, errlen, _("signing failed: %s (%s)"), why, card_why);
	else if (ret < 0)
		snprintf(err, errlen, _("signing failed: %s"), why);
	was_readonly = mount.was_readonly;
	if (remount_restore(&mount, back, sizeof(back)) < 0) {
		if (ret == 0)
			snprintf(out->warning, sizeof(out->warning), "%s", back);
		else
			snprintf(err + strlen(err), errlen - strlen(err), "; %s", back);
	} else if (was_readonly) {
		sayf(io, _("%s is read-only again"), out->root);
	}
	return ret;
}

void ui_sign_describe(const struct ui_sign_outcome *out, struct strlist *lines)
{
	const struct sign_result *r = &out->res;

	strlist_push(lines, xasprintf(_("Signed %s: %zu files, %llu bytes, by %s (%s)"), out->root,
				      r->files, (unsigned long long)r->bytes,
				      r->signer.uid[0] ? r->signer.uid : _("(no user id)"),
				      r->signer.fpr));
	if (!r->counter.present)
		strlist_pushdup(lines, _("Rollback counter: none (no TPM): an older signed /boot "
					 "still verifies"));
	else if (r->counter_created)
		strlist_push(lines, xasprintf(_("Rollback counter: %llu (TPM NV index 0x%08x, "
						"created by this signing)"),
					      (unsigned long long)r->counter.value,
					      (unsigned)r->counter.nv_index));
	else
		strlist_push(lines, xasprintf(_("Rollback counter: %llu (TPM NV index 0x%08x): "
						"older signatures no longer verify"),
					      (unsigned long long)r->counter.value,
					      (unsigned)r->counter.nv_index));
	if (out->warning[0])
		strlist_push(lines, xasprintf(_("Warning: %s"), out->warning));
}
