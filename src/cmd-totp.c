/*
 * cmd-totp.c - "vigil totp": seal a new TOTP secret to the current PCRs and
 * show it once for enrolment; unseal it to show the current code, or explain
 * PCR by PCR why the TPM refuses.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "common/xmalloc.h"
#include "crypto/gcrypt-init.h"
#include "crypto/otp-qr.h"
#include "crypto/otp.h"
#include "crypto/secret.h"
#include "crypto/totp-tpm.h"
#include "hw/flash-predict.h"
#include "hw/seal-pcrs.h"
#include "hw/tpm-seal.h"
#include "hw/tpm.h"
#include "i18n.h"

#define BOARD_CONFIG SYSCONFDIR "/vigil/board.conf"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static struct secret *ask_passphrase(const char *prompt, char *err, size_t errlen)
{
	return secret_read_line(STDIN_FILENO, prompt, TPM_PASSPHRASE_MAX, err, errlen);
}

/* A new passphrase, typed twice on a terminal. */
static struct secret *new_passphrase(char *err, size_t errlen)
{
	struct secret *first, *again;

	first = ask_passphrase(_("New TOTP passphrase: "), err, errlen);
	if (!first || !isatty(STDIN_FILENO))
		return first;
	again = ask_passphrase(_("Repeat the passphrase: "), err, errlen);
	if (!again || again->len != first->len || memcmp(again->data, first->data, first->len)) {
		if (again)
			snprintf(err, errlen, "%s", _("the passphrases differ"));
		secret_free(first);
		secret_free(again);
		return NULL;
	}
	secret_free(again);
	return first;
}

/* Make the directory of path (one level, as for /run/vigil) if it is missing. */
static int make_parent(const char *path)
{
	char *copy = xstrdup(path);
	int ret = mkdir(dirname(copy), 0700);

	free(copy);
	return ret < 0 && errno != EEXIST ? -1 : 0;
}

/* The base32 secret in groups of four, for typing into a phone by hand. */
static void print_grouped(const struct secret *b32)
{
	size_t i;

	for (i = 0; i < b32->len; i++) {
		if (i && i % 4 == 0)
			putchar(' ');
		putchar(b32->data[i]);
	}
	putchar('\n');
}

static int print_enrolment(const struct secret *key, const char *label)
{
	struct secret *uri = otp_uri(label, key), *b32 = otp_base32_encode(key), *qr;
	char err[256];
	int modules;

	qr = otp_qr_text((const char *)uri->data, isatty(STDOUT_FILENO), &modules, err,
			 sizeof(err));
	if (qr) {
		printf(_("Scan this code with your authenticator app:\n\n"));
		fwrite(qr->data, 1, qr->len, stdout);
	} else {
		fprintf(stderr, "vigil totp seal: %s\n", err);
	}
	printf("\n%s\n", (const char *)uri->data);
	printf(_("Or type the secret (base32): "));
	print_grouped(b32);
	printf(_("This is the only time the secret is shown.\n"));
	fflush(stdout);
	secret_free(qr);
	secret_free(b32);
	secret_free(uri);
	return 0;
}

