/*
 * test-hotp-token.c - vigil's side of the HOTP token protocols against the
 * software token that speaks them report by report (Nitrokey Pro feature
 * reports with STM32 CRCs, Nitrokey 3 CTAPHID secrets app), and finding a
 * token among hidraw devices in a made-up sysfs tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "crypto/gcrypt-init.h"
#include "crypto/otp.h"
#include "hotp-token-model.h"
#include "hw/hotp-proto.h"
#include "hw/hotp-token.h"

static const char admin_pin[] = "12345678";

struct fixture {
	struct hotp_model model;
	struct hotp_token token;
	struct secret *key;
	int touches;
};

static void count_touch(void *arg)
{
	((struct fixture *)arg)->touches++;
}

static struct fixture *fixture_new(enum hotp_token_kind kind, const char *pin)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct hotp_transport io;

	assert_non_null(f);
	hotp_model_init(&f->model, kind, pin);
	io = hotp_model_transport(&f->model);
	hotp_token_attach(&f->token, kind, &io);
	f->token.on_touch = count_touch;
	f->token.touch_arg = f;
	/* RFC 4226's test secret */
	f->key = secret_from("12345678901234567890", 20);
	return f;
}

static void fixture_free(struct fixture *f)
{
	hotp_token_close(&f->token);
	secret_free(f->key);
	free(f);
}

static struct secret *pin(const char *text)
{
	return secret_from(text, strlen(text));
}

static void code_for(const struct secret *key, uint64_t counter, char code[OTP_CODE_MAX])
{
	char err[128];

	assert_int_equal(otp_hotp(key, counter, 6, code, err, sizeof(err)), 0);
}

static void enroll(struct fixture *f, uint64_t counter)
{
	struct secret *p = pin(admin_pin);
	char err[256];

	if (hotp_token_enroll(&f->token, f->key, p, counter, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	secret_free(p);
}

static enum hotp_verdict verify_counter(struct fixture *f, uint64_t counter)
{
	char code[OTP_CODE_MAX], err[256];
	enum hotp_verdict verdict;

	code_for(f->key, counter, code);
	if (hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return verdict;
}

/* ---- the STM32 CRC ---- */

static void stm32_crc_matches_references(void **state)
{
	uint8_t frame[64];
	int i, round;

	/* fwupd's Nitrokey plugin self-test: bytes 00..0f */
	for (i = 0; i < 16; i++)
		frame[i] = (uint8_t)i;
	assert_int_equal(stm32_crc32(frame, 4), 0x081b46ca);
	assert_int_equal(hotp_model_crc(frame, 4), 0x081b46ca);
	/* and libgcrypt's CRC-32 on reversed bits agrees on whole random frames */
	crypto_init();
	for (round = 0; round < 200; round++) {
		gcry_create_nonce(frame, sizeof(frame));
		assert_int_equal(stm32_crc32(frame, 15), hotp_model_crc(frame, 15));
	}
}

/* ---- Nitrokey Pro (the Storage and the Librem Key speak the same) ---- */

static void pro_status(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	struct hotp_token_status st;
	char err[256];

	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), 0);
	assert_string_equal(st.firmware, "0.15");
	assert_int_equal(st.serial, 0x1234abcd);
	assert_int_equal(st.pin_retries, 3);
	assert_true(st.pin_set);
	assert_int_equal(st.enrolled, 0);
	enroll(f, 1);
	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), 0);
	assert_int_equal(st.enrolled, 1);
	assert_string_equal(hotp_token_name(HOTP_TOKEN_LIBREM_KEY), "Librem Key");
	fixture_free(f);
}

static void pro_enroll_and_verify(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);

	assert_int_equal(verify_counter(f, 0), HOTP_CODE_NOT_ENROLLED);
	enroll(f, 5);
	assert_true(f->model.programmed);
	assert_string_equal(f->model.label, "vigil HOTP");
	assert_int_equal(f->model.counter, 5);
	assert_memory_equal(f->model.secret, f->key->data, 20);
	assert_int_equal(verify_counter(f, 5), HOTP_CODE_VALID);
	assert_int_equal(f->model.counter, 6);
	assert_int_equal(f->model.green, 1);
	assert_int_equal(verify_counter(f, 6), HOTP_CODE_VALID);
	fixture_free(f);
}

