/* eventlog-parse.c - read a TCG crypto-agile event log strictly, and replay its SHA-256 bank. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "hw/eventlog-format.h"
#include "hw/eventlog.h"

/* No TPM has more banks than this; a larger count is a broken header. */
#define MAX_BANKS 16
#define MAX_DIGEST_LEN 64

struct bank {
	uint16_t alg;
	uint16_t size;
};

struct reader {
	const uint8_t *p;
	size_t left;
	size_t event;		/* number of the event being read, for messages */
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct reader *r, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "event %zu: %s", r->event, why);
	return -1;
}

/* Take n bytes, or fail naming the field that is cut off. */
static int take(struct reader *r, size_t n, const uint8_t **out, const char *field)
{
	*out = r->p;
	if (n > r->left) {
		fail(r, "%s cut off: needs %zu bytes, %zu left", field, n, r->left);
		return -1;
	}
	r->p += n;
	r->left -= n;
	return 0;
}

static int get_u8(struct reader *r, uint8_t *v, const char *field)
{
	const uint8_t *b;

	if (take(r, 1, &b, field) < 0)
		return -1;
	*v = b[0];
	return 0;
}

static int get_u16(struct reader *r, uint16_t *v, const char *field)
{
	const uint8_t *b;

	if (take(r, 2, &b, field) < 0)
		return -1;
	*v = (uint16_t)(b[0] | b[1] << 8);
	return 0;
}

static int get_u32(struct reader *r, uint32_t *v, const char *field)
{
	const uint8_t *b;

	if (take(r, 4, &b, field) < 0)
		return -1;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

/* The digest size an algorithm must have, or 0 if vigil does not know it. */
static uint16_t known_digest_size(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1:
		return 20;
	case TPM_ALG_SHA256:
	case TPM_ALG_SM3_256:
		return 32;
	case TPM_ALG_SHA384:
		return 48;
	case TPM_ALG_SHA512:
		return 64;
	}
	return 0;
}

/* vendorInfo as a string if it is printable text (vigil's note), else NULL. */
static char *vendor_text(const uint8_t *info, size_t len)
{
	size_t i;

	if (len && info[len - 1] == '\0')
		len--;
	if (!len)
		return NULL;
	for (i = 0; i < len; i++)
		if (info[i] < 0x20 || info[i] >= 0x7f)
			return NULL;
	return xstrndup((const char *)info, len);
}

/* The TCG_EfiSpecIDEvent inside the header's event data. */
static int parse_spec_id(struct reader *r, struct bank *banks, uint32_t *nbanks, char **note)
{
	const uint8_t *signature, *vendor;
	uint32_t platform, i, j;
	uint8_t minor, major, errata, uintn, vendor_len;
	int have_sha256 = 0;

	if (take(r, SPEC_ID_SIGNATURE_LEN, &signature, "Spec ID signature") < 0)
		return -1;
	if (memcmp(signature, SPEC_ID_SIGNATURE, SPEC_ID_SIGNATURE_LEN))
		return fail(r, "no \"%s\" signature: not a crypto-agile (TPM 2.0) log",
			    SPEC_ID_SIGNATURE);
	if (get_u32(r, &platform, "platform class") < 0 || get_u8(r, &minor, "spec version") < 0 ||
	    get_u8(r, &major, "spec version") < 0 || get_u8(r, &errata, "spec errata") < 0 ||
	    get_u8(r, &uintn, "uintnSize") < 0 || get_u32(r, nbanks, "numberOfAlgorithms") < 0)
		return -1;
	if (major != 2)
		return fail(r, "spec version %u.%u, expected 2.x", major, minor);
	if (uintn != SPEC_ID_UINTN_32 && uintn != SPEC_ID_UINTN_64)
		return fail(r, "uintnSize %u, expected 1 or 2", uintn);
	if (*nbanks == 0 || *nbanks > MAX_BANKS)
		return fail(r, "%u digest algorithms, expected 1-%u", *nbanks, MAX_BANKS);
	for (i = 0; i < *nbanks; i++) {
		uint16_t want;

		if (get_u16(r, &banks[i].alg, "algorithmId") < 0 ||
		    get_u16(r, &banks[i].size, "digestSize") < 0)
			return -1;
		want = known_digest_size(banks[i].alg);
		if (banks[i].size == 0 || banks[i].size > MAX_DIGEST_LEN ||
		    (want && banks[i].size != want))
			return fail(r, "algorithm 0x%04x with digest size %u", banks[i].alg,
				    banks[i].size);
		for (j = 0; j < i; j++)
			if (banks[j].alg == banks[i].alg)
				return fail(r, "algorithm 0x%04x listed twice", banks[i].alg);
		have_sha256 |= banks[i].alg == TPM_ALG_SHA256;
	}
	if (get_u8(r, &vendor_len, "vendorInfoSize") < 0 ||
	    take(r, vendor_len, &vendor, "vendorInfo") < 0)
		return -1;
	if (r->left)
		return fail(r, "%zu bytes after vendorInfo", r->left);
	if (!have_sha256)
		return fail(r, "the log has no SHA-256 bank");
	*note = vendor_text(vendor, vendor_len);
	return 0;
}

