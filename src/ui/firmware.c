/* firmware.c - find ROM files, check the chosen one against this machine and its keys, write it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "crypto/hash.h"
#include "hw/romedit.h"
#include "i18n.h"
#include "ui/firmware.h"
#include "ui/session.h"

void ui_firmware_find(const struct ui_session *s, struct ui_stick_files *files)
{
	static const char *const exts[] = { ".rom", NULL };

	ui_stick_files_find(s, exts, files);
}

bool ui_firmware_signed(const char *rom)
{
	struct flash_update_opts o = { .new_rom = rom };

	return flash_update_signature_exists(&o);
}

int ui_firmware_prepare(const struct ui_session *s, const char *rom, bool allow_unsigned,
			struct ui_firmware_update *fw, char *err, size_t errlen)
{
	memset(fw, 0, sizeof(*fw));
	if (allow_unsigned && s->cfg.restricted && !ui_firmware_signed(rom)) {
		snprintf(err, errlen, _("%s has no signature, and this machine is restricted "
					"(restricted = yes): only signed firmware is written"), rom);
		return -1;
	}
	snprintf(fw->work_dir, sizeof(fw->work_dir), "/tmp/vigil-firmware.XXXXXX");
	if (!mkdtemp(fw->work_dir)) {
		snprintf(err, errlen, _("cannot make a folder for the new firmware: %s"),
			 strerror(errno));
		return -1;
	}
	fw->opts = (struct flash_update_opts){
		.new_rom = rom,
		.allow_unsigned = allow_unsigned,
		.gnupghome = s->cfg.keyring ? s->cfg.keyring : UI_DEFAULT_KEYRING,
		.cbfstool = romedit_cbfstool(NULL),
		.work_dir = fw->work_dir,
	};
	if (flash_open(&fw->flash, s->cfg.flash, err, errlen) < 0 ||
	    flash_update_prepare(&fw->update, &fw->flash, &fw->opts, err, errlen) < 0) {
		rmdir(fw->work_dir);
		return -1;
	}
	fw->prepared = true;
	return 0;
}

void ui_firmware_describe(const struct ui_firmware_update *fw, struct strlist *lines)
{
	const struct flash_update *u = &fw->update;
	char hex[SHA256_HEX_LEN + 1];

	strlist_push(lines, xasprintf(_("New firmware: %s"), fw->opts.new_rom));
	strlist_push(lines, xasprintf(_("For: %s (coreboot %s)"), u->info.board, u->info.version));
	strlist_push(lines, xasprintf(_("sha256: %s"), u->info.sha256));
	if (u->is_signed)
		strlist_push(lines, xasprintf(_("Signed by: %s %s"), u->signer.fpr, u->signer.uid));
	else
		strlist_push(lines, xasprintf(_("Signed by: nobody (you compared the sha256)")));
	strlist_push(lines, xasprintf(_("Kept from this ROM: %zu files (keys, settings)"),
				      u->carried));
	hash_hex(u->info.pcr2.pcr, SHA256_LEN, hex);
	strlist_push(lines, xasprintf(_("PCR 2 after the update: %s"), hex));
	hash_hex(u->pcr7, SHA256_LEN, hex);
	strlist_push(lines, xasprintf(_("PCR 7 after the update: %s"), hex));
	strlist_pushdup(lines, _("The TOTP secret must be sealed again after the next power-on."));
}

int ui_firmware_write(struct ui_firmware_update *fw, flash_progress_fn fn, void *ctx, char *err,
		      size_t errlen)
{
	int ret = flash_update_write(&fw->update, &fw->flash, fn, ctx, err, errlen);

	ui_firmware_done(fw);
	return ret;
}

void ui_firmware_done(struct ui_firmware_update *fw)
{
	if (fw->prepared) {
		flash_update_done(&fw->update);
		rmdir(fw->work_dir);
	}
	fw->prepared = false;
}

int ui_firmware_sha256(const char *path, char hex[SHA256_HEX_LEN + 1], char *err, size_t errlen)
{
	uint8_t digest[SHA256_LEN];

	if (hash_sha256_file(path, digest) < 0) {
		snprintf(err, errlen, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	hash_hex(digest, SHA256_LEN, hex);
	return 0;
}
