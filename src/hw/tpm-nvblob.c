/* tpm-nvblob.c - define, write whole, read and remove vigil's NV record indices. */
#include <stdio.h>
#include <string.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-nvblob.h"

/*
 * An ordinary index the owner writes and anyone reads with the index's empty
 * auth: the menu reads it before anyone has typed anything. Nothing in a
 * sealed object is secret; the TPM's PCR policy guards what it holds.
 */
#define BLOB_ATTRIBUTES ((TPM2_NT_ORDINARY << TPMA_NV_TPM2_NT_SHIFT) | \
			 TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD | TPMA_NV_AUTHREAD | \
			 TPMA_NV_NO_DA)
#define STATE_ATTRIBUTES (TPMA_NV_WRITTEN | TPMA_NV_WRITELOCKED | TPMA_NV_READLOCKED)

/* 0 when the index at tr is one of vigil's records; *written: it holds data. */
static int check_record(ESYS_CONTEXT *esys, ESYS_TR tr, uint32_t index, int *written,
			char *err, size_t errlen)
{
	TPM2B_NV_PUBLIC *pub = NULL;
	TPMA_NV attrs;
	int ret = 0;

	if (tpm_nv_public(esys, tr, index, &pub, err, errlen) < 0)
		return -1;
	attrs = pub->nvPublic.attributes;
	if ((attrs & ~STATE_ATTRIBUTES) != BLOB_ATTRIBUTES ||
	    pub->nvPublic.dataSize != TPM_NVBLOB_SIZE || pub->nvPublic.authPolicy.size != 0) {
		snprintf(err, errlen, "NV index 0x%08x has attributes 0x%08x and %u bytes "
			 "(vigil's records: 0x%08x, %u bytes): it belongs to something else",
			 index, attrs & ~STATE_ATTRIBUTES, pub->nvPublic.dataSize,
			 (unsigned)BLOB_ATTRIBUTES, TPM_NVBLOB_SIZE);
		ret = -1;
	}
	*written = (attrs & TPMA_NV_WRITTEN) != 0;
	Esys_Free(pub);
	return ret;
}

/*
 * Open vigil's record at index: 1 with *tr open (the caller closes it) and
 * *written, 0 when the index is not defined, -1 with err.
 */
static int open_record(ESYS_CONTEXT *esys, uint32_t index, ESYS_TR *tr, int *written,
		       char *err, size_t errlen)
{
	int ret;

	if (tpm_nv_check_handle(index, err, errlen) < 0)
		return -1;
	ret = tpm_nv_open(esys, index, tr, err, errlen);
	if (ret <= 0)
		return ret;
	if (check_record(esys, *tr, index, written, err, errlen) < 0) {
		Esys_TR_Close(esys, tr);
		return -1;
	}
	return 1;
}

/* The most NV bytes the TPM moves in one command (TPM2_PT_NV_BUFFER_MAX). */
static int nv_buffer_max(ESYS_CONTEXT *esys, uint32_t *max, char *err, size_t errlen)
{
	TPMS_CAPABILITY_DATA *data = NULL;
	TPMI_YES_NO more;
	TSS2_RC rc;

	rc = Esys_GetCapability(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				TPM2_CAP_TPM_PROPERTIES, TPM2_PT_NV_BUFFER_MAX, 1, &more, &data);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "asking the TPM for its NV buffer size", err, errlen);
	if (data->data.tpmProperties.count < 1 ||
	    data->data.tpmProperties.tpmProperty[0].property != TPM2_PT_NV_BUFFER_MAX) {
		Esys_Free(data);
		snprintf(err, errlen, "the TPM does not report its NV buffer size");
		return -1;
	}
	*max = data->data.tpmProperties.tpmProperty[0].value;
	Esys_Free(data);
	return 0;
}

static int define_record(ESYS_CONTEXT *esys, uint32_t index, ESYS_TR *tr,
			 char *err, size_t errlen)
{
	TPM2B_NV_PUBLIC pub = { 0 };
	TPM2B_AUTH no_auth = { 0 };
	TSS2_RC rc;
	char what[64];

	pub.nvPublic.nvIndex = index;
	pub.nvPublic.nameAlg = TPM2_ALG_SHA256;
	pub.nvPublic.attributes = BLOB_ATTRIBUTES;
	pub.nvPublic.dataSize = TPM_NVBLOB_SIZE;
	rc = Esys_NV_DefineSpace(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				 ESYS_TR_NONE, &no_auth, &pub, tr);
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	snprintf(what, sizeof(what), "defining NV index 0x%08x", index);
	return tpm_fail(rc, what, err, errlen);
}