static int totp_seal(int argc, char **argv)
{
	static const struct option options[] = {
		{ "pcrs", required_argument, NULL, 'p' },
		{ "passphrase", no_argument, NULL, 'P' },
		{ "out", required_argument, NULL, 'o' },
		{ "label", required_argument, NULL, 'l' },
		{ "for-flash", no_argument, NULL, 'f' },
		{ "board-config", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pcrs = TOTP_PCRS_DEFAULT, *label = TOTP_LABEL_DEFAULT;
	const char *board_config = BOARD_CONFIG;
	struct totp_future future = { .mask = (1u << 2) | (1u << 7) };
	struct flash_prediction next;
	struct totp_store store = { 0 };
	int for_flash = 0;
	struct secret *key = NULL, *passphrase = NULL;
	struct tpm *tpm = NULL;
	char err[256], list[80];
	uint32_t mask;
	int opt, want_passphrase = 0, ret = EXIT_FAIL;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'p': pcrs = optarg; break;
		case 'P': want_passphrase = 1; break;
		case 'o': store.file = optarg; break;
		case 'l': label = optarg; break;
		case 'f': for_flash = 1; break;
		case 'b': board_config = optarg; break;
		default: return cmd_usage_error(&cmd_totp_entry, _("unknown option"));
		}
	}
	if (optind != argc)
		return cmd_usage_error(&cmd_totp_entry, _("seal takes no arguments"));
	if (tpm_pcr_mask_parse(pcrs, &mask, err, sizeof(err)) < 0)
		return cmd_usage_error(&cmd_totp_entry, err);
	crypto_init();
	if (for_flash) {
		/* The firmware in the flash, as it will measure itself at its next start. */
		struct flash flash;

		if (flash_open_board(&flash, board_config, err, sizeof(err)) < 0 ||
		    flash_predict(&flash, &next, err, sizeof(err)) < 0)
			goto fail;
		memcpy(future.pcrs[2], next.pcr2, SHA256_LEN);
		memcpy(future.pcrs[7], next.pcr7, SHA256_LEN);
		store.future = &future;
	}
	if (want_passphrase && !(passphrase = new_passphrase(err, sizeof(err))))
		goto fail;
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm)
		goto fail;
	if (store.file && make_parent(store.file) < 0) {
		snprintf(err, sizeof(err), "%s: %s", store.file, strerror(errno));
		goto fail;
	}
	if (totp_tpm_seal(tpm, &store, mask, passphrase, &key, err, sizeof(err)) < 0)
		goto fail;
	tpm_pcr_mask_format(mask, list, sizeof(list));
	if (store.file)
		printf(_("Sealed a new TOTP secret to PCRs %s%s in %s.\n"), list,
		       passphrase ? _(" and a passphrase") : "", store.file);
	else
		printf(_("Sealed a new TOTP secret to PCRs %s%s in TPM NV index 0x%08x.\n"),
		       list, passphrase ? _(" and a passphrase") : "", TOTP_NV_INDEX);
	if (for_flash) {
		char pcr2[SHA256_HEX_LEN + 1], pcr7[SHA256_HEX_LEN + 1];

		hash_hex(next.pcr2, SHA256_LEN, pcr2);
		hash_hex(next.pcr7, SHA256_LEN, pcr7);
		printf(_("Sealed for the firmware in the flash (PCR 2 %s, PCR 7 %s): its code "
			 "shows from the next power-on, not now.\n"), pcr2, pcr7);
	}
	print_enrolment(key, label);
	ret = EXIT_OK;
	goto done;
fail:
	fprintf(stderr, "vigil totp seal: %s\n", err);
done:
	secret_free(key);
	secret_free(passphrase);
	tpm_close(tpm);
	return ret;
}

/* After PCR_MISMATCH: name each PCR whose value is not the one sealed to. */
static void explain_pcrs(struct tpm *tpm, const struct tpm_sealed *sealed, const char *from)
{
	char err[256], was[SHA256_HEX_LEN + 1], now_hex[SHA256_HEX_LEN + 1];
	tpm_pcr_values now;
	uint32_t changed;
	unsigned pcr;

	if (tpm_sealed_changed_pcrs(tpm, sealed, &changed, err, sizeof(err)) < 0 ||
	    tpm_pcr_read_mask(tpm, changed, now, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil totp show: %s\n", err);
		return;
	}
	if (!changed) {
		fprintf(stderr, _("The PCRs have the values recorded in %s, yet the TPM refuses: "
				  "the sealed object does not match its own policy (damaged or "
				  "replaced).\n"), from);
		return;
	}
	fprintf(stderr, _("The firmware or boot state differs from when the secret was sealed. "
			  "Do not trust this machine until you know why.\n"));
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++) {
		if (!(changed & (1u << pcr)))
			continue;
		hash_hex(sealed->pcrs[pcr], SHA256_LEN, was);
		hash_hex(now[pcr], SHA256_LEN, now_hex);
		fprintf(stderr, _("  PCR %2u differs (%s):\n"
				  "    sealed %s\n"
				  "    now    %s\n"), pcr, seal_pcr_meaning(pcr), was, now_hex);
	}
}

