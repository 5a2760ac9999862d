/* tpm-counter.c - define, check, increment and read NV counter indices. */
#include <stdio.h>
#include <string.h>

#include "hw/tpm-counter.h"
#include "hw/tpm-esys.h"

#define COUNTER_COMMON ((TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT) | TPMA_NV_AUTHREAD | \
			TPMA_NV_OWNERREAD | TPMA_NV_NO_DA)
/* By writer: the owner hierarchy, or the index's own empty auth. */
static const TPMA_NV counter_attributes[] = {
	[TPM_COUNTER_OWNER_WRITES] = COUNTER_COMMON | TPMA_NV_OWNERWRITE,
	[TPM_COUNTER_ANYONE_WRITES] = COUNTER_COMMON | TPMA_NV_AUTHWRITE,
};
/* Set by the TPM as the index is used, not part of what was defined. */
#define STATE_ATTRIBUTES (TPMA_NV_WRITTEN | TPMA_NV_WRITELOCKED | TPMA_NV_READLOCKED)

static const char *const nv_types[16] = {
	[0] = "an ordinary index", [1] = "a counter", [2] = "a bit field",
	[4] = "an extend index", [8] = "a PIN-fail index", [9] = "a PIN-pass index",
};

/* 0 with *writer when tr is a counter with vigil's attributes; otherwise say what it is. */
static int check_counter(ESYS_CONTEXT *esys, ESYS_TR tr, uint32_t index,
			 enum tpm_counter_writer *writer, char *err, size_t errlen)
{
	TPM2B_NV_PUBLIC *pub = NULL;
	TPMA_NV attrs;
	int ret = 0;

	if (tpm_nv_public(esys, tr, index, &pub, err, errlen) < 0)
		return -1;
	attrs = pub->nvPublic.attributes;
	if ((attrs & TPMA_NV_TPM2_NT_MASK) != (TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT)) {
		const char *type = nv_types[(attrs & TPMA_NV_TPM2_NT_MASK) >> TPMA_NV_TPM2_NT_SHIFT];

		snprintf(err, errlen, "NV index 0x%08x is %s, not a counter", index,
			 type ? type : "of an unknown type");
		ret = -1;
	} else if (((attrs & ~STATE_ATTRIBUTES) != counter_attributes[TPM_COUNTER_OWNER_WRITES] &&
		    (attrs & ~STATE_ATTRIBUTES) != counter_attributes[TPM_COUNTER_ANYONE_WRITES]) ||
		   pub->nvPublic.dataSize != 8 || pub->nvPublic.authPolicy.size != 0) {
		snprintf(err, errlen, "NV index 0x%08x is a counter but with attributes 0x%08x "
			 "(vigil's are 0x%08x or 0x%08x) or a policy: it belongs to something else",
			 index, attrs & ~STATE_ATTRIBUTES,
			 (unsigned)counter_attributes[TPM_COUNTER_OWNER_WRITES],
			 (unsigned)counter_attributes[TPM_COUNTER_ANYONE_WRITES]);
		ret = -1;
	} else {
		*writer = (attrs & TPMA_NV_OWNERWRITE) ? TPM_COUNTER_OWNER_WRITES :
			  TPM_COUNTER_ANYONE_WRITES;
	}
	Esys_Free(pub);
	return ret;
}

/* The first index of vigil's range that is not defined. */
static int free_index(ESYS_CONTEXT *esys, uint32_t *index, char *err, size_t errlen)
{
	TPMS_CAPABILITY_DATA *data = NULL;
	TPMI_YES_NO more;
	uint32_t candidate = TPM_COUNTER_FIRST_INDEX, i;
	TSS2_RC rc;

	rc = Esys_GetCapability(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
				TPM2_CAP_HANDLES, TPM_COUNTER_FIRST_INDEX,
				TPM_COUNTER_INDEX_RANGE, &more, &data);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "listing the defined NV indices", err, errlen);
	/* Handles come sorted; walk past those that occupy our candidates. */
	for (i = 0; i < data->data.handles.count; i++) {
		if (data->data.handles.handle[i] == candidate)
			candidate++;
		else if (data->data.handles.handle[i] > candidate)
			break;
	}
	Esys_Free(data);
	if (candidate >= TPM_COUNTER_FIRST_INDEX + TPM_COUNTER_INDEX_RANGE) {
		snprintf(err, errlen, "NV indices 0x%08x-0x%08x are all in use",
			 TPM_COUNTER_FIRST_INDEX,
			 TPM_COUNTER_FIRST_INDEX + TPM_COUNTER_INDEX_RANGE - 1);
		return -1;
	}
	*index = candidate;
	return 0;
}

static int increment(struct tpm *tpm, ESYS_TR tr, uint32_t index,
		     enum tpm_counter_writer writer, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	char what[64];
	TSS2_RC rc;

	snprintf(what, sizeof(what), "incrementing NV counter 0x%08x", index);
	if (writer == TPM_COUNTER_OWNER_WRITES) {
		int ret = tpm_owner_ready(tpm, what, true, err, errlen);

		if (ret < 0)
			return ret;
	}
	rc = Esys_NV_Increment(esys, writer == TPM_COUNTER_OWNER_WRITES ? ESYS_TR_RH_OWNER : tr,
			       tr, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE);
	if (rc == TSS2_RC_SUCCESS)
		return 0;
	return tpm_fail(rc, what, err, errlen);
}

static const char *writer_name(enum tpm_counter_writer writer)
{
	return writer == TPM_COUNTER_OWNER_WRITES ? "only the owner may increment" :
	       "anyone may increment";
}

