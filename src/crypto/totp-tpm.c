/* totp-tpm.c - seal, store, load and unseal the TOTP secret; explain a refusal by PCR. */
#include <stdio.h>
#include <string.h>

#include "crypto/totp-tpm.h"
#include "hw/measure.h"
#include "hw/seal-pcrs.h"
#include "hw/tpm-nvblob.h"
#include "i18n.h"

#define SEALED_MAX 4096

static const char *log_path(const struct totp_store *store)
{
	return store && store->log_path ? store->log_path : measure_log_path();
}

static int store_sealed(struct tpm *tpm, const struct totp_store *store,
			const struct tpm_sealed *sealed, char *err, size_t errlen)
{
	uint8_t buf[SEALED_MAX];
	size_t len;

	if (store && store->file)
		return tpm_sealed_save(sealed, store->file, err, errlen);
	if (tpm_sealed_marshal(sealed, buf, sizeof(buf), &len, err, errlen) < 0)
		return -1;
	return tpm_nvblob_write(tpm, TOTP_NV_INDEX, buf, len, err, errlen);
}

int totp_tpm_seal(struct tpm *tpm, const struct totp_store *store, uint32_t mask,
		  const struct secret *passphrase, struct secret **key,
		  char *err, size_t errlen)
{
	struct tpm_sealed sealed;
	tpm_pcr_values expected;
	struct secret *fresh = secret_new(OTP_SECRET_LEN);

	*key = NULL;
	if (seal_pcrs_expected(tpm, mask, log_path(store), expected, err, errlen) < 0) {
		secret_free(fresh);
		return -1;
	}
	/* Only a fresh secret is sealed to values computed offline: one the owner enrols now. */
	if (store && store->future)
		for (unsigned pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
			if (store->future->mask & mask & (1u << pcr))
				memcpy(expected[pcr], store->future->pcrs[pcr], SHA256_LEN);
	if (tpm_get_random(tpm, fresh->data, fresh->len, err, errlen) < 0 ||
	    tpm_seal(tpm, fresh, mask, (const uint8_t (*)[SHA256_LEN])expected, passphrase,
		     &sealed, err, errlen) < 0 ||
	    store_sealed(tpm, store, &sealed, err, errlen) < 0) {
		secret_free(fresh);
		return -1;
	}
	*key = fresh;
	return 0;
}

int totp_tpm_load(struct tpm *tpm, const struct totp_store *store, struct tpm_sealed *sealed,
		  char *err, size_t errlen)
{
	uint8_t buf[TPM_NVBLOB_DATA_MAX];
	char why[192];
	size_t len;
	int ret;

	if (store && store->file)
		return tpm_sealed_load(sealed, store->file, err, errlen);
	ret = tpm_nvblob_read(tpm, TOTP_NV_INDEX, buf, sizeof(buf), &len, err, errlen);
	if (ret == 1)
		snprintf(err, errlen, _("no TOTP secret is sealed yet (vigil totp seal)"));
	if (ret != 0)
		return ret;
	if (tpm_sealed_unmarshal(sealed, buf, len, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "NV index 0x%08x: %s", TOTP_NV_INDEX, why);
		return -1;
	}
	return 0;
}

/* "PCR 2 (firmware: ...), PCR 7 (...)" into err after a refusal. */
static void name_changed(uint32_t changed, char *err, size_t errlen)
{
	size_t off;
	unsigned pcr;

	off = (size_t)snprintf(err, errlen, _("changed since sealing:"));
	for (pcr = 0; pcr < TPM_PCR_COUNT && off < errlen; pcr++) {
		if (!(changed & (1u << pcr)))
			continue;
		off += (size_t)snprintf(err + off, errlen - off, _(" PCR %u (%s)"), pcr,
					seal_pcr_meaning(pcr));
	}
}

/* Unseal, or explain a refusal by PCR in err (*changed: which PCRs). */
static int unseal(struct tpm *tpm, const struct tpm_sealed *sealed,
		  const struct secret *passphrase, struct secret **key, uint32_t *changed,
		  char *err, size_t errlen)
{
	int ret;

	*changed = 0;
	*key = NULL;
	ret = tpm_unseal(tpm, sealed, passphrase, key, err, errlen);
	if (ret == TPM_ERR_PCR_MISMATCH) {
		char why[256];

		if (tpm_sealed_changed_pcrs(tpm, sealed, changed, why, sizeof(why)) < 0)
			snprintf(err, errlen, "%s", why);
		else if (*changed)
			name_changed(*changed, err, errlen);
		else
			snprintf(err, errlen, _("the PCRs have the sealed values, yet the TPM "
						"refuses: the sealed object is damaged or replaced"));
	}
	return ret;
}

int totp_tpm_code(struct tpm *tpm, const struct tpm_sealed *sealed,
		  const struct secret *passphrase, time_t now, char code[OTP_CODE_MAX],
		  uint32_t *changed, char *err, size_t errlen)
{
	struct secret *key;
	int ret = unseal(tpm, sealed, passphrase, &key, changed, err, errlen);

	if (ret < 0)
		return ret;
	ret = otp_totp(key, now, OTP_DIGITS, code, err, errlen);
	secret_free(key);
	return ret;
}

int totp_tpm_unseal_stored(const struct totp_store *store, struct secret **key,
			   char *err, size_t errlen)
{
	struct tpm_sealed sealed;
	uint32_t changed;
	struct tpm *tpm;
	int ret;

	*key = NULL;
	tpm = tpm_open(NULL, err, errlen);
	if (!tpm)
		return TPM_ERR_FAIL;
	ret = totp_tpm_load(tpm, store, &sealed, err, errlen);
	if (ret == 0 && sealed.with_passphrase) {
		snprintf(err, errlen, _("sealed with a passphrase: see it with 'vigil totp show'"));
		ret = TPM_ERR_FAIL;
	} else if (ret == 0) {
		ret = unseal(tpm, &sealed, NULL, key, &changed, err, errlen);
	} else {
		ret = TPM_ERR_FAIL;
	}
	tpm_close(tpm);
	return ret;
}

int totp_tpm_menu_code(void *ctx, time_t now, char *code, size_t codelen,
		       char *err, size_t errlen)
{
	struct secret *key;
	char buf[OTP_CODE_MAX];
	int ret = totp_tpm_unseal_stored(ctx, &key, err, errlen);

	if (ret < 0)
		return ret;
	ret = otp_totp(key, now, OTP_DIGITS, buf, err, errlen);
	secret_free(key);
	if (ret == 0)
		snprintf(code, codelen, "%s", buf);
	explicit_bzero(buf, sizeof(buf));
	return ret;
}