static void pro_invalid_and_replayed(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	char err[256], code[OTP_CODE_MAX];
	enum hotp_verdict verdict;
	struct secret *other = secret_from("another secret of 20", 20);

	enroll(f, 5);
	/* a code from another key */
	code_for(other, 5, code);
	assert_int_equal(hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)), 0);
	assert_int_equal(verdict, HOTP_CODE_INVALID);
	assert_int_equal(f->model.counter, 5);
	assert_int_equal(f->model.red, 1);
	/* a code seen once never works again */
	assert_int_equal(verify_counter(f, 5), HOTP_CODE_VALID);
	assert_int_equal(verify_counter(f, 5), HOTP_CODE_INVALID);
	assert_int_equal(f->model.counter, 6);
	secret_free(other);
	fixture_free(f);
}

static void pro_counter_ahead(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);

	enroll(f, 100);
	/* 10 or more ahead: outside the window, and the token does not move */
	assert_int_equal(verify_counter(f, 110), HOTP_CODE_INVALID);
	assert_int_equal(f->model.counter, 100);
	/* 9 ahead: the last value in the window; the token catches up */
	assert_int_equal(verify_counter(f, 109), HOTP_CODE_VALID);
	assert_int_equal(f->model.counter, 110);
	/* the skipped ones are gone */
	assert_int_equal(verify_counter(f, 105), HOTP_CODE_INVALID);
	assert_int_equal(verify_counter(f, 110), HOTP_CODE_VALID);
	fixture_free(f);
}

static void pro_wrong_admin_pin(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	struct secret *wrong = pin("87654321"), *too_long = pin("12345678901234567890123456");
	char err[256];

	assert_int_equal(hotp_token_enroll(&f->token, f->key, wrong, 1, err, sizeof(err)),
			 HOTP_ERR_WRONG_PIN);
	assert_string_equal(err, "wrong admin PIN: 2 tries left before the token blocks it");
	assert_false(f->model.programmed);
	assert_int_equal(hotp_token_enroll(&f->token, f->key, wrong, 1, err, sizeof(err)),
			 HOTP_ERR_WRONG_PIN);
	assert_string_equal(err, "wrong admin PIN: 1 try left before the token blocks it");
	assert_int_equal(hotp_token_enroll(&f->token, f->key, wrong, 1, err, sizeof(err)),
			 HOTP_ERR_WRONG_PIN);
	assert_string_equal(err, "wrong admin PIN: the token's admin PIN is now blocked "
			    "(no tries left)");
	assert_int_equal(hotp_token_enroll(&f->token, f->key, too_long, 1, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "the admin PIN is longer than the token's 25 characters");
	assert_int_equal(hotp_token_enroll(&f->token, f->key, NULL, 1, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_false(f->model.programmed);
	secret_free(wrong);
	secret_free(too_long);
	fixture_free(f);
}

static void pro_crc_corruption(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	char err[256], code[OTP_CODE_MAX];
	enum hotp_verdict verdict;

	enroll(f, 7);
	/* one damaged answer: read again */
	f->model.corrupt_answers = 1;
	assert_int_equal(verify_counter(f, 7), HOTP_CODE_VALID);
	/* answers that never check out */
	f->model.corrupt_answers = 1000;
	code_for(f->key, 8, code);
	assert_int_equal(hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "no valid answer to command 0x18 after 10 reads: CRC mismatch "
			    "in the token's answers");
	/* a request damaged on the way: the token refuses it */
	f->model.corrupt_answers = 0;
	f->model.corrupt_requests = 1;
	assert_int_equal(hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "the token received command 0x18 damaged: CRC mismatch "
			    "(status 1)");
	/* the token judged 8 once (its answer was lost), so it moved on */
	assert_int_equal(f->model.counter, 9);
	assert_int_equal(verify_counter(f, 9), HOTP_CODE_VALID);
	fixture_free(f);
}

static void pro_busy_token(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	char err[256], code[OTP_CODE_MAX];
	enum hotp_verdict verdict;

	enroll(f, 1);
	f->model.busy_reads = 3;
	assert_int_equal(verify_counter(f, 1), HOTP_CODE_VALID);
	f->model.busy_reads = 100;
	code_for(f->key, 2, code);
	assert_int_equal(hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "no valid answer to command 0x18 after 10 reads: the token "
			    "stayed busy");
	fixture_free(f);
}

static void pro_unplugged(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);
	struct hotp_token_status st;
	char err[256], code[OTP_CODE_MAX];
	enum hotp_verdict verdict;

	f->model.unplugged = true;
	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), -1);
	assert_string_equal(err, "model: the token was unplugged");
	code_for(f->key, 0, code);
	assert_int_equal(hotp_token_verify(&f->token, code, &verdict, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_int_equal(hotp_token_verify(&f->token, "12a456", &verdict, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "'12a456' is not a 6-digit HOTP code");
	fixture_free(f);
}

/* A 40-byte secret takes two SEND_OTP_DATA chunks. */
static void pro_long_secret(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_PRO, admin_pin);

	secret_free(f->key);
	f->key = secret_from("1234567890123456789012345678901234567890", 40);
	enroll(f, 0);
	assert_memory_equal(f->model.secret, f->key->data, 40);
	assert_int_equal(verify_counter(f, 0), HOTP_CODE_VALID);
	fixture_free(f);
}

/* ---- Nitrokey 3 ---- */

static void nk3_status_answers(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3, "");
	struct hotp_token_status st;
	char err[256];

	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), 0);
	assert_string_equal(st.firmware, "1.7.2, secrets app 4.13.0");
	assert_int_equal(st.serial, 0x1234abcd);
	assert_false(st.pin_set);
	assert_int_equal(st.pin_retries, -1);
	assert_int_equal(st.enrolled, 0);
	enroll(f, 3);
	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), 0);
	assert_int_equal(st.enrolled, 1);
	fixture_free(f);

	f = fixture_new(HOTP_TOKEN_NITROKEY_3, admin_pin);
	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), 0);
	assert_true(st.pin_set);
	assert_int_equal(st.pin_retries, 8);
	fixture_free(f);
}

