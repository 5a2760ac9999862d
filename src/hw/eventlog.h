/* eventlog.h - the TCG PC Client crypto-agile measured-boot event log (TCG_PCR_EVENT2). */
#ifndef VIGIL_EVENTLOG_H
#define VIGIL_EVENTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "hw/tpm.h"

/* Event types (TCG PC Client Platform Firmware Profile, section 10.4.1). */
#define EV_PREBOOT_CERT 0x00000000u
#define EV_POST_CODE 0x00000001u
#define EV_NO_ACTION 0x00000003u
#define EV_SEPARATOR 0x00000004u
#define EV_ACTION 0x00000005u
#define EV_EVENT_TAG 0x00000006u
#define EV_S_CRTM_CONTENTS 0x00000007u
#define EV_S_CRTM_VERSION 0x00000008u
#define EV_CPU_MICROCODE 0x00000009u
#define EV_PLATFORM_CONFIG_FLAGS 0x0000000au
#define EV_TABLE_OF_DEVICES 0x0000000bu
#define EV_COMPACT_HASH 0x0000000cu
#define EV_IPL 0x0000000du
#define EV_IPL_PARTITION_DATA 0x0000000eu
#define EV_NONHOST_CODE 0x0000000fu
#define EV_NONHOST_CONFIG 0x00000010u
#define EV_NONHOST_INFO 0x00000011u
#define EV_OMIT_BOOT_DEVICE_EVENTS 0x00000012u

/* TPM algorithm ids of the digests a log may carry. */
#define TPM_ALG_SHA1 0x0004u
#define TPM_ALG_SHA256 0x000bu
#define TPM_ALG_SHA384 0x000cu
#define TPM_ALG_SHA512 0x000du
#define TPM_ALG_SM3_256 0x0012u

/* A log file is read whole; nothing vigil writes comes near this. */
#define EVENTLOG_MAX_SIZE (16u << 20)

/* One TCG_PCR_EVENT2 as read back; only the SHA-256 digest is kept. */
struct eventlog_event {
	uint32_t pcr;
	uint32_t type;
	uint8_t sha256[SHA256_LEN];
	uint8_t *data;		/* event data (owned), data_len bytes */
	uint32_t data_len;
};

/* A parsed log: events[0] is the first event after the Spec ID header. */
struct eventlog {
	struct eventlog_event *events;
	size_t count;
	uint8_t startup_locality;	/* from a StartupLocality event; 0 if none */
	char *note;			/* the header's vendorInfo if it is text, else NULL */
};

/* The longest note the header's vendorInfo holds (its size is one byte), with the NUL. */
#define EVENTLOG_NOTE_MAX 255

/* A growing byte buffer that the writer appends to. */
struct eventlog_buf {
	uint8_t *data;
	size_t len, cap;
};

/*
 * Append the Spec ID header event (TCG_PCClientPCREvent holding a
 * TCG_EfiSpecIDEvent that declares a single SHA-256 bank). It must come first.
 * A note for readers ("coreboot's events are missing: ...", or NULL) goes in
 * its vendorInfo, cut to EVENTLOG_NOTE_MAX - 1 characters. Not in an
 * EV_NO_ACTION event: Debian 12's tpm2_eventlog (5.4) extends those into its
 * replay, which would then disagree with the TPM.
 */
void eventlog_write_header(struct eventlog_buf *buf, const char *note);

/* Append one TCG_PCR_EVENT2 with a SHA-256 digest and event data. */
void eventlog_write_event(struct eventlog_buf *buf, uint32_t pcr, uint32_t type,
			  const uint8_t digest[SHA256_LEN], const void *data, uint32_t data_len);

void eventlog_buf_free(struct eventlog_buf *buf);

/*
 * Parse a whole log strictly: every length, count and algorithm is checked
 * against the bytes present and the header's bank list, and the SHA-256 bank
 * must be there. On error returns -1 with err "event N: reason" (the header is
 * event 0, as tpm2_eventlog numbers them) and log left empty.
 */
int eventlog_parse(const uint8_t *data, size_t len, struct eventlog *log,
		   char *err, size_t errlen);

/* Read and parse the log file at path; err names the file. */
int eventlog_load(const char *path, struct eventlog *log, char *err, size_t errlen);

void eventlog_free(struct eventlog *log);

/*
 * Replay the SHA-256 bank: pcrs gets the value each PCR would have after
 * these events on a freshly reset TPM, and *mask the PCRs that have events.
 */
void eventlog_replay(const struct eventlog *log, tpm_pcr_values pcrs, uint32_t *mask);

/*
 * The event data for people: the text when it is a printable string (with or
 * without a final NUL), otherwise its size and first bytes in hex.
 */
void eventlog_event_text(const struct eventlog_event *ev, char *buf, size_t len);

/* "EV_IPL", "EV_POST_CODE", ...; NULL for a type without a name here. */
const char *eventlog_type_name(uint32_t type);

#endif