static int print_code(const struct secret *key, int watching)
{
	char code[OTP_CODE_MAX], err[128];
	time_t now = time(NULL);

	if (otp_totp(key, now, OTP_DIGITS, code, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil totp show: %s\n", err);
		return -1;
	}
	if (watching)
		printf(_("\rTOTP code %s  (%2u s left) "), code, totp_seconds_left(now));
	else
		printf(_("TOTP code %s  (%u s left)\n"), code, totp_seconds_left(now));
	fflush(stdout);
	return 0;
}

/* Refresh once a second until a key is pressed or a signal arrives. */
static int watch_code(const struct secret *key)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct termios saved, raw;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0, ret = 0;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (tty) {
		raw = saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
		fprintf(stderr, _("Press any key to stop.\n"));
	}
	while (!interrupted) {
		struct pollfd key_press = { .fd = STDIN_FILENO, .events = POLLIN };
		struct timespec ts;

		if (print_code(key, 1) < 0) {
			ret = -1;
			break;
		}
		/* Wake at the next whole second, so the countdown ticks evenly. */
		clock_gettime(CLOCK_REALTIME, &ts);
		if (poll(&key_press, tty ? 1 : 0, (int)(1000 - ts.tv_nsec / 1000000)) > 0)
			break;
	}
	putchar('\n');
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	return ret;
}

static int totp_show(int argc, char **argv)
{
	static const struct option options[] = {
		{ "in", required_argument, NULL, 'i' },
		{ "watch", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct totp_store store = { 0 };
	struct secret *key = NULL, *passphrase = NULL;
	char from[64];
	struct tpm_sealed sealed;
	struct tpm *tpm = NULL;
	char err[256];
	int opt, watch = 0, ret = EXIT_FAIL, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'i': store.file = optarg; break;
		case 'w': watch = 1; break;
		default: return cmd_usage_error(&cmd_totp_entry, _("unknown option"));
		}
	}
	if (optind != argc)
		return cmd_usage_error(&cmd_totp_entry, _("show takes no arguments"));
	crypto_init();
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm || totp_tpm_load(tpm, &store, &sealed, err, sizeof(err)) != 0)
		goto fail;
	if (sealed.with_passphrase &&
	    !(passphrase = ask_passphrase(_("TOTP passphrase: "), err, sizeof(err))))
		goto fail;
	if (store.file)
		snprintf(from, sizeof(from), "%.63s", store.file);
	else
		snprintf(from, sizeof(from), "NV index 0x%08x", TOTP_NV_INDEX);
	rc = tpm_unseal(tpm, &sealed, passphrase, &key, err, sizeof(err));
	if (rc == TPM_ERR_PCR_MISMATCH) {
		fprintf(stderr, _("vigil totp show: the TPM refuses to unseal the TOTP secret: "
				  "the PCR values differ from those at sealing time.\n"));
		explain_pcrs(tpm, &sealed, from);
		goto done;
	}
	if (rc == TPM_ERR_AUTH) {
		fprintf(stderr, _("vigil totp show: wrong passphrase (each wrong try counts "
				  "towards the TPM's lockout).\n"));
		goto done;
	}
	if (rc == TPM_ERR_LOCKOUT) {
		fprintf(stderr, _("vigil totp show: the TPM is locked out after too many wrong "
				  "passphrases; see 'vigil tpm status' for when it lets you retry.\n"));
		goto done;
	}
	if (rc < 0)
		goto fail;
	if ((watch ? watch_code(key) : print_code(key, 0)) == 0)
		ret = EXIT_OK;
	goto done;
fail:
	fprintf(stderr, "vigil totp show: %s\n", err);
done:
	secret_free(key);
	secret_free(passphrase);
	tpm_close(tpm);
	return ret;
}

static int cmd_totp(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_totp_entry, _("missing action"));
	if (!strcmp(argv[1], "seal"))
		return totp_seal(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return totp_show(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_totp_entry, _("unknown action"));
}

const struct vigil_cmd cmd_totp_entry = {
	.name = "totp",
	.usage = "seal [--pcrs LIST] [--passphrase] [--out FILE] [--label NAME] "
		 "[--for-flash [--board-config FILE]] | show [--in FILE] [--watch]",
	.summary = N_("seal a new TOTP secret to the PCRs and enrol it; show the current code"),
	.run = cmd_totp,
};
