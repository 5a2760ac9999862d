/*
 * cmd-hotp.c - "vigil hotp": find the USB token that verifies HOTP codes,
 * enrol the secret into it with its counter one ahead of the TPM's, and let
 * it judge the code of the next counter value.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "common/fileio.h"
#include "crypto/gcrypt-init.h"
#include "crypto/otp.h"
#include "crypto/secret.h"
#include "hw/hotp-check.h"
#include "crypto/totp-tpm.h"
#include "hw/hotp-token.h"
#include "hw/tpm.h"
#include "i18n.h"

#define PIN_MAX 128
#define SECRET_FILE_MAX 4096

static void print_help(void)
{
	printf(_("Usage: vigil hotp status\n"
		 "       vigil hotp enroll [--secret-base32-file FILE]\n"
		 "       vigil hotp verify [--secret-base32-file FILE]\n\n"
		 "Check the firmware with a USB security token that verifies HOTP codes itself\n"
		 "(Nitrokey Pro, Nitrokey Storage, Nitrokey 3, Librem Key): it blinks green\n"
		 "for a valid code and red for an invalid one.\n\n"
		 "  status  the token, its firmware, serial number and PIN tries left, whether\n"
		 "          its HOTP verification slot is programmed, and the TPM's HOTP counter\n"
		 "  enroll  write the secret into the token with its counter one ahead of the\n"
		 "          TPM's; asks for the token's admin PIN (a Nitrokey 3 wants its\n"
		 "          button pressed, and its secrets-app PIN if it has one)\n"
		 "  verify  spend the next value of the TPM's counter and let the token judge\n"
		 "          the code for it\n\n"
		 "The secret is the TOTP secret: the TPM unseals it from NV (sealed by 'vigil\n"
		 "totp seal'), so only the measured firmware can make the codes. FILE, in\n"
		 "base32 as 'vigil totp seal' shows it, replaces it (tests, other machines).\n"));
}

/* The base32 secret in file, without spaces and line ends, decoded into secure memory. */
static struct secret *load_key(const char *file, char *err, size_t errlen)
{
	struct secret *text, *key;
	size_t len, i, n = 0;
	char *raw;

	raw = file_read_all(file, &len, SECRET_FILE_MAX);
	if (!raw) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	text = secret_new(len);
	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)raw[i]))
			text->data[n++] = (uint8_t)raw[i];
	text->data[n] = 0;
	explicit_bzero(raw, len);
	free(raw);
	key = n ? otp_base32_decode((const char *)text->data, err, errlen) : NULL;
	if (!n)
		snprintf(err, errlen, _("%s holds no secret"), file);
	else if (!key)
		snprintf(err + strlen(err), errlen - strlen(err), " (%s)", file);
	secret_free(text);
	return key;
}

/*
 * --secret-base32-file FILE, the only option of enroll and verify, or else
 * the TOTP secret unsealed from the TPM: *key, or EXIT_USAGE (bad arguments)
 * or EXIT_FAIL (the file, the TPM) with the reason in err.
 */
static int key_from_args(int argc, char **argv, struct secret **key, char *err,
			 size_t errlen)
{
	static const struct option options[] = {
		{ "secret-base32-file", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	int opt;

	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt != 's') {
			snprintf(err, errlen, "%s", _("unknown option"));
			return EXIT_USAGE;
		}
		file = optarg;
	}
	if (optind != argc) {
		snprintf(err, errlen, "%s", _("takes only --secret-base32-file FILE"));
		return EXIT_USAGE;
	}
	if (!file) {
		char why[200];

		if (totp_tpm_unseal_stored(NULL, key, why, sizeof(why)) < 0)
			snprintf(err, errlen, _("the TPM did not release the TOTP secret: %s"), why);
		return *key ? EXIT_OK : EXIT_FAIL;
	}
	*key = load_key(file, err, errlen);
	return *key ? EXIT_OK : EXIT_FAIL;
}

static int open_token(struct hotp_token *token, const char *action)
{
	char err[256];

	if (hotp_token_open(token, NULL, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil hotp %s: %s\n", action, err);
		return -1;
	}
	return 0;
}

static void say_touch(void *arg)
{
	(void)arg;
	fprintf(stderr, _("Touch the token's button to confirm.\n"));
}

static void print_counter(void)
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));
	uint64_t value;
	int defined;

	if (!tpm) {
		printf(_("TPM: %s\n"), err);
		return;
	}
	if (hotp_counter_read(tpm, &value, &defined, err, sizeof(err)) < 0)
		printf(_("HOTP counter: %s\n"), err);
	else if (!defined)
		printf(_("HOTP counter: none in the TPM yet (vigil hotp enroll makes it)\n"));
	else
		printf(_("HOTP counter: %llu in NV index 0x%08x (the next check uses %llu)\n"),
		       (unsigned long long)value, HOTP_COUNTER_NV_INDEX,
		       (unsigned long long)value + 1);
	tpm_close(tpm);
}