int tpm_nvblob_write(struct tpm *tpm, uint32_t index, const uint8_t *data, size_t len,
		     char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2B_MAX_NV_BUFFER record = { .size = TPM_NVBLOB_SIZE };
	uint32_t max;
	char what[64];
	ESYS_TR tr;
	TSS2_RC rc;
	int ret, written;

	if (len > TPM_NVBLOB_DATA_MAX) {
		snprintf(err, errlen, "%zu bytes do not fit in NV index 0x%08x (at most %u)",
			 len, index, TPM_NVBLOB_DATA_MAX);
		return -1;
	}
	if (nv_buffer_max(esys, &max, err, errlen) < 0)
		return -1;
	if (max < TPM_NVBLOB_SIZE) {
		snprintf(err, errlen, "the TPM writes at most %u bytes of NV at once; vigil needs "
			 "%u in one write so that an interrupted write keeps the old record",
			 max, TPM_NVBLOB_SIZE);
		return -1;
	}
	snprintf(what, sizeof(what), "writing NV index 0x%08x", index);
	ret = tpm_owner_ready(tpm, what, true, err, errlen);
	if (ret < 0)
		return ret;
	ret = open_record(esys, index, &tr, &written, err, errlen);
	if (ret < 0)
		return -1;
	if (ret == 0 && define_record(esys, index, &tr, err, errlen) < 0)
		return -1;
	record.buffer[0] = (uint8_t)(len >> 8);
	record.buffer[1] = (uint8_t)len;
	memcpy(record.buffer + 2, data, len);
	rc = Esys_NV_Write(esys, ESYS_TR_RH_OWNER, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			   ESYS_TR_NONE, &record, 0);
	Esys_TR_Close(esys, &tr);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, what, err, errlen);
	return 0;
}

/* Read the whole index into record, in pieces the TPM accepts. */
static int read_all(ESYS_CONTEXT *esys, ESYS_TR tr, uint32_t index,
		    uint8_t record[TPM_NVBLOB_SIZE], char *err, size_t errlen)
{
	uint32_t max, off = 0;

	if (nv_buffer_max(esys, &max, err, errlen) < 0)
		return -1;
	while (off < TPM_NVBLOB_SIZE) {
		TPM2B_MAX_NV_BUFFER *part = NULL;
		uint16_t want = (uint16_t)(TPM_NVBLOB_SIZE - off < max ? TPM_NVBLOB_SIZE - off : max);
		TSS2_RC rc = Esys_NV_Read(esys, tr, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
					  ESYS_TR_NONE, want, (uint16_t)off, &part);

		if (rc != TSS2_RC_SUCCESS) {
			char what[64];

			snprintf(what, sizeof(what), "reading NV index 0x%08x", index);
			return tpm_fail(rc, what, err, errlen);
		}
		if (part->size != want) {
			snprintf(err, errlen, "NV index 0x%08x returned %u bytes at offset %u, "
				 "not %u", index, part->size, off, want);
			Esys_Free(part);
			return -1;
		}
		memcpy(record + off, part->buffer, want);
		off += want;
		Esys_Free(part);
	}
	return 0;
}

int tpm_nvblob_read(struct tpm *tpm, uint32_t index, uint8_t *buf, size_t buflen,
		    size_t *len, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	uint8_t record[TPM_NVBLOB_SIZE];
	size_t stored;
	ESYS_TR tr;
	int ret, written;

	ret = open_record(esys, index, &tr, &written, err, errlen);
	if (ret <= 0)
		return ret < 0 ? -1 : 1;
	if (!written) {
		/* Defined but the first write never happened: nothing stored. */
		Esys_TR_Close(esys, &tr);
		return 1;
	}
	ret = read_all(esys, tr, index, record, err, errlen);
	Esys_TR_Close(esys, &tr);
	if (ret < 0)
		return -1;
	stored = (size_t)record[0] << 8 | record[1];
	if (stored > TPM_NVBLOB_DATA_MAX || stored > buflen) {
		snprintf(err, errlen, "NV index 0x%08x claims %zu bytes (room for %zu)", index,
			 stored, stored > TPM_NVBLOB_DATA_MAX ? (size_t)TPM_NVBLOB_DATA_MAX : buflen);
		return -1;
	}
	memcpy(buf, record + 2, stored);
	*len = stored;
	return 0;
}

int tpm_nvblob_remove(struct tpm *tpm, uint32_t index, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR tr;
	TSS2_RC rc;
	int ret, written;

	ret = open_record(esys, index, &tr, &written, err, errlen);
	if (ret <= 0)
		return ret < 0 ? -1 : 1;
	ret = tpm_owner_ready(tpm, "removing a record from the TPM", true, err, errlen);
	if (ret < 0) {
		Esys_TR_Close(esys, &tr);
		return ret;
	}
	rc = Esys_NV_UndefineSpace(esys, ESYS_TR_RH_OWNER, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				   ESYS_TR_NONE);
	if (rc != TSS2_RC_SUCCESS) {
		char what[64];

		Esys_TR_Close(esys, &tr);
		snprintf(what, sizeof(what), "removing NV index 0x%08x", index);
		return tpm_fail(rc, what, err, errlen);
	}
	return 0;
}
