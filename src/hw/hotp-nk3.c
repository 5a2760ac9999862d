/*
 * hotp-nk3.c - the Nitrokey 3's secrets app: ISO 7816 commands with TLV data
 * carried in CTAPHID vendor messages (command 0x70) over its FIDO HID
 * interface, so no CCID stack is needed. Answers start with the status word.
 *
 * CTAPHID packets are 64 bytes: [0..3] channel, [4] 0x80 | command,
 * [5..6] length (big-endian), [7..63] data; continuation packets carry
 * [4] a sequence number 0-127 and [5..63] data.
 */
#include <gcrypt.h>
#include <stdio.h>
#include <string.h>

#include "crypto/gcrypt-init.h"
#include "hw/hotp-proto.h"

#define CID_BROADCAST 0xffffffffu
#define FRAME_INIT 0x80
#define INIT_DATA (HOTP_REPORT_LEN - 7)
#define CONT_DATA (HOTP_REPORT_LEN - 5)
#define MESSAGE_MAX (INIT_DATA + 128 * CONT_DATA)

enum ctaphid_command {
	CTAPHID_INIT = 0x06,
	CTAPHID_KEEPALIVE = 0x3b,
	CTAPHID_ERROR = 0x3f,
	CTAPHID_VERSION = 0x61,		/* Nitrokey admin app: firmware version */
	CTAPHID_SECRETS = 0x70,		/* Nitrokey secrets app */
};
enum { KEEPALIVE_UP_NEEDED = 2 };
/* About 100 ms apart while the token works or waits for its button: a minute in all. */
#define KEEPALIVE_MAX 600

enum secrets_ins {
	INS_PUT = 0x01,
	INS_DELETE = 0x02,
	INS_LIST = 0xa1,
	INS_SELECT = 0xa4,
	INS_SEND_REMAINING = 0xa5,
	INS_VERIFY_CODE = 0xb1,
	INS_VERIFY_PIN = 0xb2,
};
enum secrets_tag {
	TAG_NAME = 0x71,
	TAG_NAME_LIST = 0x72,
	TAG_KEY = 0x73,
	TAG_RESPONSE = 0x75,
	TAG_PROPERTIES = 0x78,
	TAG_VERSION = 0x79,
	TAG_INITIAL_COUNTER = 0x7a,
	TAG_PASSWORD = 0x80,
	TAG_PIN_COUNTER = 0x82,
	TAG_SERIAL = 0x8f,
};
enum {
	SW_OK = 0x9000,
	SW_MORE_DATA = 0x61,		/* first byte; the second says how much */
	SW_VERIFICATION_FAILED = 0x6300,
	SW_SECURITY_STATUS = 0x6982,
	SW_BLOCKED = 0x6983,
	SW_NOT_FOUND = 0x6a82,
};
#define KIND_HOTP_REVERSE 0x30
#define ALGORITHM_SHA1 0x01
#define KIND_MASK 0xf0
#define HOTP_DIGITS 6

static const uint8_t secrets_aid[] = { 0xa0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01 };

static const char *ctaphid_error_text(uint8_t code)
{
	switch (code) {
	case 0x01: return "invalid command";
	case 0x02: return "invalid parameter";
	case 0x03: return "invalid length";
	case 0x04: return "invalid sequence";
	case 0x05: return "timeout";
	case 0x06: return "channel busy";
	case 0x0b: return "invalid channel";
	default: return "other error";
	}
}

static const char *sw_text(unsigned sw)
{
	switch (sw) {
	case 0x6300: return "verification failed";
	case 0x6400: case 0x6500: return "execution error";
	case 0x6700: return "wrong length";
	case 0x6982: return "security status not satisfied (button not pressed, or PIN needed)";
	case 0x6983: return "blocked";
	case 0x6985: return "conditions of use not satisfied";
	case 0x6a80: return "incorrect data";
	case 0x6a82: return "not found";
	case 0x6a84: return "not enough memory";
	case 0x6d00: return "instruction not supported";
	default: return "unknown status";
	}
}

