/* eventlog.c - write the TCG crypto-agile event log: Spec ID header, then TCG_PCR_EVENT2s. */
#include <stdlib.h>
#include <string.h>

#include "common/xmalloc.h"
#include "hw/eventlog-format.h"
#include "hw/eventlog.h"

static void put_bytes(struct eventlog_buf *buf, const void *data, size_t len)
{
	if (buf->len + len > buf->cap) {
		buf->cap = buf->cap ? buf->cap : 1024;
		while (buf->len + len > buf->cap)
			buf->cap *= 2;
		buf->data = xrealloc(buf->data, buf->cap);
	}
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
}

/* All integers in the log are little-endian, whatever the CPU. */
static void put_u8(struct eventlog_buf *buf, uint8_t v)
{
	put_bytes(buf, &v, 1);
}

static void put_u16(struct eventlog_buf *buf, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put_bytes(buf, b, sizeof(b));
}

static void put_u32(struct eventlog_buf *buf, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	put_bytes(buf, b, sizeof(b));
}

void eventlog_write_header(struct eventlog_buf *buf, const char *note)
{
	size_t note_len = note ? strnlen(note, EVENTLOG_NOTE_MAX - 1) + 1 : 0;

	static const uint8_t zero_sha1[SPEC_ID_SHA1_LEN];
	static const char signature[SPEC_ID_SIGNATURE_LEN] = SPEC_ID_SIGNATURE;

	/* TCG_PCClientPCREvent: the one event in the old SHA-1 layout. */
	put_u32(buf, 0);
	put_u32(buf, EV_NO_ACTION);
	put_bytes(buf, zero_sha1, sizeof(zero_sha1));
	put_u32(buf, (uint32_t)(SPEC_ID_FIXED_LEN + SPEC_ID_ALG_LEN * 1 + 1 + note_len));
	/* TCG_EfiSpecIDEvent: PC Client class, profile 2.0 errata 2, 64-bit UINTN. */
	put_bytes(buf, signature, sizeof(signature));
	put_u32(buf, SPEC_ID_PLATFORM_CLIENT);
	put_u8(buf, 0);		/* specVersionMinor */
	put_u8(buf, 2);		/* specVersionMajor */
	put_u8(buf, 2);		/* specErrata */
	put_u8(buf, SPEC_ID_UINTN_64);
	/* One bank: vigil extends and checks SHA-256 only. */
	put_u32(buf, 1);
	put_u16(buf, TPM_ALG_SHA256);
	put_u16(buf, SHA256_LEN);
	put_u8(buf, (uint8_t)note_len);	/* vendorInfoSize */
	if (note_len) {
		put_bytes(buf, note, note_len - 1);
		put_u8(buf, 0);
	}
}

void eventlog_write_event(struct eventlog_buf *buf, uint32_t pcr, uint32_t type,
			  const uint8_t digest[SHA256_LEN], const void *data, uint32_t data_len)
{
	put_u32(buf, pcr);
	put_u32(buf, type);
	put_u32(buf, 1);	/* digests.count: the SHA-256 bank of the header */
	put_u16(buf, TPM_ALG_SHA256);
	put_bytes(buf, digest, SHA256_LEN);
	put_u32(buf, data_len);
	put_bytes(buf, data, data_len);
}

void eventlog_buf_free(struct eventlog_buf *buf)
{
	free(buf->data);
	memset(buf, 0, sizeof(*buf));
}

const char *eventlog_type_name(uint32_t type)
{
	static const char *const names[] = {
		[EV_PREBOOT_CERT] = "EV_PREBOOT_CERT",
		[EV_POST_CODE] = "EV_POST_CODE",
		[EV_NO_ACTION] = "EV_NO_ACTION",
		[EV_SEPARATOR] = "EV_SEPARATOR",
		[EV_ACTION] = "EV_ACTION",
		[EV_EVENT_TAG] = "EV_EVENT_TAG",
		[EV_S_CRTM_CONTENTS] = "EV_S_CRTM_CONTENTS",
		[EV_S_CRTM_VERSION] = "EV_S_CRTM_VERSION",
		[EV_CPU_MICROCODE] = "EV_CPU_MICROCODE",
		[EV_PLATFORM_CONFIG_FLAGS] = "EV_PLATFORM_CONFIG_FLAGS",
		[EV_TABLE_OF_DEVICES] = "EV_TABLE_OF_DEVICES",
		[EV_COMPACT_HASH] = "EV_COMPACT_HASH",
		[EV_IPL] = "EV_IPL",
		[EV_IPL_PARTITION_DATA] = "EV_IPL_PARTITION_DATA",
		[EV_NONHOST_CODE] = "EV_NONHOST_CODE",
		[EV_NONHOST_CONFIG] = "EV_NONHOST_CONFIG",
		[EV_NONHOST_INFO] = "EV_NONHOST_INFO",
		[EV_OMIT_BOOT_DEVICE_EVENTS] = "EV_OMIT_BOOT_DEVICE_EVENTS",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return NULL;
}
