/*
 * hotp-nkpro.c - the HID protocol of the Nitrokey Pro, Nitrokey Storage and
 * Librem Key: one 64-byte feature report per command and one per answer,
 * each sealed with the CRC the token's STM32 computes.
 *
 * Request:  [0] command, [1..59] payload, [60..63] CRC of bytes 0-59.
 * Answer:   [0] device status, [1] command, [2..5] CRC of the request as the
 *           token computed it, [6] command status, [7..59] payload,
 *           [60..63] CRC of bytes 0-59. All integers little-endian.
 */
#include <gcrypt.h>
#include <stdio.h>
#include <string.h>

#include "crypto/gcrypt-init.h"
#include "hw/hotp-proto.h"

enum nkpro_command {
	CMD_GET_STATUS = 0x00,
	CMD_WRITE_TO_SLOT = 0x01,
	CMD_READ_SLOT_NAME = 0x02,
	CMD_FIRST_AUTHENTICATE = 0x07,
	CMD_GET_PASSWORD_RETRY_COUNT = 0x09,
	CMD_SEND_OTP_DATA = 0x17,
	CMD_VERIFY_OTP_CODE = 0x18,
};

enum nkpro_status {
	STATUS_OK = 0,
	STATUS_WRONG_CRC = 1,
	STATUS_SLOT_NOT_PROGRAMMED = 3,
	STATUS_WRONG_PASSWORD = 4,
};

/* The answer's first byte: the token is still working on the request, or done. */
enum { DEVICE_OK = 0, DEVICE_BUSY = 1, DEVICE_ERROR = 2, DEVICE_RECEIVED = 3 };

#define REQUEST_PAYLOAD 1
#define ANSWER_COMMAND 1
#define ANSWER_REQUEST_CRC 2
#define ANSWER_STATUS 6
#define ANSWER_PAYLOAD 7
#define CRC_OFFSET 60
#define CRC_WORDS (CRC_OFFSET / 4)

/* Answers are read again while the token is busy (the Nitrokey Storage takes a while). */
#define RECEIVE_TRIES 10

/*
 * The slot the firmware reserves for HOTP verification: the last of its four
 * HOTP slots, numbered 0x10 + n on the wire.
 */
#define VERIFY_SLOT 0x13
#define PASSWORD_LEN 25		/* admin PIN and session password fields */
#define OTP_DATA_LEN 30		/* bytes of secret or name per SEND_OTP_DATA */
#define SLOT_SECRET_MAX 40
#define SLOT_NAME_MAX 15

/*
 * Hand-written because no Debian library offers this variant directly:
 * libgcrypt's CRC-32 flavours (GCRY_MD_CRC32, _RFC1510, CRC24) and zlib's
 * crc32 are all bit-reflected. The STM32 unit shifts each 32-bit word in
 * most significant bit first with no reflection and no final XOR. (The
 * tests check this loop against libgcrypt's CRC32 fed bit-reversed input,
 * and against the values fwupd's Nitrokey plugin asserts.)
 */
