/* flash-update.c - a firmware update, checked and put together in memory before the flash is touched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "hw/flash-update.h"
#include "hw/romedit.h"
#include "hw/romfiles.h"
#include "i18n.h"

#define SIGNATURE_MAX_SIZE (64u << 10)

/* The signature to check: the one named, else NEW.sig or NEW.asc next to the ROM; NULL if none. */
static char *find_signature(const struct flash_update_opts *o)
{
	static const char *const ext[] = { ".sig", ".asc" };
	char *path;
	size_t i;

	if (o->signature)
		return xstrdup(o->signature);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		path = xasprintf("%s%s", o->new_rom, ext[i]);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

bool flash_update_signature_exists(const struct flash_update_opts *o)
{
	char *path = find_signature(o);
	bool there = path && access(path, F_OK) == 0;

	free(path);
	return there;
}

static int check_signature(struct flash_update *u, const struct flash_update_opts *o,
			   const uint8_t *rom, size_t len, char *err, size_t errlen)
{
	char *sig_path = find_signature(o), *sig, why[512];
	size_t sig_len;
	enum gpg_verdict v;

	if (!sig_path) {
		if (o->allow_unsigned)
			return 0;
		snprintf(err, errlen, _("%s has no signature (%s.sig): sign it with a key the ROM "
					"holds, or compare its sha256 %s with the published one and "
					"allow an unsigned update"), o->new_rom, o->new_rom, u->info.sha256);
		return -1;
	}
	sig = file_read_all(sig_path, &sig_len, SIGNATURE_MAX_SIZE);
	if (!sig) {
		snprintf(err, errlen, _("signature %s: %s"), sig_path, strerror(errno));
		free(sig_path);
		return -1;
	}
	/* A signature that is there must be good, even when unsigned updates are allowed. */
	v = gpg_verify_detached(o->gnupghome, rom, len, sig, sig_len, &u->signer, why, sizeof(why));
	free(sig);
	if (v != GPG_GOOD) {
		snprintf(err, errlen, _("%s: signature %s is not good: %s"), o->new_rom, sig_path, why);
		free(sig_path);
		return -1;
	}
	free(sig_path);
	u->is_signed = true;
	return 0;
}

static int predict_pcr7(struct flash_update *u, char *err, size_t errlen)
{
	struct romfiles files;
	char why[256];
	size_t len;
	uint8_t *rom = (uint8_t *)file_read_all(u->image, &len, ROM_FILE_MAX_SIZE);

	if (!rom) {
		snprintf(err, errlen, _("%s: %s"), u->image, strerror(errno));
		return -1;
	}
	if (romfiles_read(rom, len, &files, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("the image to flash, %s: %s"), u->image, why);
		free(rom);
		return -1;
	}
	romfiles_predict_pcr7(&files, u->pcr7);
	romfiles_free(&files);
	free(rom);
	return 0;
}

int flash_update_prepare(struct flash_update *u, const struct flash *flash,
			 const struct flash_update_opts *o, char *err, size_t errlen)
{
	uint8_t *cur = NULL, *rom = NULL;
	size_t cur_len, len;
	char why[512];
	int ret = -1;

	memset(u, 0, sizeof(*u));
	if (mkdir(o->work_dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, _("cannot create %s: %s"), o->work_dir, strerror(errno));
		return -1;
	}
	snprintf(u->current, sizeof(u->current), "%s/flash-current.rom", o->work_dir);
	snprintf(u->image, sizeof(u->image), "%s/flash-new.rom", o->work_dir);
	rom = (uint8_t *)file_read_all(o->new_rom, &len, ROM_FILE_MAX_SIZE);
	if (!rom) {
		snprintf(err, errlen, _("new ROM %s: %s"), o->new_rom, strerror(errno));
		goto out;
	}
	if (flash_read(flash, u->current, err, errlen) < 0)
		goto out;
	cur = (uint8_t *)file_read_all(u->current, &cur_len, ROM_FILE_MAX_SIZE);
	if (!cur) {
		snprintf(err, errlen, _("the flash as read, %s: %s"), u->current, strerror(errno));
		goto out;
	}
	if (romupdate_check(cur, cur_len, rom, len, &u->info, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", o->new_rom, why);
		goto out;
	}
	if (check_signature(u, o, rom, len, err, errlen) < 0)
		goto out;
	if (file_write_atomic(u->image, rom, len, 0600) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), u->image, strerror(errno));
		goto out;
	}
	if (!o->erase_settings &&
	    romupdate_carry_files(cur, cur_len, u->image, o->cbfstool, &u->carried, err, errlen) < 0)
		goto out;
	if (predict_pcr7(u, err, errlen) < 0)
		goto out;
	ret = 0;
out:
	free(cur);
	free(rom);
	if (ret < 0)
		flash_update_done(u);
	return ret;
}

void flash_update_prediction(const struct flash_update *u, struct flash_prediction *out)
{
	/* The image's PCR 2 is the new ROM's: romedit refuses a carried file that changes it. */
	memcpy(out->pcr2, u->info.pcr2.pcr, SHA256_LEN);
	memcpy(out->pcr7, u->pcr7, SHA256_LEN);
}

int flash_update_write(const struct flash_update *u, const struct flash *flash,
		       flash_progress_fn fn, void *ctx, char *err, size_t errlen)
{
	return flash_write_progress(flash, u->image, fn, ctx, err, errlen);
}

void flash_update_done(struct flash_update *u)
{
	if (u->current[0])
		unlink(u->current);
	if (u->image[0])
		unlink(u->image);
	u->current[0] = u->image[0] = '\0';
}