/* Event 0: a TCG_PCClientPCREvent of type EV_NO_ACTION holding the Spec ID. */
static int parse_header(struct reader *r, struct bank *banks, uint32_t *nbanks, char **note)
{
	static const uint8_t zero[SPEC_ID_SHA1_LEN];
	const uint8_t *digest, *data;
	uint32_t pcr, type, size;
	struct reader spec;

	if (r->left == 0)
		return fail(r, "the log is empty");
	if (get_u32(r, &pcr, "PCR index") < 0 || get_u32(r, &type, "event type") < 0 ||
	    take(r, SPEC_ID_SHA1_LEN, &digest, "SHA-1 digest") < 0 ||
	    get_u32(r, &size, "event size") < 0)
		return -1;
	if (pcr != 0 || type != EV_NO_ACTION || memcmp(digest, zero, sizeof(zero)))
		return fail(r, "not a Spec ID header (PCR %u, type 0x%x)", pcr, type);
	if (take(r, size, &data, "Spec ID event data") < 0)
		return -1;
	spec = *r;
	spec.p = data;
	spec.left = size;
	return parse_spec_id(&spec, banks, nbanks, note);
}

/* An EV_NO_ACTION that says the TPM was started from locality 3 or 4. */
static int is_startup_locality(const struct eventlog_event *ev)
{
	return ev->type == EV_NO_ACTION && ev->data_len == STARTUP_LOCALITY_SIGNATURE_LEN + 1 &&
	       !memcmp(ev->data, STARTUP_LOCALITY_SIGNATURE, STARTUP_LOCALITY_SIGNATURE_LEN);
}

static int parse_event(struct reader *r, const struct bank *banks, uint32_t nbanks,
		       struct eventlog_event *ev)
{
	uint32_t count, i, seen = 0;
	const uint8_t *data;
	int have_sha256 = 0;

	if (get_u32(r, &ev->pcr, "PCR index") < 0 || get_u32(r, &ev->type, "event type") < 0 ||
	    get_u32(r, &count, "digest count") < 0)
		return -1;
	if (ev->pcr >= TPM_PCR_COUNT)
		return fail(r, "PCR %u out of range (0-%u)", ev->pcr, TPM_PCR_COUNT - 1);
	/* Every event carries a digest for each bank the header declares. */
	if (count != nbanks)
		return fail(r, "digest count %u differs from the header's bank count %u", count,
			    nbanks);
	for (i = 0; i < count; i++) {
		const uint8_t *digest;
		uint16_t alg;
		uint32_t b;

		if (get_u16(r, &alg, "digest algorithm") < 0)
			return -1;
		for (b = 0; b < nbanks && banks[b].alg != alg; b++)
			;
		if (b == nbanks)
			return fail(r, "digest algorithm 0x%04x is not in the header", alg);
		if (seen & (1u << b))
			return fail(r, "two digests for algorithm 0x%04x", alg);
		seen |= 1u << b;
		if (take(r, banks[b].size, &digest, "digest") < 0)
			return -1;
		if (alg == TPM_ALG_SHA256) {
			memcpy(ev->sha256, digest, SHA256_LEN);
			have_sha256 = 1;
		}
	}
	if (!have_sha256)
		return fail(r, "no SHA-256 digest");
	if (get_u32(r, &ev->data_len, "event size") < 0 ||
	    take(r, ev->data_len, &data, "event data") < 0)
		return -1;
	ev->data = xmalloc(ev->data_len ? ev->data_len : 1);
	memcpy(ev->data, data, ev->data_len);
	return 0;
}

