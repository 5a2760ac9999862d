/*
 * tpm-seal-store.c - the storage form of a sealed object: a magic, flags, the
 * policy's PCR selection and values, then the TPM's public and private areas,
 * every field marshalled by libtss2 (big-endian, sizes checked on reading).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_mu.h>

#include "common/fileio.h"
#include "hw/tpm-esys.h"
#include "hw/tpm-seal.h"

#define SEALED_MAGIC "VIGILSL1"
#define SEALED_MAGIC_LEN 8
#define SEALED_FLAG_PASSPHRASE 1u
#define SEALED_FILE_MAX 8192

int tpm_sealed_marshal(const struct tpm_sealed *sealed, uint8_t *buf, size_t buflen,
		       size_t *len, char *err, size_t errlen)
{
	TPML_PCR_SELECTION sel = { .count = 1 };
	size_t off = 0;
	unsigned pcr;
	TSS2_RC rc = TSS2_MU_RC_INSUFFICIENT_BUFFER;

	if (buflen < SEALED_MAGIC_LEN)
		goto too_small;
	memcpy(buf, SEALED_MAGIC, SEALED_MAGIC_LEN);
	off = SEALED_MAGIC_LEN;
	sel.pcrSelections[0].hash = TPM2_ALG_SHA256;
	sel.pcrSelections[0].sizeofSelect = 3;
	for (pcr = 0; pcr < 3; pcr++)
		sel.pcrSelections[0].pcrSelect[pcr] = (uint8_t)(sealed->pcr_mask >> (8 * pcr));
	rc = Tss2_MU_UINT32_Marshal(sealed->with_passphrase ? SEALED_FLAG_PASSPHRASE : 0,
				    buf, buflen, &off);
	if (rc == TSS2_RC_SUCCESS)
		rc = Tss2_MU_TPML_PCR_SELECTION_Marshal(&sel, buf, buflen, &off);
	for (pcr = 0; rc == TSS2_RC_SUCCESS && pcr < TPM_PCR_COUNT; pcr++) {
		TPM2B_DIGEST value = { .size = SHA256_LEN };

		if (!(sealed->pcr_mask & (1u << pcr)))
			continue;
		memcpy(value.buffer, sealed->pcrs[pcr], SHA256_LEN);
		rc = Tss2_MU_TPM2B_DIGEST_Marshal(&value, buf, buflen, &off);
	}
	if (rc != TSS2_RC_SUCCESS || buflen - off < sealed->public_len + sealed->private_len)
		goto too_small;
	memcpy(buf + off, sealed->public_area, sealed->public_len);
	off += sealed->public_len;
	memcpy(buf + off, sealed->private_area, sealed->private_len);
	off += sealed->private_len;
	*len = off;
	return 0;
too_small:
	snprintf(err, errlen, "a sealed object does not fit in %zu bytes", buflen);
	return -1;
}

/* Copy the next marshalled TPM2B (whose type unmarshal checks) into area. */
static TSS2_RC take_area(const uint8_t *buf, size_t len, size_t *off, int is_public,
			 uint8_t *area, size_t *area_len)
{
	size_t start = *off;
	TSS2_RC rc;

	if (is_public) {
		TPM2B_PUBLIC pub = { 0 };

		rc = Tss2_MU_TPM2B_PUBLIC_Unmarshal(buf, len, off, &pub);
	} else {
		TPM2B_PRIVATE priv = { 0 };

		rc = Tss2_MU_TPM2B_PRIVATE_Unmarshal(buf, len, off, &priv);
	}
	if (rc != TSS2_RC_SUCCESS)
		return rc;
	if (*off - start > TPM_SEALED_AREA_MAX)
		return TSS2_MU_RC_BAD_SIZE;
	*area_len = *off - start;
	memcpy(area, buf + start, *area_len);
	return TSS2_RC_SUCCESS;
}

int tpm_sealed_unmarshal(struct tpm_sealed *sealed, const uint8_t *buf, size_t len,
			 char *err, size_t errlen)
{
	TPML_PCR_SELECTION sel;
	uint32_t flags = 0;
	size_t off = SEALED_MAGIC_LEN;
	unsigned pcr;
	TSS2_RC rc;

	memset(sealed, 0, sizeof(*sealed));
	if (len < SEALED_MAGIC_LEN || memcmp(buf, SEALED_MAGIC, SEALED_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "not a vigil sealed object (bad magic)");
		return -1;
	}
	rc = Tss2_MU_UINT32_Unmarshal(buf, len, &off, &flags);
	if (rc == TSS2_RC_SUCCESS)
		rc = Tss2_MU_TPML_PCR_SELECTION_Unmarshal(buf, len, &off, &sel);
	if (rc != TSS2_RC_SUCCESS)
		goto damaged;
	if ((flags & ~SEALED_FLAG_PASSPHRASE) || sel.count != 1 ||
	    sel.pcrSelections[0].hash != TPM2_ALG_SHA256 ||
	    sel.pcrSelections[0].sizeofSelect != 3) {
		snprintf(err, errlen, "the sealed object uses a format or PCR bank vigil does not know");
		return -1;
	}
	sealed->with_passphrase = (flags & SEALED_FLAG_PASSPHRASE) != 0;
	for (pcr = 0; pcr < 3; pcr++)
		sealed->pcr_mask |= (uint32_t)sel.pcrSelections[0].pcrSelect[pcr] << (8 * pcr);
	if (sealed->pcr_mask == 0) {
		snprintf(err, errlen, "the sealed object names no PCRs");
		return -1;
	}
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++) {
		TPM2B_DIGEST value;

		if (!(sealed->pcr_mask & (1u << pcr)))
			continue;
		rc = Tss2_MU_TPM2B_DIGEST_Unmarshal(buf, len, &off, &value);
		if (rc != TSS2_RC_SUCCESS)
			goto damaged;
		if (value.size != SHA256_LEN) {
			snprintf(err, errlen, "the sealed object's value for PCR %u is not SHA-256",
				 pcr);
			return -1;
		}
		memcpy(sealed->pcrs[pcr], value.buffer, SHA256_LEN);
	}
	rc = take_area(buf, len, &off, 1, sealed->public_area, &sealed->public_len);
	if (rc == TSS2_RC_SUCCESS)
		rc = take_area(buf, len, &off, 0, sealed->private_area, &sealed->private_len);
	if (rc != TSS2_RC_SUCCESS)
		goto damaged;
	if (off != len) {
		snprintf(err, errlen, "the sealed object has %zu unexpected trailing bytes",
			 len - off);
		return -1;
	}
	return 0;
damaged:
	snprintf(err, errlen, "the sealed object is truncated or damaged at byte %zu", off);
	return -1;
}

int tpm_sealed_save(const struct tpm_sealed *sealed, const char *path,
		    char *err, size_t errlen)
{
	uint8_t buf[SEALED_FILE_MAX];
	size_t len;

	if (tpm_sealed_marshal(sealed, buf, sizeof(buf), &len, err, errlen) < 0)
		return -1;
	/* Nothing in it is secret, but only root needs to read it. */
	if (file_write_atomic(path, buf, len, 0600) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int tpm_sealed_load(struct tpm_sealed *sealed, const char *path, char *err, size_t errlen)
{
	char *buf, why[192];
	size_t len;
	int ret;

	buf = file_read_all(path, &len, SEALED_FILE_MAX);
	if (!buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = tpm_sealed_unmarshal(sealed, (const uint8_t *)buf, len, why, sizeof(why));
	if (ret < 0)
		snprintf(err, errlen, "%s: %s", path, why);
	free(buf);
	return ret;
}