uint32_t stm32_crc32(const uint8_t *data, size_t words)
{
	uint32_t crc = 0xffffffffu;
	size_t i;
	int bit;

	for (i = 0; i < words; i++, data += 4) {
		crc ^= (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		       (uint32_t)data[3] << 24;
		for (bit = 0; bit < 32; bit++)
			crc = crc & 0x80000000u ? crc << 1 ^ 0x04c11db7u : crc << 1;
	}
	return crc;
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The firmware's names for its command status codes, in words. */
static const char *status_text(uint8_t status)
{
	static const char *const text[] = {
		[0] = "ok",
		[1] = "the request's CRC did not match (damaged on the way)",
		[2] = "no such slot",
		[3] = "the slot is not programmed",
		[4] = "wrong password",
		[5] = "not authorised (the admin session is missing or expired)",
		[6] = "timestamp warning",
		[7] = "the slot needs a name",
		[8] = "not supported",
		[9] = "unknown command (firmware too old?)",
		[10] = "AES decryption failed (the smart card keys are not initialised)",
	};

	return status < sizeof(text) / sizeof(text[0]) && text[status] ? text[status] :
	       "unknown status";
}

static void status_error(uint8_t command, uint8_t status, char *err, size_t errlen)
{
	snprintf(err, errlen, "the token answered command 0x%02x with status %u: %s", command,
		 status, status_text(status));
}

/*
 * Send one command and read its answer into answer. Returns the command
 * status (>= 0) of a well-formed answer to this very request, or -1 with err.
 */
static int transact(struct hotp_token *t, uint8_t command, const uint8_t *payload, size_t len,
		    uint8_t answer[HOTP_REPORT_LEN], char *err, size_t errlen)
{
	uint8_t request[HOTP_REPORT_LEN] = { command };
	const char *why = NULL;
	uint32_t crc;
	int tries, ret;

	if (len)
		memcpy(request + REQUEST_PAYLOAD, payload, len);
	crc = stm32_crc32(request, CRC_WORDS);
	put_le(request + CRC_OFFSET, crc, 4);
	ret = t->io.send(t->io.ctx, request, err, errlen);
	/* The request may carry the admin PIN or the session password. */
	explicit_bzero(request, sizeof(request));
	if (ret < 0)
		return -1;
	for (tries = 0; tries < RECEIVE_TRIES; tries++) {
		if (t->io.receive(t->io.ctx, answer, err, errlen) < 0)
			return -1;
		if (get_le32(answer + CRC_OFFSET) != stm32_crc32(answer, CRC_WORDS)) {
			why = "CRC mismatch in the token's answers";
			continue;
		}
		if (answer[0] == DEVICE_BUSY || answer[0] == DEVICE_RECEIVED) {
			why = "the token stayed busy";
			continue;
		}
		if (answer[0] != DEVICE_OK) {
			snprintf(err, errlen, "the token reports device status %u (%s)", answer[0],
				 answer[0] == DEVICE_ERROR ? "error" : "unknown");
			return -1;
		}
		if (answer[ANSWER_COMMAND] == command &&
		    answer[ANSWER_STATUS] == STATUS_WRONG_CRC) {
			snprintf(err, errlen, "the token received command 0x%02x damaged: CRC "
				 "mismatch (status 1)", command);
			return -1;
		}
		if (get_le32(answer + ANSWER_REQUEST_CRC) != crc ||
		    answer[ANSWER_COMMAND] != command) {
			why = "the token kept answering another request";
			continue;
		}
		return answer[ANSWER_STATUS];
	}
	snprintf(err, errlen, "no valid answer to command 0x%02x after %d reads: %s", command,
		 RECEIVE_TRIES, why);
	return -1;
}

/* A command whose only acceptable status is OK. */
static int command_ok(struct hotp_token *t, uint8_t command, const uint8_t *payload,
		      size_t len, uint8_t answer[HOTP_REPORT_LEN], char *err, size_t errlen)
{
	int status = transact(t, command, payload, len, answer, err, errlen);

	if (status < 0)
		return -1;
	if (status != STATUS_OK) {
		status_error(command, (uint8_t)status, err, errlen);
		return -1;
	}
	return 0;
}

static int retry_count(struct hotp_token *t, int *left, char *err, size_t errlen)
{
	uint8_t answer[HOTP_REPORT_LEN];

	if (command_ok(t, CMD_GET_PASSWORD_RETRY_COUNT, NULL, 0, answer, err, errlen) < 0)
		return -1;
	*left = answer[ANSWER_PAYLOAD];
	return 0;
}

int nkpro_status(struct hotp_token *t, struct hotp_token_status *st, char *err, size_t errlen)
{
	uint8_t answer[HOTP_REPORT_LEN], slot = VERIFY_SLOT;
	const uint8_t *p = answer + ANSWER_PAYLOAD;
	int status;

	memset(st, 0, sizeof(*st));
	st->pin_set = true;
	if (command_ok(t, CMD_GET_STATUS, NULL, 0, answer, err, errlen) < 0)
		return -1;
	/*
	 * Version minor byte first. The Storage answers here with a placeholder
	 * and keeps its real version elsewhere, so it is left unsaid.
	 */
	if (t->kind != HOTP_TOKEN_NITROKEY_STORAGE)
		snprintf(st->firmware, sizeof(st->firmware), "%u.%u", p[1], p[0]);
	st->serial = get_le32(p + 2);
	if (retry_count(t, &st->pin_retries, err, errlen) < 0)
		return -1;
	status = transact(t, CMD_READ_SLOT_NAME, &slot, 1, answer, err, errlen);
	if (status < 0)
		return -1;
	if (status == STATUS_OK || status == STATUS_SLOT_NOT_PROGRAMMED) {
		st->enrolled = status == STATUS_OK;
	} else {
		status_error(CMD_READ_SLOT_NAME, (uint8_t)status, err, errlen);
		return -1;
	}
	return 0;
}

/* FIRST_AUTHENTICATE: the admin PIN opens a session named by a fresh random password. */
static int authenticate(struct hotp_token *t, const struct secret *admin_pin,
			uint8_t session[PASSWORD_LEN], char *err, size_t errlen)
{
	uint8_t payload[2 * PASSWORD_LEN] = { 0 }, answer[HOTP_REPORT_LEN];
	int status, left;

	if (!admin_pin || admin_pin->len == 0) {
		snprintf(err, errlen, "the token needs its admin PIN to store a secret");
		return HOTP_ERR_FAIL;
	}
	if (admin_pin->len > PASSWORD_LEN) {
		snprintf(err, errlen, "the admin PIN is longer than the token's %d characters",
			 PASSWORD_LEN);
		return HOTP_ERR_FAIL;
	}
	crypto_init();
	gcry_randomize(session, PASSWORD_LEN, GCRY_STRONG_RANDOM);
	memcpy(payload, admin_pin->data, admin_pin->len);
	memcpy(payload + PASSWORD_LEN, session, PASSWORD_LEN);
	status = transact(t, CMD_FIRST_AUTHENTICATE, payload, sizeof(payload), answer, err, errlen);
	explicit_bzero(payload, sizeof(payload));
	if (status < 0)
		return HOTP_ERR_FAIL;
	if (status == STATUS_WRONG_PASSWORD) {
		if (retry_count(t, &left, err, errlen) < 0)
			snprintf(err, errlen, "wrong admin PIN");
		else if (left == 0)
			snprintf(err, errlen, "wrong admin PIN: the token's admin PIN is now "
				 "blocked (no tries left)");
		else
			snprintf(err, errlen, "wrong admin PIN: %d %s left before the token "
				 "blocks it", left, left == 1 ? "try" : "tries");
		return HOTP_ERR_WRONG_PIN;
	}
	if (status != STATUS_OK) {
		status_error(CMD_FIRST_AUTHENTICATE, (uint8_t)status, err, errlen);
		return HOTP_ERR_FAIL;
	}
	return 0;
}

/* SEND_OTP_DATA: stage a piece of the new slot ('S' secret, 'N' name) in the session. */
static int send_otp_data(struct hotp_token *t, const uint8_t session[PASSWORD_LEN], char type,
			 uint8_t chunk, const uint8_t *data, size_t len, char *err, size_t errlen)
{
	uint8_t payload[PASSWORD_LEN + 2 + OTP_DATA_LEN] = { 0 }, answer[HOTP_REPORT_LEN];
	int ret;

	memcpy(payload, session, PASSWORD_LEN);
	payload[PASSWORD_LEN] = (uint8_t)type;
	payload[PASSWORD_LEN + 1] = chunk;
	memcpy(payload + PASSWORD_LEN + 2, data, len);
	ret = command_ok(t, CMD_SEND_OTP_DATA, payload, sizeof(payload), answer, err, errlen);
	explicit_bzero(payload, sizeof(payload));
	/* The token echoes the staged secret. */
	explicit_bzero(answer, sizeof(answer));
	return ret;
}

int nkpro_enroll(struct hotp_token *t, const struct secret *key, const struct secret *admin_pin,
		 uint64_t counter, char *err, size_t errlen)
{
	uint8_t session[PASSWORD_LEN], answer[HOTP_REPORT_LEN];
	/* session password, slot, counter, config (6 digits), token ID */
	uint8_t write[PASSWORD_LEN + 1 + 8 + 1 + 13] = { 0 };
	size_t off;
	int ret;

	if (key->len == 0 || key->len > SLOT_SECRET_MAX) {
		snprintf(err, errlen, "the token holds secrets of 1 to %d bytes, not %zu",
			 SLOT_SECRET_MAX, key->len);
		return HOTP_ERR_FAIL;
	}
	ret = authenticate(t, admin_pin, session, err, errlen);
	if (ret < 0)
		return ret;
	ret = HOTP_ERR_FAIL;
	for (off = 0; off < key->len; off += OTP_DATA_LEN) {
		size_t n = key->len - off < OTP_DATA_LEN ? key->len - off : OTP_DATA_LEN;

		if (send_otp_data(t, session, 'S', (uint8_t)(off / OTP_DATA_LEN), key->data + off,
				  n, err, errlen) < 0)
			goto done;
	}
	if (send_otp_data(t, session, 'N', 0, (const uint8_t *)HOTP_TOKEN_LABEL,
			  strlen(HOTP_TOKEN_LABEL), err, errlen) < 0)
		goto done;
	memcpy(write, session, PASSWORD_LEN);
	write[PASSWORD_LEN] = VERIFY_SLOT;
	put_le(write + PASSWORD_LEN + 1, counter, 8);
	if (command_ok(t, CMD_WRITE_TO_SLOT, write, sizeof(write), answer, err, errlen) < 0)
		goto done;
	ret = 0;
done:
	explicit_bzero(session, sizeof(session));
	explicit_bzero(write, sizeof(write));
	return ret;
}

int nkpro_verify(struct hotp_token *t, uint32_t code, enum hotp_verdict *verdict,
		 char *err, size_t errlen)
{
	uint8_t payload[4], answer[HOTP_REPORT_LEN];
	int status;

	put_le(payload, code, 4);
	status = transact(t, CMD_VERIFY_OTP_CODE, payload, sizeof(payload), answer, err, errlen);
	if (status < 0)
		return HOTP_ERR_FAIL;
	if (status == STATUS_SLOT_NOT_PROGRAMMED) {
		*verdict = HOTP_CODE_NOT_ENROLLED;
		return 0;
	}
	if (status != STATUS_OK) {
		status_error(CMD_VERIFY_OTP_CODE, (uint8_t)status, err, errlen);
		return HOTP_ERR_FAIL;
	}
	*verdict = answer[ANSWER_PAYLOAD] == 1 ? HOTP_CODE_VALID : HOTP_CODE_INVALID;
	return 0;
}
