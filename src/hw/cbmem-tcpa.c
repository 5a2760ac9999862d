/* cbmem-tcpa.c - read coreboot's TCPA log out of CBMEM and turn it into TCG events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "hw/cbmem-tcpa.h"

/*
 * coreboot 4.15 commonlib/tcpa_log_serialized.h, all packed:
 * struct tcpa_table { u16 max_entries; u16 num_entries; struct tcpa_entry entries[]; };
 * struct tcpa_entry { u32 pcr; char digest_type[10]; u8 digest[64];
 *                     u32 digest_length; char name[50]; };
 */
#define TCPA_TABLE_HEAD_LEN 4
#define TCPA_TYPE_LEN 10
#define TCPA_DIGEST_MAX 64
#define TCPA_OFF_TYPE 4
#define TCPA_OFF_DIGEST (TCPA_OFF_TYPE + TCPA_TYPE_LEN)
#define TCPA_OFF_DIGEST_LEN (TCPA_OFF_DIGEST + TCPA_DIGEST_MAX)
#define TCPA_OFF_NAME (TCPA_OFF_DIGEST_LEN + 4)
#define TCPA_ENTRY_LEN (TCPA_OFF_NAME + TCPA_NAME_LEN)

/* coreboot allocates 50 entries; anything far beyond that is not a TCPA table. */
#define TCPA_TABLE_MAX (TCPA_TABLE_HEAD_LEN + 1024 * TCPA_ENTRY_LEN)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int parse_entry(const uint8_t *raw, size_t index, struct tcpa_entry *out,
		       char *err, size_t errlen)
{
	char type[TCPA_TYPE_LEN + 1];
	uint32_t digest_len = le32(raw + TCPA_OFF_DIGEST_LEN);
	size_t i;

	out->pcr = le32(raw);
	/* coreboot strncpy()s at most LEN - 1 characters: the last byte is not ours to trust. */
	memcpy(out->name, raw + TCPA_OFF_NAME, TCPA_NAME_LEN - 1);
	out->name[TCPA_NAME_LEN - 1] = '\0';
	for (i = 0; out->name[i]; i++)
		if ((unsigned char)out->name[i] < 0x20 || (unsigned char)out->name[i] > 0x7e)
			out->name[i] = '?';
	memcpy(type, raw + TCPA_OFF_TYPE, TCPA_TYPE_LEN - 1);
	type[TCPA_TYPE_LEN - 1] = '\0';
	if (out->pcr >= 24) {
		snprintf(err, errlen, "coreboot TCPA entry %zu (%s): PCR %u out of range", index,
			 out->name, out->pcr);
		return -1;
	}
	if (strcmp(type, "SHA256") || digest_len != SHA256_LEN) {
		snprintf(err, errlen, "coreboot TCPA entry %zu (%s): a %u-byte %.9s digest, "
			 "but vigil needs SHA256 (a TPM 2.0)", index, out->name, digest_len, type);
		return -1;
	}
	memcpy(out->digest, raw + TCPA_OFF_DIGEST, SHA256_LEN);
	return 0;
}

int cbmem_tcpa_parse(const uint8_t *table, size_t len, struct tcpa_entry **entries,
		     size_t *count, char *err, size_t errlen)
{
	uint16_t max, num;
	size_t i;

	*entries = NULL;
	*count = 0;
	if (len < TCPA_TABLE_HEAD_LEN) {
		snprintf(err, errlen, "coreboot TCPA table: %zu bytes, too short", len);
		return -1;
	}
	max = le16(table);
	num = le16(table + 2);
	if (num > max || TCPA_TABLE_HEAD_LEN + (size_t)num * TCPA_ENTRY_LEN > len) {
		snprintf(err, errlen, "coreboot TCPA table: %u of %u entries do not fit in %zu bytes",
			 num, max, len);
		return -1;
	}
	*entries = xcalloc(num ? num : 1, sizeof(**entries));
	for (i = 0; i < num; i++) {
		if (parse_entry(table + TCPA_TABLE_HEAD_LEN + i * TCPA_ENTRY_LEN, i,
				&(*entries)[i], err, errlen) < 0) {
			free(*entries);
			*entries = NULL;
			return -1;
		}
	}
	*count = num;
	return 1;
}

int cbmem_tcpa_read(const struct cbmem_source *src, struct tcpa_entry **entries,
		    size_t *count, char *err, size_t errlen)
{
	uint64_t addr;
	uint32_t size;
	uint8_t *table;
	int ret;

	*entries = NULL;
	*count = 0;
	ret = cbmem_find(src, CBMEM_ID_TCPA_LOG, &addr, &size, err, errlen);
	if (ret <= 0)
		return ret;
	if (size > TCPA_TABLE_MAX) {
		snprintf(err, errlen, "coreboot TCPA table at 0x%llx: %u bytes is too large",
			 (unsigned long long)addr, size);
		return -1;
	}
	table = xmalloc(size ? size : 1);
	ret = src->read(src->ctx, addr, table, size, err, errlen);
	if (ret == 0)
		ret = cbmem_tcpa_parse(table, size, entries, count, err, errlen);
	free(table);
	return ret;
}

void cbmem_tcpa_to_eventlog(const struct tcpa_entry *entries, size_t count,
			    struct eventlog_buf *buf)
{
	size_t i;

	for (i = 0; i < count; i++)
		eventlog_write_event(buf, entries[i].pcr, EV_POST_CODE, entries[i].digest,
				     entries[i].name, (uint32_t)strlen(entries[i].name) + 1);
}