int eventlog_parse(const uint8_t *data, size_t len, struct eventlog *log,
		   char *err, size_t errlen)
{
	struct reader r = { .p = data, .left = len, .event = 0, .err = err, .errlen = errlen };
	struct bank banks[MAX_BANKS];
	uint32_t nbanks;
	size_t cap = 0;
	int pcr0_extended = 0, have_locality = 0;

	memset(log, 0, sizeof(*log));
	if (parse_header(&r, banks, &nbanks, &log->note) < 0)
		return -1;
	while (r.left) {
		struct eventlog_event *ev;

		r.event++;
		if (log->count == cap) {
			cap = cap ? 2 * cap : 32;
			log->events = xrealloc(log->events, cap * sizeof(*log->events));
		}
		ev = &log->events[log->count];
		memset(ev, 0, sizeof(*ev));
		if (parse_event(&r, banks, nbanks, ev) < 0)
			goto fail;
		log->count++;
		if (is_startup_locality(ev)) {
			/* It sets PCR 0's starting value, so it must precede any extend of PCR 0. */
			if (have_locality || pcr0_extended || ev->pcr != 0) {
				fail(&r, "StartupLocality event out of place");
				goto fail;
			}
			have_locality = 1;
			log->startup_locality = ev->data[STARTUP_LOCALITY_SIGNATURE_LEN];
		}
		pcr0_extended |= ev->pcr == 0 && ev->type != EV_NO_ACTION;
	}
	return 0;
fail:
	eventlog_free(log);
	return -1;
}

int eventlog_load(const char *path, struct eventlog *log, char *err, size_t errlen)
{
	char why[256];
	size_t len;
	uint8_t *data = (uint8_t *)file_read_all(path, &len, EVENTLOG_MAX_SIZE);
	int ret;

	memset(log, 0, sizeof(*log));
	if (!data) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = eventlog_parse(data, len, log, why, sizeof(why));
	if (ret < 0)
		snprintf(err, errlen, "%s: %s", path, why);
	free(data);
	return ret;
}

void eventlog_free(struct eventlog *log)
{
	size_t i;

	for (i = 0; i < log->count; i++)
		free(log->events[i].data);
	free(log->events);
	free(log->note);
	memset(log, 0, sizeof(*log));
}

void eventlog_replay(const struct eventlog *log, tpm_pcr_values pcrs, uint32_t *mask)
{
	size_t i;
	unsigned pcr;

	/* A PC Client TPM resets PCRs 17-22 (dynamic launch) to all ones, the rest to zero. */
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		memset(pcrs[pcr], pcr >= 17 && pcr <= 22 ? 0xff : 0, SHA256_LEN);
	pcrs[0][SHA256_LEN - 1] = log->startup_locality;
	*mask = 0;
	for (i = 0; i < log->count; i++) {
		const struct eventlog_event *ev = &log->events[i];

		/* EV_NO_ACTION events are informational and never extended. */
		if (ev->type == EV_NO_ACTION)
			continue;
		hash_sha256_extend(pcrs[ev->pcr], ev->sha256);
		*mask |= 1u << ev->pcr;
	}
}

void eventlog_event_text(const struct eventlog_event *ev, char *buf, size_t len)
{
	uint32_t n = ev->data_len, i;
	size_t used;

	if (n && ev->data[n - 1] == '\0')
		n--;
	for (i = 0; i < n && ev->data[i] >= 0x20 && ev->data[i] < 0x7f; i++)
		;
	if (n && i == n) {
		snprintf(buf, len, "%.*s", (int)n, (const char *)ev->data);
		return;
	}
	used = (size_t)snprintf(buf, len, "(%u bytes)", ev->data_len);
	for (i = 0; i < ev->data_len && i < 16 && used + 3 < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%02x", i ? "" : " ",
					 ev->data[i]);
	if (i < ev->data_len && used + 4 < len)
		snprintf(buf + used, len - used, "...");
}