/* Undefine index (owner-authorised). */
static int undefine(struct tpm *tpm, ESYS_TR tr, uint32_t index, char *err, size_t errlen)
{
	char what[64];
	TSS2_RC rc;
	int ret;

	snprintf(what, sizeof(what), "removing NV counter 0x%08x", index);
	ret = tpm_owner_ready(tpm, what, true, err, errlen);
	if (ret < 0)
		return ret;
	rc = Esys_NV_UndefineSpace(tpm_esys(tpm), ESYS_TR_RH_OWNER, tr, ESYS_TR_PASSWORD,
				   ESYS_TR_NONE, ESYS_TR_NONE);
	return rc == TSS2_RC_SUCCESS ? 0 : tpm_fail(rc, what, err, errlen);
}

int tpm_counter_define(struct tpm *tpm, uint32_t index, uint32_t *defined, int *created,
		       char *err, size_t errlen)
{
	return tpm_counter_define_as(tpm, index, TPM_COUNTER_OWNER_WRITES, 0, defined, created,
				     err, errlen);
}

int tpm_counter_define_as(struct tpm *tpm, uint32_t index, enum tpm_counter_writer writer,
			  int replace, uint32_t *defined, int *created, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	enum tpm_counter_writer found;
	TPM2B_NV_PUBLIC pub = { 0 };
	TPM2B_AUTH no_auth = { 0 };
	char what[64];
	ESYS_TR tr;
	TSS2_RC rc;
	int ret;

	*created = 0;
	if (index == 0 && free_index(esys, &index, err, errlen) < 0)
		return -1;
	if (tpm_nv_check_handle(index, err, errlen) < 0)
		return -1;
	*defined = index;
	ret = tpm_nv_open(esys, index, &tr, err, errlen);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		ret = check_counter(esys, tr, index, &found, err, errlen);
		if (ret == 0 && found != writer) {
			if (replace) {
				ret = undefine(tpm, tr, index, err, errlen);
				if (ret == 0)
					goto define;
			} else {
				snprintf(err, errlen, "NV counter 0x%08x is one %s; this one must "
					 "be one %s", index, writer_name(found),
					 writer_name(writer));
				ret = -1;
			}
		}
		Esys_TR_Close(esys, &tr);
		return ret;
	}
define:
	snprintf(what, sizeof(what), "defining NV counter 0x%08x", index);
	ret = tpm_owner_ready(tpm, what, true, err, errlen);
	if (ret < 0)
		return ret;
	pub.nvPublic.nvIndex = index;
	pub.nvPublic.nameAlg = TPM2_ALG_SHA256;
	pub.nvPublic.attributes = counter_attributes[writer];
	pub.nvPublic.dataSize = 8;
	rc = Esys_NV_DefineSpace(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				 ESYS_TR_NONE, &no_auth, &pub, &tr);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, what, err, errlen);
	*created = 1;
	/* A counter cannot be read before its first increment. */
	ret = increment(tpm, tr, index, writer, err, errlen);
	Esys_TR_Close(esys, &tr);
	return ret;
}

/* Open index and make sure it is a counter vigil may trust; the caller closes *tr. */
static int open_counter(ESYS_CONTEXT *esys, uint32_t index, ESYS_TR *tr,
			enum tpm_counter_writer *writer, char *err, size_t errlen)
{
	int ret;

	if (tpm_nv_check_handle(index, err, errlen) < 0)
		return -1;
	ret = tpm_nv_open(esys, index, tr, err, errlen);
	if (ret == 0) {
		snprintf(err, errlen, "NV counter 0x%08x is not defined", index);
		return -1;
	}
	if (ret < 0)
		return ret;
	if (check_counter(esys, *tr, index, writer, err, errlen) < 0) {
		Esys_TR_Close(esys, tr);
		return -1;
	}
	return 0;
}

int tpm_counter_exists(struct tpm *tpm, uint32_t index, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	ESYS_TR tr;
	int ret;

	if (tpm_nv_check_handle(index, err, errlen) < 0)
		return -1;
	ret = tpm_nv_open(esys, index, &tr, err, errlen);
	if (ret == 1)
		Esys_TR_Close(esys, &tr);
	return ret < 0 ? -1 : ret;
}

int tpm_counter_read(struct tpm *tpm, uint32_t index, uint64_t *value,
		     char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPM2B_MAX_NV_BUFFER *data = NULL;
	enum tpm_counter_writer writer;
	ESYS_TR tr;
	TSS2_RC rc;
	int ret, i;

	ret = open_counter(esys, index, &tr, &writer, err, errlen);
	if (ret < 0)
		return ret;
	rc = Esys_NV_Read(esys, tr, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, 8, 0,
			  &data);
	if (rc != TSS2_RC_SUCCESS) {
		char what[64];

		snprintf(what, sizeof(what), "reading NV counter 0x%08x", index);
		ret = tpm_fail(rc, what, err, errlen);
	} else if (data->size != 8) {
		snprintf(err, errlen, "NV counter 0x%08x returned %u bytes, not 8", index,
			 data->size);
		ret = -1;
	} else {
		*value = 0;
		for (i = 0; i < 8; i++)
			*value = *value << 8 | data->buffer[i];
	}
	Esys_Free(data);
	Esys_TR_Close(esys, &tr);
	return ret;
}

int tpm_counter_increment(struct tpm *tpm, uint32_t index, uint64_t *value,
			  char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	enum tpm_counter_writer writer;
	ESYS_TR tr;
	int ret;

	ret = open_counter(esys, index, &tr, &writer, err, errlen);
	if (ret < 0)
		return ret;
	ret = increment(tpm, tr, index, writer, err, errlen);
	Esys_TR_Close(esys, &tr);
	if (ret == 0 && value)
		ret = tpm_counter_read(tpm, index, value, err, errlen);
	return ret;
}