static void nk3_enroll_and_verify(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3, admin_pin);

	assert_int_equal(verify_counter(f, 0), HOTP_CODE_NOT_ENROLLED);
	enroll(f, 41);
	/* DELETE and PUT each want the button */
	assert_int_equal(f->touches, 2);
	assert_string_equal(f->model.label, "vigil HOTP");
	assert_int_equal(f->model.kind_byte, 0x31);
	assert_int_equal(f->model.counter, 41);
	assert_int_equal(verify_counter(f, 41), HOTP_CODE_VALID);
	/* replay, then a code 10 ahead: both refused, the counter stays */
	assert_int_equal(verify_counter(f, 41), HOTP_CODE_INVALID);
	assert_int_equal(verify_counter(f, 52), HOTP_CODE_INVALID);
	assert_int_equal(f->model.counter, 42);
	assert_int_equal(verify_counter(f, 51), HOTP_CODE_VALID);
	assert_int_equal(f->model.counter, 52);
	/* enrolling again replaces the credential */
	enroll(f, 1000);
	assert_int_equal(verify_counter(f, 1000), HOTP_CODE_VALID);
	fixture_free(f);
}

static void nk3_wrong_pin_and_no_button(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3, admin_pin);
	struct secret *wrong = pin("0000");
	char err[256];

	assert_int_equal(hotp_token_enroll(&f->token, f->key, wrong, 1, err, sizeof(err)),
			 HOTP_ERR_WRONG_PIN);
	assert_string_equal(err, "wrong PIN: 7 tries left before the token blocks it");
	assert_int_equal(hotp_token_enroll(&f->token, f->key, NULL, 1, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "the token's secrets app has a PIN: vigil needs it to store "
			    "a secret");
	f->model.button = false;
	assert_int_equal(hotp_token_enroll(&f->token, f->key, wrong, 1, err, sizeof(err)),
			 HOTP_ERR_FAIL);
	assert_string_equal(err, "the token's secrets app answered DELETE with status 6982: "
			    "security status not satisfied (button not pressed, or PIN needed)");
	assert_false(f->model.programmed);
	assert_int_equal(hotp_token_enroll(&f->token, f->key, f->key, (uint64_t)1 << 32, err,
					   sizeof(err)), HOTP_ERR_FAIL);
	assert_string_equal(err, "the Nitrokey 3 counts HOTP codes in 32 bits: counter "
			    "4294967296 is too large");
	secret_free(wrong);
	fixture_free(f);
}

/* A 40-byte secret makes the PUT span two CTAPHID packets. */
static void nk3_long_message(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3, "");

	secret_free(f->key);
	f->key = secret_from("1234567890123456789012345678901234567890", 40);
	enroll(f, 0);
	assert_int_equal(f->model.secret_len, 40);
	assert_memory_equal(f->model.secret, f->key->data, 40);
	assert_int_equal(verify_counter(f, 0), HOTP_CODE_VALID);
	fixture_free(f);
}

static void nk3_unplugged(void **state)
{
	struct fixture *f = fixture_new(HOTP_TOKEN_NITROKEY_3, "");
	struct hotp_token_status st;
	char err[256];

	f->model.unplugged = true;
	assert_int_equal(hotp_token_status(&f->token, &st, err, sizeof(err)), -1);
	assert_string_equal(err, "model: the token was unplugged");
	fixture_free(f);
}

