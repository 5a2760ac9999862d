/* hotp-proto.h - for the HOTP token modules only: the two wire protocols behind hotp-token.h. */
#ifndef VIGIL_HOTP_PROTO_H
#define VIGIL_HOTP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "hw/hotp-token.h"

/* The label of vigil's credential on the token (a Nitrokey Pro keeps 15 bytes of it). */
#define HOTP_TOKEN_LABEL "vigil HOTP"

/*
 * The CRC-32 a Nitrokey Pro computes with its STM32 CRC unit over the first
 * words 32-bit little-endian words of data (polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, each word fed most significant bit first, no final XOR).
 */
uint32_t stm32_crc32(const uint8_t *data, size_t words);

/* Nitrokey Pro, Nitrokey Storage, Librem Key: 64-byte feature reports (hotp-nkpro.c). */
int nkpro_status(struct hotp_token *t, struct hotp_token_status *st, char *err, size_t errlen);
int nkpro_enroll(struct hotp_token *t, const struct secret *key, const struct secret *admin_pin,
		 uint64_t counter, char *err, size_t errlen);
int nkpro_verify(struct hotp_token *t, uint32_t code, enum hotp_verdict *verdict,
		 char *err, size_t errlen);

/* Nitrokey 3: the secrets app's ISO 7816 commands in CTAPHID vendor messages (hotp-nk3.c). */
int nk3_status(struct hotp_token *t, struct hotp_token_status *st, char *err, size_t errlen);
int nk3_enroll(struct hotp_token *t, const struct secret *key, const struct secret *admin_pin,
	       uint64_t counter, char *err, size_t errlen);
int nk3_verify(struct hotp_token *t, uint32_t code, enum hotp_verdict *verdict,
	       char *err, size_t errlen);

#endif
