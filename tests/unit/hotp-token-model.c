/*
 * hotp-token-model.c - the software token (see hotp-token-model.h). Written
 * from the firmware sources (nitrokey-pro-firmware report_protocol.c and
 * hotp.c, trussed-secrets-app authenticator.rs and ctaphid.rs), not from
 * vigil's side: its offsets and codes are stated again here on purpose.
 */
#include <gcrypt.h>
#include <liboath/oath.h>
#include <stdio.h>
#include <string.h>

#include "crypto/gcrypt-init.h"
#include "hotp-token-model.h"

/* The firmware accepts the code of its counter and the 9 after it. */
#define WINDOW 9

/* ---- the STM32 CRC, through libgcrypt ---- */

static uint8_t reverse8(uint8_t b)
{
	uint8_t r = 0;
	int i;

	for (i = 0; i < 8; i++)
		if (b & (1u << i))
			r |= (uint8_t)(0x80u >> i);
	return r;
}

/*
 * The STM32 feeds each little-endian word most significant bit first; a
 * reflected CRC-32 (libgcrypt's, init and final XOR 0xFFFFFFFF) of the same
 * bit stream reversed is the bit-reversed register, inverted.
 */
uint32_t hotp_model_crc(const uint8_t *data, size_t words)
{
	uint8_t stream[256], out[4];
	uint32_t reflected, crc = 0;
	size_t i;
	int bit;

	crypto_init();
	for (i = 0; i < 4 * words; i++)
		stream[i] = reverse8(data[(i & ~(size_t)3) + 3 - (i & 3)]);
	gcry_md_hash_buffer(GCRY_MD_CRC32, out, stream, 4 * words);
	reflected = ((uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 | (uint32_t)out[2] << 8 |
		     out[3]) ^ 0xffffffffu;
	for (bit = 0; bit < 32; bit++)
		if (reflected & (1u << bit))
			crc |= 0x80000000u >> bit;
	return crc;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* liboath's validator over the window; the offset of the match or -1. */
static int judge(struct hotp_model *m, uint32_t code)
{
	char text[16];
	int pos;

	snprintf(text, sizeof(text), "%06u", code);
	pos = oath_hotp_validate((const char *)m->secret, m->secret_len, m->counter, WINDOW,
				 text);
	if (pos >= 0) {
		m->counter += (uint64_t)pos + 1;
		m->green++;
		return pos;
	}
	m->red++;
	return -1;
}

/* ---- Nitrokey Pro: one feature report in, one out ---- */

enum {
	PRO_STATUS_OK = 0, PRO_WRONG_CRC = 1, PRO_WRONG_SLOT = 2, PRO_NOT_PROGRAMMED = 3,
	PRO_WRONG_PASSWORD = 4, PRO_NOT_AUTHORIZED = 5, PRO_NO_NAME = 7, PRO_UNKNOWN_CMD = 9,
};
#define PRO_OUT_STATUS 6
#define PRO_OUT_RESULT 7

static bool session_ok(struct hotp_model *m, const uint8_t *password)
{
	return m->session_set && memcmp(password, m->session, sizeof(m->session)) == 0;
}

static void pro_command(struct hotp_model *m, const uint8_t *req, uint8_t *out)
{
	uint8_t *result = out + PRO_OUT_RESULT;
	char pin[26];
	size_t off;
	int pos;

	switch (req[0]) {
	case 0x00:	/* GET_STATUS: version (minor, major), serial, config */
		result[0] = 15;
		result[1] = 0;
		result[2] = (uint8_t)m->serial;
		result[3] = (uint8_t)(m->serial >> 8);
		result[4] = (uint8_t)(m->serial >> 16);
		result[5] = (uint8_t)(m->serial >> 24);
		break;
	case 0x09:	/* GET_PASSWORD_RETRY_COUNT */
		result[0] = (uint8_t)m->pin_retries;
		break;
	case 0x02:	/* READ_SLOT_NAME */
		if (req[1] < 0x10 || req[1] > 0x13)
			out[PRO_OUT_STATUS] = PRO_WRONG_SLOT;
		else if (req[1] != 0x13 || !m->programmed)
			out[PRO_OUT_STATUS] = PRO_NOT_PROGRAMMED;
		else
			memcpy(result, m->label, 15);
		break;
	case 0x07:	/* FIRST_AUTHENTICATE: admin PIN, new session password */
		m->session_set = false;
		memcpy(pin, req + 1, 25);
		pin[25] = 0;
		if (m->pin_retries > 0 && strcmp(pin, m->pin) == 0) {
			m->pin_retries = 3;
			memcpy(m->session, req + 26, 25);
			m->session_set = true;
		} else {
			if (m->pin_retries > 0)
				m->pin_retries--;
			out[PRO_OUT_STATUS] = PRO_WRONG_PASSWORD;
		}
		break;
	case 0x17:	/* SEND_OTP_DATA: session, type, chunk, 30 bytes */
		if (!session_ok(m, req + 1)) {
			out[PRO_OUT_STATUS] = PRO_NOT_AUTHORIZED;
			break;
		}
		if (!m->staging) {
			memset(m->staged_secret, 0, sizeof(m->staged_secret));
			memset(m->staged_name, 0, sizeof(m->staged_name));
		}
		m->staging = true;
		if (req[26] == 'N') {
			memcpy(m->staged_name, req + 28, sizeof(m->staged_name));
		} else if (req[26] == 'S') {
			off = (size_t)req[27] * 30;
			if (off > sizeof(m->staged_secret))
				off = 0;
			memcpy(m->staged_secret + off, req + 28,
			       sizeof(m->staged_secret) - off < 30 ?
			       sizeof(m->staged_secret) - off : 30);
		}
		break;
	case 0x01:	/* WRITE_TO_SLOT: session, slot, counter, config, token ID */
		if (!session_ok(m, req + 1) || !m->staging) {
			out[PRO_OUT_STATUS] = PRO_NOT_AUTHORIZED;
			break;
		}
		m->staging = false;
		if (m->staged_name[0] == 0) {
			out[PRO_OUT_STATUS] = PRO_NO_NAME;
			break;
		}
		if (req[26] < 0x10 || req[26] > 0x13) {
			out[PRO_OUT_STATUS] = PRO_WRONG_SLOT;
			break;
		}
		if (req[26] != 0x13)
			break;	/* the other slots are not modelled */
		memcpy(m->label, m->staged_name, sizeof(m->staged_name));
		m->label[sizeof(m->staged_name)] = 0;
		memcpy(m->secret, m->staged_secret, sizeof(m->staged_secret));
		m->secret_len = sizeof(m->staged_secret);
		m->counter = (uint64_t)le32(req + 27) | (uint64_t)le32(req + 31) << 32;
		m->programmed = true;
		break;
	case 0x18:	/* VERIFY_OTP_CODE */
		if (!m->programmed) {
			out[PRO_OUT_STATUS] = PRO_NOT_PROGRAMMED;
			break;
		}
		pos = judge(m, le32(req + 1));
		result[0] = pos >= 0;
		result[1] = (uint8_t)(pos >= 0 ? pos : -2);
		break;
	default:
		out[PRO_OUT_STATUS] = PRO_UNKNOWN_CMD;
		break;
	}
}

static int pro_send(struct hotp_model *m, const uint8_t report[HOTP_REPORT_LEN])
{
	uint8_t req[HOTP_REPORT_LEN], *out = m->answer;
	uint32_t crc;

	memcpy(req, report, sizeof(req));
	if (m->corrupt_requests > 0) {
		m->corrupt_requests--;
		req[1] ^= 0x40;
	}
	crc = hotp_model_crc(req, 15);
	memset(out, 0, HOTP_REPORT_LEN);
	out[1] = req[0];
	out[2] = (uint8_t)crc;
	out[3] = (uint8_t)(crc >> 8);
	out[4] = (uint8_t)(crc >> 16);
	out[5] = (uint8_t)(crc >> 24);
	if (crc != le32(req + 60)) {
		out[PRO_OUT_STATUS] = PRO_WRONG_CRC;
	} else {
		pro_command(m, req, out);
		m->commands++;
	}
	crc = hotp_model_crc(out, 15);
	out[60] = (uint8_t)crc;
	out[61] = (uint8_t)(crc >> 8);
	out[62] = (uint8_t)(crc >> 16);
	out[63] = (uint8_t)(crc >> 24);
	m->have_answer = true;
	return 0;
}

static int pro_receive(struct hotp_model *m, uint8_t report[HOTP_REPORT_LEN], char *err,
		       size_t errlen)
{
	uint32_t crc;

	if (!m->have_answer) {
		snprintf(err, errlen, "model: no answer waiting");
		return -1;
	}
	memcpy(report, m->answer, HOTP_REPORT_LEN);
	if (m->busy_reads > 0) {
		m->busy_reads--;
		memset(report, 0, HOTP_REPORT_LEN);
		report[0] = 1;
		crc = hotp_model_crc(report, 15);
		report[60] = (uint8_t)crc;
		report[61] = (uint8_t)(crc >> 8);
		report[62] = (uint8_t)(crc >> 16);
		report[63] = (uint8_t)(crc >> 24);
	} else if (m->corrupt_answers > 0 &&
		   (m->corrupt_command < 0 || m->corrupt_command == report[1])) {
		m->corrupt_answers--;
		report[62] ^= 0x01;
	}
	return 0;
}

/* ---- Nitrokey 3: CTAPHID packets around secrets-app APDUs ---- */

static void queue_packet(struct hotp_model *m, const uint8_t packet[HOTP_REPORT_LEN])
{
	if (m->queue_tail - m->queue_head < MODEL_QUEUE)
		memcpy(m->queue[m->queue_tail++ % MODEL_QUEUE], packet, HOTP_REPORT_LEN);
}

static void reply(struct hotp_model *m, uint32_t cid, uint8_t cmd, const uint8_t *data,
		  size_t len)
{
	uint8_t packet[HOTP_REPORT_LEN] = { 0 };
	size_t off, n;
	uint8_t seq = 0;

	packet[0] = (uint8_t)(cid >> 24);
	packet[1] = (uint8_t)(cid >> 16);
	packet[2] = (uint8_t)(cid >> 8);
	packet[3] = (uint8_t)cid;
	packet[4] = 0x80 | cmd;
	packet[5] = (uint8_t)(len >> 8);
	packet[6] = (uint8_t)len;
	n = len < 57 ? len : 57;
	memcpy(packet + 7, data, n);
	queue_packet(m, packet);
	for (off = n; off < len; off += n) {
		memset(packet + 4, 0, HOTP_REPORT_LEN - 4);
		packet[4] = seq++;
		n = len - off < 59 ? len - off : 59;
		memcpy(packet + 5, data + off, n);
		queue_packet(m, packet);
	}
}

static void ctap_error(struct hotp_model *m, uint32_t cid, uint8_t code)
{
	reply(m, cid, 0x3f, &code, 1);
}

/* The button: keepalives saying "touch me", then whether the user did. */
static bool user_present(struct hotp_model *m, uint32_t cid)
{
	uint8_t up_needed = 2;

	reply(m, cid, 0x3b, &up_needed, 1);
	reply(m, cid, 0x3b, &up_needed, 1);
	return m->button;
}

/* The value of tag in data; the properties tag 0x78 has no length byte. */
static const uint8_t *find_tag(const uint8_t *data, size_t len, uint8_t tag, size_t *vlen)
{
	size_t i = 0, l;

	while (i < len) {
		uint8_t t = data[i++];

		if (t == 0x78) {
			l = 1;
		} else {
			if (i >= len)
				return NULL;
			l = data[i++];
		}
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

static bool is_our_label(struct hotp_model *m, const uint8_t *label, size_t len)
{
	return m->programmed && len == strlen(m->label) && memcmp(label, m->label, len) == 0;
}

/* One APDU: answer is SW1 SW2 then data, as the CTAPHID transport of the app sends it. */
static size_t secrets_command(struct hotp_model *m, uint32_t cid, const uint8_t *apdu,
			      size_t len, uint8_t *answer)
{
	static const uint8_t aid[] = { 0xa0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01 };
	const uint8_t *data = apdu + 5, *v, *w;
	size_t dlen = len > 5 ? apdu[4] : 0, vlen = 0, wlen = 0, n = 2;
	unsigned sw = 0x9000;
	int pos;

	/* VERIFY PIN unlocks one command (the app wants it for PIN-encrypted credentials only). */
	m->pin_verified = false;
	if (len < 4 || (len > 4 && 5 + dlen != len)) {
		sw = 0x6700;
		goto out;
	}
	m->commands++;
	switch (apdu[1]) {
	case 0xa4:	/* SELECT */
		if (dlen != sizeof(aid) || memcmp(data, aid, sizeof(aid))) {
			sw = 0x6a82;
			break;
		}
		memcpy(answer + n, "\x79\x03\x04\x0d\x00\x71\x08saltsalt", 15);
		n += 15;
		if (m->pin[0]) {
			answer[n++] = 0x82;
			answer[n++] = 1;
			answer[n++] = (uint8_t)m->pin_retries;
		}
		answer[n++] = 0x8f;
		answer[n++] = 4;
		answer[n++] = (uint8_t)(m->serial >> 24);
		answer[n++] = (uint8_t)(m->serial >> 16);
		answer[n++] = (uint8_t)(m->serial >> 8);
		answer[n++] = (uint8_t)m->serial;
		break;
	case 0xa1:	/* LIST, version 1: kind, label, properties */
		if (m->programmed) {
			answer[n++] = 0x72;
			answer[n++] = (uint8_t)(strlen(m->label) + 2);
			answer[n++] = m->kind_byte;
			memcpy(answer + n, m->label, strlen(m->label));
			n += strlen(m->label);
			answer[n++] = 0;
		}
		break;
	case 0x02:	/* DELETE */
		if (!user_present(m, cid)) {
			sw = 0x6982;
			break;
		}
		v = find_tag(data, dlen, 0x71, &vlen);
		if (v && is_our_label(m, v, vlen))
			m->programmed = false;
		else
			sw = 0x6a82;
		break;
	case 0xb2:	/* VERIFY PIN */
		v = find_tag(data, dlen, 0x80, &vlen);
		if (!m->pin[0]) {
			sw = 0x6982;
		} else if (m->pin_retries == 0) {
			sw = 0x6983;
		} else if (v && vlen == strlen(m->pin) && memcmp(v, m->pin, vlen) == 0) {
			m->pin_retries = 8;
			m->pin_verified = true;
		} else {
			m->pin_retries--;
			sw = 0x6300;
		}
		break;
	case 0x01:	/* PUT: name, key with kind and digits, properties, counter */
		if (!user_present(m, cid)) {
			sw = 0x6982;
			break;
		}
		v = find_tag(data, dlen, 0x71, &vlen);
		w = find_tag(data, dlen, 0x73, &wlen);
		if (!v || !w || vlen >= sizeof(m->label) || wlen < 3 ||
		    wlen - 2 > sizeof(m->secret) || w[1] != 6) {
			sw = 0x6a80;
			break;
		}
		memcpy(m->label, v, vlen);
		m->label[vlen] = 0;
		m->kind_byte = w[0];
		memcpy(m->secret, w + 2, wlen - 2);
		m->secret_len = wlen - 2;
		v = find_tag(data, dlen, 0x7a, &vlen);
		m->counter = v && vlen == 4 ? be32(v) : 0;
		m->programmed = true;
		break;
	case 0xb1:	/* VERIFY CODE: name, code */
		v = find_tag(data, dlen, 0x71, &vlen);
		w = find_tag(data, dlen, 0x75, &wlen);
		if (!v || !is_our_label(m, v, vlen)) {
			sw = 0x6a82;
		} else if ((m->kind_byte & 0xf0) != 0x30) {
			sw = 0x6985;
		} else if (!w || wlen != 4) {
			sw = 0x6a80;
		} else {
			pos = judge(m, be32(w));
			if (pos < 0) {
				sw = 0x6300;
			} else {
				answer[n++] = 0x77;
				answer[n++] = 0;
			}
		}
		break;
	default:
		sw = 0x6d00;
		break;
	}
out:
	if (sw != 0x9000)
		n = 2;
	answer[0] = (uint8_t)(sw >> 8);
	answer[1] = (uint8_t)sw;
	return n;
}

static void ctap_message(struct hotp_model *m)
{
	uint8_t answer[512];
	uint32_t cid = m->message_cid, version = 1u << 22 | 7u << 6 | 2u;
	size_t n;

	if (cid == 0xffffffffu) {
		if (m->message_cmd != 0x06 || m->message_len != 8) {
			ctap_error(m, cid, 0x0b);
			return;
		}
		memcpy(answer, m->message, 8);
		m->channels++;
		answer[8] = 0x5a;
		answer[9] = 0;
		answer[10] = 0;
		answer[11] = (uint8_t)m->channels;
		memcpy(answer + 12, "\x02\x01\x07\x02\x0d", 5);
		reply(m, cid, 0x06, answer, 17);
		return;
	}
	if ((cid & 0xffffff00u) != 0x5a000000u || (cid & 0xff) == 0 ||
	    (cid & 0xff) > m->channels) {
		ctap_error(m, cid, 0x0b);
		return;
	}
	switch (m->message_cmd) {
	case 0x61:
		answer[0] = (uint8_t)(version >> 24);
		answer[1] = (uint8_t)(version >> 16);
		answer[2] = (uint8_t)(version >> 8);
		answer[3] = (uint8_t)version;
		reply(m, cid, 0x61, answer, 4);
		break;
	case 0x70:
		n = secrets_command(m, cid, m->message, m->message_len, answer);
		reply(m, cid, 0x70, answer, n);
		break;
	default:
		ctap_error(m, cid, 0x01);
		break;
	}
}

static int nk3_send(struct hotp_model *m, const uint8_t report[HOTP_REPORT_LEN])
{
	uint32_t cid = be32(report);
	size_t n;

	if (report[4] & 0x80) {
		m->message_cid = cid;
		m->message_cmd = report[4] & 0x7f;
		m->message_want = (size_t)report[5] << 8 | report[6];
		if (m->message_want > sizeof(m->message)) {
			ctap_error(m, cid, 0x03);
			m->message_want = 0;
			return 0;
		}
		n = m->message_want < 57 ? m->message_want : 57;
		memcpy(m->message, report + 7, n);
		m->message_len = n;
		m->next_seq = 0;
	} else {
		if (cid != m->message_cid || report[4] != m->next_seq ||
		    m->message_len >= m->message_want) {
			ctap_error(m, cid, 0x04);
			return 0;
		}
		m->next_seq++;
		n = m->message_want - m->message_len < 59 ? m->message_want - m->message_len : 59;
		memcpy(m->message + m->message_len, report + 5, n);
		m->message_len += n;
	}
	if (m->message_len == m->message_want)
		ctap_message(m);
	return 0;
}

static int nk3_receive(struct hotp_model *m, uint8_t report[HOTP_REPORT_LEN], char *err,
		       size_t errlen)
{
	if (m->queue_head == m->queue_tail) {
		snprintf(err, errlen, "model: no report within the timeout");
		return -1;
	}
	memcpy(report, m->queue[m->queue_head++ % MODEL_QUEUE], HOTP_REPORT_LEN);
	return 0;
}

/* ---- the transport ---- */

static int model_send(void *ctx, const uint8_t report[HOTP_REPORT_LEN], char *err,
		      size_t errlen)
{
	struct hotp_model *m = ctx;

	if (m->unplugged) {
		snprintf(err, errlen, "model: the token was unplugged");
		return -1;
	}
	return m->kind == HOTP_TOKEN_NITROKEY_3 ? nk3_send(m, report) : pro_send(m, report);
}

static int model_receive(void *ctx, uint8_t report[HOTP_REPORT_LEN], char *err, size_t errlen)
{
	struct hotp_model *m = ctx;

	if (m->unplugged) {
		snprintf(err, errlen, "model: the token was unplugged");
		return -1;
	}
	return m->kind == HOTP_TOKEN_NITROKEY_3 ? nk3_receive(m, report, err, errlen) :
	       pro_receive(m, report, err, errlen);
}

void hotp_model_init(struct hotp_model *m, enum hotp_token_kind kind, const char *admin_pin)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	snprintf(m->pin, sizeof(m->pin), "%s", admin_pin);
	m->pin_retries = kind == HOTP_TOKEN_NITROKEY_3 ? 8 : 3;
	m->serial = 0x1234abcd;
	m->button = true;
	m->corrupt_command = -1;
	oath_init();
}

struct hotp_transport hotp_model_transport(struct hotp_model *m)
{
	struct hotp_transport io = { model_send, model_receive, m };

	return io;
}