/* ---- finding the token ---- */

static char root[64];

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static void put_file(const char *rel, const void *data, size_t len)
{
	char path[256], *slash;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	assert_int_equal(file_write_atomic(path, data, len, 0644), 0);
}

static void hid_device(int n, const char *id, const uint8_t *desc, size_t desclen)
{
	char rel[128], uevent[128];

	snprintf(uevent, sizeof(uevent), "DRIVER=hid-generic\nHID_ID=%s\nHID_NAME=test\n", id);
	snprintf(rel, sizeof(rel), "sys/hidraw%d/device/uevent", n);
	put_file(rel, uevent, strlen(uevent));
	snprintf(rel, sizeof(rel), "sys/hidraw%d/device/report_descriptor", n);
	put_file(rel, desc, desclen);
	snprintf(rel, sizeof(rel), "dev/hidraw%d", n);
	put_file(rel, "", 0);
}

static void find_token(void **state)
{
	/* usage page 1 (keyboard), an input item; the Pro's adds a feature item */
	static const uint8_t keyboard[] = { 0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x81, 0x02, 0xc0 };
	static const uint8_t pro[] = { 0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x81, 0x02,
				       0xb1, 0x02, 0xc0 };
	/* usage page 0xF1D0: FIDO */
	static const uint8_t fido[] = { 0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0x81, 0x02,
					0x91, 0x02, 0xc0 };
	char sys[96], dev[96], err[256];
	struct hotp_token t;

	strcpy(root, "/tmp/vigil-hidraw-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);

	assert_int_equal(hotp_token_open(&t, sys, dev, err, sizeof(err)), HOTP_ERR_NO_TOKEN);
	assert_non_null(strstr(err, "no HOTP token found: "));
	assert_non_null(strstr(err, "CONFIG_HIDRAW"));

	hid_device(0, "0003:0000046D:0000C31C", keyboard, sizeof(keyboard));
	/* a Nitrokey 3 interface that is not its FIDO one, and a Pro's other interface */
	hid_device(1, "0003:000020A0:000042B2", keyboard, sizeof(keyboard));
	hid_device(2, "0003:000020A0:00004108", keyboard, sizeof(keyboard));
	assert_int_equal(hotp_token_open(&t, sys, dev, err, sizeof(err)), HOTP_ERR_NO_TOKEN);
	assert_string_equal(err, "no HOTP token found: none of the 3 HID devices is a Nitrokey "
			    "Pro, Nitrokey Storage, Nitrokey 3 or Librem Key");

	hid_device(10, "0003:0000316D:00004C4B", pro, sizeof(pro));
	hid_device(9, "0003:000020A0:000042B2", fido, sizeof(fido));
	/* hidraw9 comes before hidraw10 */
	assert_int_equal(hotp_token_open(&t, sys, dev, err, sizeof(err)), 0);
	assert_int_equal(t.kind, HOTP_TOKEN_NITROKEY_3);
	assert_true(strstr(t.path, "/dev/hidraw9") != NULL);
	assert_true(t.fd >= 0);
	hotp_token_close(&t);

	snprintf(sys, sizeof(sys), "%s/sys/hidraw9/device/uevent", root);
	unlink(sys);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	assert_int_equal(hotp_token_open(&t, sys, dev, err, sizeof(err)), 0);
	assert_int_equal(t.kind, HOTP_TOKEN_LIBREM_KEY);
	hotp_token_close(&t);

	/* found but not to be opened */
	snprintf(dev, sizeof(dev), "%s/nodev", root);
	assert_int_equal(hotp_token_open(&t, sys, dev, err, sizeof(err)), HOTP_ERR_FAIL);
	assert_non_null(strstr(err, "/nodev/hidraw10 (Librem Key): No such file or directory"));
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stm32_crc_matches_references),
		cmocka_unit_test(pro_status),
		cmocka_unit_test(pro_enroll_and_verify),
		cmocka_unit_test(pro_invalid_and_replayed),
		cmocka_unit_test(pro_counter_ahead),
		cmocka_unit_test(pro_wrong_admin_pin),
		cmocka_unit_test(pro_crc_corruption),
		cmocka_unit_test(pro_busy_token),
		cmocka_unit_test(pro_unplugged),
		cmocka_unit_test(pro_long_secret),
		cmocka_unit_test(nk3_status_answers),
		cmocka_unit_test(nk3_enroll_and_verify),
		cmocka_unit_test(nk3_wrong_pin_and_no_button),
		cmocka_unit_test(nk3_long_message),
		cmocka_unit_test(nk3_unplugged),
		cmocka_unit_test(find_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