static int hotp_status(int argc, char **argv)
{
	struct hotp_token_status st;
	struct hotp_token token;
	char err[256];

	if (argc != 1)
		return cmd_usage_error(&cmd_hotp_entry, _("status takes no arguments"));
	if (open_token(&token, "status") < 0)
		return EXIT_FAIL;
	if (hotp_token_status(&token, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil hotp status: %s (%s): %s\n", hotp_token_name(token.kind),
			token.path, err);
		hotp_token_close(&token);
		return EXIT_FAIL;
	}
	printf(_("Token: %s at %s\n"), hotp_token_name(token.kind), token.path);
	printf(_("Firmware: %s\n"), st.firmware[0] ? st.firmware : _("not reported"));
	if (st.serial)
		printf(_("Serial number: 0x%08X\n"), st.serial);
	if (token.kind != HOTP_TOKEN_NITROKEY_3)
		printf(_("Admin PIN: %d tries left\n"), st.pin_retries);
	else if (st.pin_set)
		printf(_("Secrets-app PIN: %d tries left\n"), st.pin_retries);
	else
		printf(_("Secrets-app PIN: none set (enrolling needs only the button)\n"));
	printf(_("HOTP verification slot: %s\n"), st.enrolled == 1 ? _("programmed") :
	       st.enrolled == 0 ? _("empty") : _("unknown"));
	hotp_token_close(&token);
	print_counter();
	return EXIT_OK;
}

/* The secret (from the TPM or --secret-base32-file) and the token, for enroll and verify. */
static int key_and_token(int argc, char **argv, const char *action, struct secret **key,
			 struct hotp_token *token)
{
	char err[256];
	int rc;

	crypto_init();
	rc = key_from_args(argc, argv, key, err, sizeof(err));
	if (rc == EXIT_USAGE)
		return cmd_usage_error(&cmd_hotp_entry, err);
	if (rc != EXIT_OK) {
		fprintf(stderr, "vigil hotp %s: %s\n", action, err);
		return EXIT_FAIL;
	}
	if (open_token(token, action) < 0) {
		secret_free(*key);
		*key = NULL;
		return EXIT_FAIL;
	}
	token->on_touch = say_touch;
	return EXIT_OK;
}

static int hotp_enroll_cmd(int argc, char **argv)
{
	struct secret *key = NULL, *pin = NULL;
	struct hotp_token_status st;
	struct hotp_token token;
	struct tpm *tpm = NULL;
	char err[256], prompt[128];
	uint64_t next;
	int ret = EXIT_FAIL, rc;

	rc = key_and_token(argc, argv, "enroll", &key, &token);
	if (rc != EXIT_OK)
		return rc;
	if (hotp_token_status(&token, &st, err, sizeof(err)) < 0)
		goto fail;
	printf(_("Enrolling the %s at %s.\n"), hotp_token_name(token.kind), token.path);
	if (st.pin_set) {
		snprintf(prompt, sizeof(prompt), token.kind == HOTP_TOKEN_NITROKEY_3 ?
			 _("PIN of the %s's secrets app: ") : _("Admin PIN of the %s: "),
			 hotp_token_name(token.kind));
		pin = secret_read_line(STDIN_FILENO, prompt, PIN_MAX, err, sizeof(err));
		if (!pin)
			goto fail;
	}
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm)
		goto fail;
	rc = hotp_enroll(tpm, &token, key, pin, &next, err, sizeof(err));
	if (rc < 0)
		goto fail;
	printf(_("The %s now expects the code for counter %llu; 'vigil hotp verify' checks "
		 "it.\n"), hotp_token_name(token.kind), (unsigned long long)next);
	ret = EXIT_OK;
	goto done;
fail:
	fprintf(stderr, "vigil hotp enroll: %s\n", err);
done:
	tpm_close(tpm);
	hotp_token_close(&token);
	secret_free(pin);
	secret_free(key);
	return ret;
}

static int hotp_verify_cmd(int argc, char **argv)
{
	enum hotp_verdict verdict;
	struct hotp_token token;
	struct secret *key = NULL;
	struct tpm *tpm = NULL;
	uint64_t counter;
	char err[256];
	int ret = EXIT_FAIL, rc;

	rc = key_and_token(argc, argv, "verify", &key, &token);
	if (rc != EXIT_OK)
		return rc;
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm || hotp_check(tpm, &token, key, &verdict, &counter, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil hotp verify: %s\n", err);
		goto done;
	}
	switch (verdict) {
	case HOTP_CODE_VALID:
		printf(_("The %s accepted the code for counter %llu: it blinks green.\n"),
		       hotp_token_name(token.kind), (unsigned long long)counter);
		ret = EXIT_OK;
		break;
	case HOTP_CODE_INVALID:
		fprintf(stderr, _("The %s REJECTED the code for counter %llu: it blinks red.\n"
				  "The firmware, the TPM or the token changed, or the token missed "
				  "ten checks in a row. Do not trust this machine until you know "
				  "why; once you do, enrol the token again.\n"),
			hotp_token_name(token.kind), (unsigned long long)counter);
		break;
	case HOTP_CODE_NOT_ENROLLED:
		fprintf(stderr, _("The %s holds no HOTP secret: enrol it with 'vigil hotp "
				  "enroll'.\n"), hotp_token_name(token.kind));
		break;
	}
done:
	tpm_close(tpm);
	hotp_token_close(&token);
	secret_free(key);
	return ret;
}

static int cmd_hotp(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_hotp_entry, _("missing action"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help();
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "status"))
		return hotp_status(argc - 1, argv + 1);
	if (!strcmp(argv[1], "enroll"))
		return hotp_enroll_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return hotp_verify_cmd(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_hotp_entry, _("unknown action"));
}

const struct vigil_cmd cmd_hotp_entry = {
	.name = "hotp",
	.usage = "status | enroll [--secret-base32-file FILE] | verify [--secret-base32-file FILE]",
	.summary = N_("check the firmware with a USB token that verifies HOTP codes (Nitrokey, "
		      "Librem Key)"),
	.run = cmd_hotp,
};