static void sw_error(const char *what, unsigned sw, char *err, size_t errlen)
{
	snprintf(err, errlen, "the token's secrets app answered %s with status %04X: %s", what,
		 sw, sw_text(sw));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int ctaphid_send(struct hotp_token *t, uint32_t cid, uint8_t cmd, const uint8_t *data,
			size_t len, char *err, size_t errlen)
{
	uint8_t packet[HOTP_REPORT_LEN];
	size_t off = 0, n;
	uint8_t seq = 0;
	int ret = 0;

	if (len > MESSAGE_MAX) {
		snprintf(err, errlen, "a CTAPHID message of %zu bytes is too long", len);
		return -1;
	}
	memset(packet, 0, sizeof(packet));
	put_be32(packet, cid);
	packet[4] = FRAME_INIT | cmd;
	packet[5] = (uint8_t)(len >> 8);
	packet[6] = (uint8_t)len;
	n = len < INIT_DATA ? len : INIT_DATA;
	if (n)
		memcpy(packet + 7, data, n);
	off = n;
	ret = t->io.send(t->io.ctx, packet, err, errlen);
	while (ret == 0 && off < len) {
		memset(packet + 4, 0, sizeof(packet) - 4);
		packet[4] = seq++;
		n = len - off < CONT_DATA ? len - off : CONT_DATA;
		memcpy(packet + 5, data + off, n);
		off += n;
		ret = t->io.send(t->io.ctx, packet, err, errlen);
	}
	/* Messages carry PINs and secrets. */
	explicit_bzero(packet, sizeof(packet));
	return ret;
}

/* Read the answer to cmd on channel cid into buf, passing over keepalives. */
static int ctaphid_receive(struct hotp_token *t, uint32_t cid, uint8_t cmd, uint8_t *buf,
			   size_t cap, size_t *len, char *err, size_t errlen)
{
	uint8_t packet[HOTP_REPORT_LEN];
	int keepalives = 0, touch_said = 0;
	size_t want, got, n;
	uint8_t seq = 0;

	for (;;) {
		if (t->io.receive(t->io.ctx, packet, err, errlen) < 0)
			return -1;
		if (get_be32(packet) != cid)
			continue;	/* another channel's traffic */
		if (!(packet[4] & FRAME_INIT)) {
			snprintf(err, errlen, "the token sent a CTAPHID continuation packet "
				 "before the start of its answer");
			return -1;
		}
		if ((packet[4] & 0x7f) == CTAPHID_KEEPALIVE) {
			if (packet[7] == KEEPALIVE_UP_NEEDED && !touch_said && t->on_touch) {
				t->on_touch(t->touch_arg);
				touch_said = 1;
			}
			if (++keepalives > KEEPALIVE_MAX) {
				snprintf(err, errlen, "the token kept working for over a minute "
					 "without an answer");
				return -1;
			}
			continue;
		}
		if ((packet[4] & 0x7f) == CTAPHID_ERROR) {
			snprintf(err, errlen, "the token answered with CTAPHID error 0x%02x (%s)",
				 packet[7], ctaphid_error_text(packet[7]));
			return -1;
		}
		if ((packet[4] & 0x7f) != cmd) {
			snprintf(err, errlen, "the token answered CTAPHID command 0x%02x with "
				 "command 0x%02x", cmd, packet[4] & 0x7f);
			return -1;
		}
		break;
	}
	want = (size_t)packet[5] << 8 | packet[6];
	if (want > cap) {
		snprintf(err, errlen, "the token's answer of %zu bytes is longer than the %zu "
			 "expected", want, cap);
		return -1;
	}
	got = want < INIT_DATA ? want : INIT_DATA;
	memcpy(buf, packet + 7, got);
	while (got < want) {
		if (t->io.receive(t->io.ctx, packet, err, errlen) < 0)
			return -1;
		if (get_be32(packet) != cid)
			continue;
		if (packet[4] != seq) {
			snprintf(err, errlen, "CTAPHID packet %u of the token's answer arrived "
				 "out of order (expected %u)", packet[4], seq);
			return -1;
		}
		seq++;
		n = want - got < CONT_DATA ? want - got : CONT_DATA;
		memcpy(buf + got, packet + 5, n);
		got += n;
	}
	*len = want;
	return 0;
}

/* CTAPHID_INIT on the broadcast channel: the token hands out a channel of our own. */
static int open_channel(struct hotp_token *t, char *err, size_t errlen)
{
	uint8_t nonce[8], answer[64];
	size_t len;
	int tries;

	crypto_init();
	gcry_create_nonce(nonce, sizeof(nonce));
	if (ctaphid_send(t, CID_BROADCAST, CTAPHID_INIT, nonce, sizeof(nonce), err, errlen) < 0)
		return -1;
	/* Answers to other programs' INITs on the broadcast channel carry their nonces. */
	for (tries = 0; tries < 8; tries++) {
		if (ctaphid_receive(t, CID_BROADCAST, CTAPHID_INIT, answer, sizeof(answer), &len,
				    err, errlen) < 0)
			return -1;
		if (len < 17) {
			snprintf(err, errlen, "the token's CTAPHID_INIT answer has %zu bytes, "
				 "not 17", len);
			return -1;
		}
		if (memcmp(answer, nonce, sizeof(nonce)) == 0) {
			t->channel = get_be32(answer + 8);
			if (t->channel == 0 || t->channel == CID_BROADCAST) {
				snprintf(err, errlen, "the token assigned the invalid CTAPHID "
					 "channel 0x%08x", t->channel);
				return -1;
			}
			return 0;
		}
	}
	snprintf(err, errlen, "no CTAPHID_INIT answer with vigil's nonce from the token");
	return -1;
}

static int ctaphid_call(struct hotp_token *t, uint8_t cmd, const uint8_t *data, size_t len,
			uint8_t *buf, size_t cap, size_t *got, char *err, size_t errlen)
{
	if (!t->channel && open_channel(t, err, errlen) < 0)
		return -1;
	if (ctaphid_send(t, t->channel, cmd, data, len, err, errlen) < 0)
		return -1;
	return ctaphid_receive(t, t->channel, cmd, buf, cap, got, err, errlen);
}

/*
 * One secrets-app command: [CLA 0, INS, P1, P2, Lc, data] in, [SW1 SW2, data]
 * out. *sw gets the status word; data beyond the first answer is collected
 * with SEND REMAINING. Returns -1 only when the exchange itself failed.
 */
static int apdu(struct hotp_token *t, uint8_t ins, uint8_t p1, uint8_t p2,
		const uint8_t *data, size_t len, uint8_t *out, size_t cap, size_t *outlen,
		unsigned *sw, char *err, size_t errlen)
{
	uint8_t command[5 + 255], answer[MESSAGE_MAX];
	size_t n, total = 0, clen = 4;
	int rounds, ret = -1;

	if (len > 255) {
		snprintf(err, errlen, "a secrets-app command of %zu bytes is too long", len);
		return -1;
	}
	command[0] = 0;
	command[1] = ins;
	command[2] = p1;
	command[3] = p2;
	if (len) {
		command[4] = (uint8_t)len;
		memcpy(command + 5, data, len);
		clen = 5 + len;
	}
	for (rounds = 0; rounds < 32; rounds++) {
		if (ctaphid_call(t, CTAPHID_SECRETS, command, clen, answer, sizeof(answer), &n,
				 err, errlen) < 0)
			goto done;
		if (n < 2) {
			snprintf(err, errlen, "the token's secrets app answered with %zu bytes, "
				 "without a status word", n);
			goto done;
		}
		*sw = (unsigned)answer[0] << 8 | answer[1];
		if (n - 2 > cap - total) {
			snprintf(err, errlen, "the token's secrets app answered with more than "
				 "%zu bytes", cap);
			goto done;
		}
		memcpy(out + total, answer + 2, n - 2);
		total += n - 2;
		if (answer[0] != SW_MORE_DATA) {
			*outlen = total;
			ret = 0;
			goto done;
		}
		command[1] = INS_SEND_REMAINING;
		command[2] = command[3] = 0;
		clen = 4;
	}
	snprintf(err, errlen, "the token's secrets app kept saying it has more data");
done:
	explicit_bzero(command, sizeof(command));
	explicit_bzero(answer, sizeof(answer));
	return ret;
}

/* The value of the first TLV with tag in data, or NULL. */
static const uint8_t *tlv_find(const uint8_t *data, size_t len, uint8_t tag, size_t *vlen)
{
	size_t i = 0, l;

	while (i + 2 <= len) {
		uint8_t t = data[i];

		l = data[i + 1];
		i += 2;
		if (l == 0x81 && i < len)
			l = data[i++];
		if (l > len - i)
			return NULL;
		if (t == tag) {
			*vlen = l;
			return data + i;
		}
		i += l;
	}
	return NULL;
}

static size_t tlv_put(uint8_t *p, uint8_t tag, const void *value, size_t len)
{
	p[0] = tag;
	p[1] = (uint8_t)len;
	memcpy(p + 2, value, len);
	return 2 + len;
}

static size_t label_tlv(uint8_t *p)
{
	return tlv_put(p, TAG_NAME, HOTP_TOKEN_LABEL, strlen(HOTP_TOKEN_LABEL));
}

/* SELECT: the secrets app's version, serial number and PIN state. */
static int select_app(struct hotp_token *t, struct hotp_token_status *st, char *err,
		      size_t errlen)
{
	uint8_t answer[256];
	const uint8_t *v;
	size_t n, vlen;
	unsigned sw;

	if (apdu(t, INS_SELECT, 0x04, 0x00, secrets_aid, sizeof(secrets_aid), answer,
		 sizeof(answer), &n, &sw, err, errlen) < 0)
		return -1;
	if (sw != SW_OK) {
		sw_error("SELECT", sw, err, errlen);
		return -1;
	}
	v = tlv_find(answer, n, TAG_VERSION, &vlen);
	if (v && vlen == 3)
		snprintf(st->firmware, sizeof(st->firmware), "secrets app %u.%u.%u", v[0], v[1],
			 v[2]);
	v = tlv_find(answer, n, TAG_SERIAL, &vlen);
	if (v && vlen == 4)
		st->serial = get_be32(v);
	/* Without a PIN the app leaves the PIN counter out. */
	v = tlv_find(answer, n, TAG_PIN_COUNTER, &vlen);
	st->pin_set = v && vlen == 1;
	st->pin_retries = st->pin_set ? v[0] : -1;
	return 0;
}

/* Is vigil's reverse-HOTP credential in the list? 1, 0, or -1 when the app will not say. */
static int find_credential(struct hotp_token *t, char *err, size_t errlen)
{
	static const uint8_t version = 1;
	size_t label_len = strlen(HOTP_TOKEN_LABEL), n, i = 0;
	uint8_t answer[4096];
	unsigned sw;

	if (apdu(t, INS_LIST, 0, 0, &version, 1, answer, sizeof(answer), &n, &sw, err,
		 errlen) < 0 || sw != SW_OK)
		return -1;
	while (i + 2 <= n && answer[i + 1] <= n - i - 2) {
		const uint8_t *v = answer + i + 2;
		size_t l = answer[i + 1];

		/* [kind | algorithm][label], newer apps add a properties byte */
		if (answer[i] == TAG_NAME_LIST && l >= 1 + label_len &&
		    (v[0] & KIND_MASK) == KIND_HOTP_REVERSE &&
		    (l == 1 + label_len || l == 2 + label_len) &&
		    memcmp(v + 1, HOTP_TOKEN_LABEL, label_len) == 0)
			return 1;
		i += 2 + l;
	}
	return 0;
}

int nk3_status(struct hotp_token *t, struct hotp_token_status *st, char *err, size_t errlen)
{
	uint8_t answer[64];
	char app[sizeof(st->firmware)];
	size_t n;

	memset(st, 0, sizeof(*st));
	if (select_app(t, st, err, errlen) < 0)
		return -1;
	/* The firmware version: major (10 bits), minor (16), patch (6), big-endian. */
	memcpy(app, st->firmware, sizeof(app));
	if (ctaphid_call(t, CTAPHID_VERSION, NULL, 0, answer, sizeof(answer), &n, err,
			 errlen) == 0 && n == 4) {
		uint32_t v = get_be32(answer);

		snprintf(st->firmware, sizeof(st->firmware), "%u.%u.%u%s%.40s", v >> 22,
			 (v >> 6) & 0xffff, v & 0x3f, app[0] ? ", " : "", app);
	}
	st->enrolled = find_credential(t, err, errlen);
	err[0] = 0;
	return 0;
}

/* VERIFY PIN: unlocks the next command only. */
static int verify_pin(struct hotp_token *t, const struct secret *pin, char *err, size_t errlen)
{
	struct hotp_token_status st;
	uint8_t data[2 + 128], answer[64];
	size_t n, len;
	unsigned sw;
	int ret;

	if (pin->len > 128) {
		snprintf(err, errlen, "the PIN is longer than 128 characters");
		return HOTP_ERR_FAIL;
	}
	len = tlv_put(data, TAG_PASSWORD, pin->data, pin->len);
	ret = apdu(t, INS_VERIFY_PIN, 0, 0, data, len, answer, sizeof(answer), &n, &sw, err,
		   errlen);
	explicit_bzero(data, sizeof(data));
	if (ret < 0)
		return HOTP_ERR_FAIL;
	if (sw == SW_OK)
		return 0;
	if (sw != SW_VERIFICATION_FAILED && sw != SW_BLOCKED) {
		sw_error("VERIFY PIN", sw, err, errlen);
		return HOTP_ERR_FAIL;
	}
	memset(&st, 0, sizeof(st));
	if (sw == SW_BLOCKED || (select_app(t, &st, err, errlen) == 0 && st.pin_retries == 0))
		snprintf(err, errlen, "wrong PIN: the token's secrets-app PIN is now blocked "
			 "(no tries left)");
	else if (st.pin_retries > 0)
		snprintf(err, errlen, "wrong PIN: %d %s left before the token blocks it",
			 st.pin_retries, st.pin_retries == 1 ? "try" : "tries");
	else
		snprintf(err, errlen, "wrong PIN");
	return HOTP_ERR_WRONG_PIN;
}

int nk3_enroll(struct hotp_token *t, const struct secret *key, const struct secret *admin_pin,
	       uint64_t counter, char *err, size_t errlen)
{
	struct hotp_token_status st;
	uint8_t data[2 + 32 + 2 + 2 + 64 + 2 + 2 + 4], answer[64], header[2] = {
		KIND_HOTP_REVERSE | ALGORITHM_SHA1, HOTP_DIGITS };
	size_t n, len;
	unsigned sw;
	int ret;

	if (key->len == 0 || key->len > 64) {
		snprintf(err, errlen, "the token holds secrets of 1 to 64 bytes, not %zu",
			 key->len);
		return HOTP_ERR_FAIL;
	}
	if (counter > 0xffffffffu) {
		snprintf(err, errlen, "the Nitrokey 3 counts HOTP codes in 32 bits: counter "
			 "%llu is too large", (unsigned long long)counter);
		return HOTP_ERR_FAIL;
	}
	memset(&st, 0, sizeof(st));
	if (select_app(t, &st, err, errlen) < 0)
		return HOTP_ERR_FAIL;
	/* Replace an older credential of vigil's; none is fine. */
	len = label_tlv(data);
	if (apdu(t, INS_DELETE, 0, 0, data, len, answer, sizeof(answer), &n, &sw, err,
		 errlen) < 0)
		return HOTP_ERR_FAIL;
	if (sw != SW_OK && sw != SW_NOT_FOUND) {
		sw_error("DELETE", sw, err, errlen);
		return HOTP_ERR_FAIL;
	}
	if (st.pin_set) {
		if (!admin_pin || admin_pin->len == 0) {
			snprintf(err, errlen, "the token's secrets app has a PIN: vigil needs it "
				 "to store a secret");
			return HOTP_ERR_FAIL;
		}
		ret = verify_pin(t, admin_pin, err, errlen);
		if (ret < 0)
			return ret;
	}
	len = label_tlv(data);
	data[len++] = TAG_KEY;
	data[len++] = (uint8_t)(sizeof(header) + key->len);
	memcpy(data + len, header, sizeof(header));
	memcpy(data + len + sizeof(header), key->data, key->len);
	len += sizeof(header) + key->len;
	/* Properties are tag and value without a length: no button, no PIN encryption. */
	data[len++] = TAG_PROPERTIES;
	data[len++] = 0x00;
	data[len++] = TAG_INITIAL_COUNTER;
	data[len++] = 4;
	put_be32(data + len, (uint32_t)counter);
	len += 4;
	ret = apdu(t, INS_PUT, 0, 0, data, len, answer, sizeof(answer), &n, &sw, err, errlen);
	explicit_bzero(data, sizeof(data));
	if (ret < 0)
		return HOTP_ERR_FAIL;
	if (sw != SW_OK) {
		sw_error("PUT", sw, err, errlen);
		return HOTP_ERR_FAIL;
	}
	return 0;
}

int nk3_verify(struct hotp_token *t, uint32_t code, enum hotp_verdict *verdict,
	       char *err, size_t errlen)
{
	uint8_t data[32], answer[64], be[4];
	size_t len, n;
	unsigned sw;

	len = label_tlv(data);
	put_be32(be, code);
	len += tlv_put(data + len, TAG_RESPONSE, be, sizeof(be));
	if (apdu(t, INS_VERIFY_CODE, 0, 0, data, len, answer, sizeof(answer), &n, &sw, err,
		 errlen) < 0)
		return HOTP_ERR_FAIL;
	switch (sw) {
	case SW_OK:
		*verdict = HOTP_CODE_VALID;
		return 0;
	case SW_VERIFICATION_FAILED:
		*verdict = HOTP_CODE_INVALID;
		return 0;
	case SW_NOT_FOUND:
		*verdict = HOTP_CODE_NOT_ENROLLED;
		return 0;
	default:
		sw_error("VERIFY CODE", sw, err, errlen);
		return HOTP_ERR_FAIL;
	}
}
