/* boot-run.c - one boot from the menu: verify or say why not, measure the mode, kexec. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/kexec.h"
#include "boot/verify-entry.h"
#include "common/xmalloc.h"
#include "hw/measure.h"
#include "i18n.h"
#include "ui/boot-lock.h"
#include "ui/boot-run.h"

struct sayer {
	ui_say_fn say;
	void *ctx;
};

static void sayf(const struct sayer *to, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sayf(const struct sayer *to, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (line && to->say)
		to->say(to->ctx, line);
	free(line);
}

bool ui_boot_have_keys(const struct ui_session *s)
{
	/* init names the ROM keyring only when it holds keys; a named one must be used. */
	return s->cfg.keyring != NULL;
}

bool ui_boot_unverified_allowed(const struct ui_session *s)
{
	return !s->cfg.restricted;
}

/* Verify, saying the outcome; -1 with the cause and file as bootverify has them. */
static int verify(const struct ui_session *s, const struct boot_entry *e,
		  const struct sayer *to, char *err, size_t errlen)
{
	struct bootverify_result *res = xcalloc(1, sizeof(*res));
	int ret = -1;

	sayf(to, _("Verifying %s against the ROM keys..."), e->device ? e->device : e->host_root);
	if (verify_entry(e, s->cfg.keyring, NULL, res) != BV_OK) {
		snprintf(err, errlen, _("boot refused: %s"), res->message);
	} else {
		sayf(to, _("verified: %zu files match the manifest signed by %s (%s)"), res->files,
		     res->signer.uid[0] ? res->signer.uid : _("(no user id)"), res->signer.fpr);
		if (res->counter_checked)
			sayf(to, _("rollback counter: manifest %llu, TPM %llu"),
			     (unsigned long long)res->counter.value,
			     (unsigned long long)res->tpm_counter.value);
		else
			sayf(to, _("rollback counter: none in the manifest, not checked"));
		ret = 0;
	}
	free(res);
	return ret;
}

/* The check before kexec; -1 with err when it stops the boot. */
static int check(struct ui_session *s, const struct ui_boot_request *r, enum boot_check c,
		 const struct sayer *to, char *err, size_t errlen)
{
	const struct boot_entry *e = s->entries.items[r->entry];

	switch (c) {
	case BOOT_CHECK_FORBIDDEN:
		snprintf(err, errlen, r->cmdline
			 ? _("boot refused: an edited command line is not allowed here "
			     "(restricted = yes)")
			 : _("boot refused: unverified boots are not allowed here (restricted = yes)"));
		return -1;
	case BOOT_CHECK_UNVERIFIED:
		sayf(to, _("UNVERIFIED boot of '%s', chosen on this console: recorded in PCR %d, "
			   "so secrets sealed to a verified boot stay sealed"),
		     e->name, MEASURE_PCR_BOOT_MODE);
		return 0;
	case BOOT_CHECK_NO_KEYS:
		sayf(to, _("not verified: no keys in the ROM"));
		return 0;
	case BOOT_CHECK_VERIFY:
	default:
		return verify(s, e, to, err, errlen);
	}
}

int ui_boot(struct ui_session *s, const struct ui_boot_request *r, ui_say_fn say, void *ctx,
	    bool *refused, char *err, size_t errlen)
{
	const struct sayer to = { say, ctx };
	const struct boot_entry *e = s->entries.items[r->entry];
	enum boot_check c = boot_check_choose(ui_boot_have_keys(s), r->unverified || r->cmdline,
					      s->cfg.restricted);
	struct kexec_options opt = {
		.cmdline_add = s->cfg.cmdline_add,
		.cmdline_remove = s->cfg.cmdline_remove,
		.cmdline = r->cmdline,
		.boot_mode = boot_check_mode(c, boot_entry_from_usb(e, NULL)),
		.handoff = 1,
		.jump = r->jump,
		.jump_ctx = r->jump_ctx,
	};
	struct kexec_plan plan;
	int ret = -1, lock;

	*refused = false;
	/* Held until kexec jumps (the lock goes with this kernel) or the boot fails. */
	lock = boot_lock_take(s->boot_lock, s->console, err, errlen);
	if (lock < 0)
		return -1;
	sayf(&to, _("Booting '%s'"), e->name);
	if (check(s, r, c, &to, err, errlen) < 0) {
		*refused = true;
		goto out;
	}
	if (kexec_plan_build(e, &opt, &plan, err, errlen) < 0)
		goto out;
	sayf(&to, _("Starting %s with kexec (boot mode: %s)"), e->name, opt.boot_mode);
	ret = kexec_boot_plan(e, &plan, &opt, err, errlen);
	kexec_plan_free(&plan);
out:
	boot_lock_release(lock);
	return ret;
}
