/*
 * hotp-token-model.h - a software HOTP token for the tests: it speaks the
 * Nitrokey Pro's feature-report protocol (CRCs, admin PIN, session password,
 * slot 3) or the Nitrokey 3's CTAPHID secrets app (channels, APDUs, TLVs,
 * button) report by report, and judges codes with liboath over the same
 * look-ahead window as the firmware.
 */
#ifndef VIGIL_HOTP_TOKEN_MODEL_H
#define VIGIL_HOTP_TOKEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/hotp-token.h"

#define MODEL_QUEUE 512

struct hotp_model {
	enum hotp_token_kind kind;
	/* what the token keeps */
	char pin[129];			/* admin PIN (Nitrokey 3: secrets-app PIN, "" none) */
	int pin_retries;
	bool programmed;
	char label[32];
	uint8_t secret[64];
	size_t secret_len;
	uint8_t kind_byte;		/* Nitrokey 3: kind | algorithm of the credential */
	uint64_t counter;
	uint32_t serial;
	int green, red;			/* verifications it blinked for */
	int commands;			/* commands it carried out */
	/* the outside world */
	bool button;			/* Nitrokey 3: the user presses it when asked */
	bool unplugged;			/* every report fails */
	int corrupt_answers;		/* flip a CRC bit in this many answers read, */
	int corrupt_command;		/* ... to this command only (-1: to any) */
	int corrupt_requests;		/* flip a bit in this many requests received */
	int busy_reads;			/* answer "busy" this many times first */
	/* Nitrokey Pro session state */
	uint8_t session[25];
	bool session_set, staging;
	uint8_t staged_secret[40];
	uint8_t staged_name[15];
	uint8_t answer[HOTP_REPORT_LEN];
	bool have_answer;
	/* Nitrokey 3 CTAPHID state */
	uint32_t channels;		/* channels handed out: 1..channels are valid */
	bool pin_verified;		/* VERIFY PIN unlocks the next command */
	uint8_t message[8192];
	size_t message_len, message_want;
	uint32_t message_cid;
	uint8_t message_cmd, next_seq;
	uint8_t queue[MODEL_QUEUE][HOTP_REPORT_LEN];
	size_t queue_head, queue_tail;
};

/* A token of kind with admin_pin ("" for a Nitrokey 3 without a PIN), no secret. */
void hotp_model_init(struct hotp_model *m, enum hotp_token_kind kind, const char *admin_pin);
/* Reports to and from m. */
struct hotp_transport hotp_model_transport(struct hotp_model *m);

/* The STM32 CRC the model checks frames with: libgcrypt's CRC-32 on bit-reversed input. */
uint32_t hotp_model_crc(const uint8_t *data, size_t words);

#endif
