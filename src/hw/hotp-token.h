/*
 * hotp-token.h - USB security tokens that verify an HOTP code themselves
 * (Nitrokey Pro, Nitrokey Storage, Librem Key, Nitrokey 3): enrol a secret,
 * ask for the status, and let the token judge a code and blink green or red.
 */
#ifndef VIGIL_HOTP_TOKEN_H
#define VIGIL_HOTP_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/secret.h"

#define HOTP_REPORT_LEN 64	/* every HID report these tokens use, without the report ID */

enum hotp_token_kind {
	HOTP_TOKEN_NITROKEY_PRO,	/* 20a0:4108, HID feature reports with STM32 CRCs */
	HOTP_TOKEN_NITROKEY_STORAGE,	/* 20a0:4109, the same protocol */
	HOTP_TOKEN_LIBREM_KEY,		/* 316d:4c4b, a Nitrokey Pro with another name */
	HOTP_TOKEN_NITROKEY_3,		/* 20a0:42b2, the secrets app over CTAPHID */
};

/* Negative results; err always says what went wrong as well. */
enum hotp_error {
	HOTP_ERR_FAIL = -1,		/* anything not listed below */
	HOTP_ERR_NO_TOKEN = -2,		/* no supported token is plugged in */
	HOTP_ERR_WRONG_PIN = -3,	/* the token refused the admin PIN (a try is used up) */
};

/*
 * One HID report each way, so the protocols can be tested without hardware.
 * Nitrokey Pro/Storage/Librem Key use feature reports, the Nitrokey 3 its
 * interrupt (FIDO) reports. Both return 0, or -1 with the reason in err;
 * receive fails when no report arrives in time.
 */
struct hotp_transport {
	int (*send)(void *ctx, const uint8_t report[HOTP_REPORT_LEN], char *err, size_t errlen);
	int (*receive)(void *ctx, uint8_t report[HOTP_REPORT_LEN], char *err, size_t errlen);
	void *ctx;
};

struct hotp_token {
	enum hotp_token_kind kind;
	struct hotp_transport io;
	char path[64];			/* /dev/hidrawN; "" with another transport */
	int fd;				/* the hidraw device, -1 otherwise */
	uint32_t channel;		/* Nitrokey 3: CTAPHID channel, 0 until allocated */
	/* Called once when a Nitrokey 3 waits for its button; may be NULL. */
	void (*on_touch)(void *arg);
	void *touch_arg;
};

struct hotp_token_status {
	char firmware[64];		/* "0.15", "1.7.2, secrets app 4.13.0"; "" unknown */
	uint32_t serial;		/* 0 when unknown */
	int pin_retries;		/* admin (NK3: secrets-app) PIN tries left, -1 unknown */
	bool pin_set;			/* false: a Nitrokey 3 whose secrets app has no PIN */
	int enrolled;			/* verify slot: 1 programmed, 0 empty, -1 unknown */
};

enum hotp_verdict {
	HOTP_CODE_VALID,		/* the token computed the same code (it blinks green) */
	HOTP_CODE_INVALID,		/* no code in its window matched (it blinks red) */
	HOTP_CODE_NOT_ENROLLED,		/* the token has no HOTP verification secret */
};

/* What the token calls itself: "Nitrokey Pro", "Librem Key", ... */
const char *hotp_token_name(enum hotp_token_kind kind);

/*
 * Find and open the first supported token among the hidraw devices listed in
 * sysfs_dir (NULL: /sys/class/hidraw), whose nodes are in dev_dir (NULL: /dev).
 * Returns 0, HOTP_ERR_NO_TOKEN, or HOTP_ERR_FAIL (a token that cannot be opened).
 * The transport then points at t: keep t where it is until hotp_token_close.
 */
int hotp_token_open(struct hotp_token *t, const char *sysfs_dir, const char *dev_dir,
		    char *err, size_t errlen);
/* Use io instead of a hidraw device (tests, other transports). */
void hotp_token_attach(struct hotp_token *t, enum hotp_token_kind kind,
		       const struct hotp_transport *io);
void hotp_token_close(struct hotp_token *t);

int hotp_token_status(struct hotp_token *t, struct hotp_token_status *st,
		      char *err, size_t errlen);

/*
 * Write key into the token's HOTP verification slot with its counter at
 * counter (the next code the firmware will send), authorised by admin_pin
 * (the Nitrokey 3 wants its button pressed, and its secrets-app PIN when one
 * is set; admin_pin may then be NULL).
 */
int hotp_token_enroll(struct hotp_token *t, const struct secret *key,
		      const struct secret *admin_pin, uint64_t counter,
		      char *err, size_t errlen);

/* Let the token check code (6 digits); *verdict gets its answer. */
int hotp_token_verify(struct hotp_token *t, const char *code, enum hotp_verdict *verdict,
		      char *err, size_t errlen);

#endif
