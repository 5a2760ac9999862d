/* cmd-tpm.c - "vigil tpm": status, take ownership, DA lockout settings, unlock, reset. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "crypto/secret.h"
#include "hw/tpm-status.h"
#include "hw/tpm.h"
#include "i18n.h"

/* Say why there is no usable TPM 2.0 from sysfs; true when there may be one. */
static bool tpm_present(void)
{
	/* A simulator named in $VIGIL_TCTI has no sysfs entry to look at. */
	if (getenv("VIGIL_TCTI"))
		return true;
	switch (tpm_probe(NULL)) {
	case TPM_ABSENT:
		printf(_("No TPM found: the firmware has not enabled one, or the kernel has "
			 "no driver for it. Without a TPM vigil cannot prove the firmware's "
			 "integrity (no TOTP code) nor protect against rollback.\n"));
		return false;
	case TPM_VERSION_1_2:
		printf(_("This machine has a TPM 1.2, which vigil does not support yet: "
			 "sealing, TOTP codes and rollback counters are unavailable.\n"));
		return false;
	case TPM_VERSION_2_0:
		break;
	}
	return true;
}

/* Open the TPM and read its state, explaining a missing or unsupported one; NULL on failure. */
static struct tpm *tpm_open_checked(const char *action, struct tpm_status *st)
{
	struct tpm *tpm;
	char err[256];
	int ret;

	if (!tpm_present())
		return NULL;
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm) {
		fprintf(stderr, "vigil tpm %s: %s\n", action, err);
		return NULL;
	}
	ret = tpm_status_read(tpm, st, err, sizeof(err));
	if (ret == TPM_ERR_VERSION_1_2) {
		printf(_("This machine has a TPM 1.2, which vigil does not support yet: "
			 "sealing, TOTP codes and rollback counters are unavailable.\n"));
	} else if (ret < 0) {
		fprintf(stderr, "vigil tpm %s: %s\n", action, err);
	}
	if (ret < 0) {
		tpm_close(tpm);
		return NULL;
	}
	return tpm;
}

static void explain_lockout(const struct tpm_status *st)
{
	uint32_t left = tpm_lockout_seconds_left(st);

	if (left == UINT32_MAX)
		printf(_("The TPM is in lockout after too many wrong passphrases, and it "
			 "does not recover by itself: reset it with the lockout passphrase "
			 "(vigil tpm unlock).\n"));
	else
		printf(_("The TPM is in lockout after too many wrong passphrases: secrets "
			 "with a passphrase cannot be unsealed for up to %u s more while the "
			 "machine stays on (it forgets one failure every %u s), or until it is "
			 "unlocked with the lockout passphrase (vigil tpm unlock).\n"),
		       left, st->recovery_time);
}

static int tpm_status(int argc, char **argv)
{
	struct tpm_status st;
	struct tpm *tpm;

	if (argc != 1)
		return cmd_usage_error(&cmd_tpm_entry, _("status takes no arguments"));
	tpm = tpm_open_checked("status", &st);
	if (!tpm)
		return EXIT_FAIL;
	tpm_close(tpm);
	printf(_("TPM 2.0 present (manufacturer \"%s\").\n"), st.manufacturer);
	printf(_("Dictionary-attack protection: %u of %u wrong passphrases so far; one is "
		 "forgotten every %u s; after a wrong lockout passphrase, wait %u s.\n"),
	       st.failed_tries, st.max_tries, st.recovery_time, st.lockout_recovery);
	printf(st.owner_auth_set ? _("The TPM has an owner passphrase.\n")
				 : _("The TPM has no owner passphrase (vigil tpm take-ownership "
				     "sets one).\n"));
	if (st.storage_disabled) {
		printf(_("The TPM is disabled: its owner hierarchy is switched off, so nothing "
			 "can be sealed or unsealed. Enable the TPM in the firmware setup.\n"));
		return EXIT_FAIL;
	}
	if (st.in_lockout) {
		explain_lockout(&st);
		return EXIT_FAIL;
	}
	printf(_("The TPM is ready.\n"));
	return EXIT_OK;
}

static struct secret *ask(const char *prompt, char *err, size_t errlen)
{
	return secret_read_line(STDIN_FILENO, prompt, TPM_HIERARCHY_AUTH_MAX, err, errlen);
}

/* Ask for the lockout passphrase if the TPM has one; -1 (printed) when it cannot be read. */
static int ask_lockout_passphrase(struct tpm *tpm, const struct tpm_status *st,
				  const char *action)
{
	struct secret *pass;
	char err[256];
	int ret;

	if (!st->lockout_auth_set)
		return 0;
	pass = ask(_("TPM lockout passphrase: "), err, sizeof(err));
	if (!pass) {
		fprintf(stderr, "vigil tpm %s: %s\n", action, err);
		return -1;
	}
	ret = tpm_set_lockout_auth(tpm, pass, err, sizeof(err));
	secret_free(pass);
	if (ret < 0)
		fprintf(stderr, "vigil tpm %s: %s\n", action, err);
	return ret;
}

/* Print why a lockout-authorised operation failed. */
static void lockout_failed(const char *action, int ret, const char *err,
			   const struct tpm_status *st)
{
	fprintf(stderr, "vigil tpm %s: %s\n", action, err);
	if (ret == TPM_ERR_AUTH)
		fprintf(stderr, _("The lockout passphrase is wrong; the TPM now refuses any "
				  "lockout passphrase for %u s.\n"), st->lockout_recovery);
	else if (ret == TPM_ERR_LOCKOUT)
		fprintf(stderr, _("The TPM refuses the lockout passphrase for %u s after a "
				  "wrong one: try again later.\n"), st->lockout_recovery);
}

static int tpm_take_ownership_cmd(int argc, char **argv)
{
	struct secret *first, *again;
	struct tpm_status st;
	struct tpm *tpm;
	char err[256];
	bool same;
	int ret;

	if (argc != 1)
		return cmd_usage_error(&cmd_tpm_entry, _("take-ownership takes no arguments"));
	tpm = tpm_open_checked("take-ownership", &st);
	if (!tpm)
		return EXIT_FAIL;
	if (st.owner_auth_set || st.lockout_auth_set) {
		tpm_close(tpm);
		fprintf(stderr, _("vigil tpm take-ownership: the TPM already has an owner or "
				  "lockout passphrase; to start over, clear it with vigil tpm "
				  "reset\n"));
		return EXIT_FAIL;
	}
	first = ask(_("New TPM owner passphrase: "), err, sizeof(err));
	again = first ? ask(_("Repeat it: "), err, sizeof(err)) : NULL;
	if (!again) {
		secret_free(first);
		tpm_close(tpm);
		fprintf(stderr, "vigil tpm take-ownership: %s\n", err);
		return EXIT_FAIL;
	}
	same = first->len == again->len && !memcmp(first->data, again->data, first->len);
	secret_free(again);
	if (!same || first->len == 0) {
		secret_free(first);
		tpm_close(tpm);
		fprintf(stderr, "vigil tpm take-ownership: %s\n",
			same ? _("the passphrase is empty") : _("the two passphrases differ"));
		return EXIT_FAIL;
	}
	ret = tpm_take_ownership(tpm, first, err, sizeof(err));
	secret_free(first);
	tpm_close(tpm);
	if (ret < 0) {
		fprintf(stderr, "vigil tpm take-ownership: %s\n", err);
		return EXIT_FAIL;
	}
	printf(_("The TPM's owner and lockout passphrases are set. vigil asks for the owner "
		 "passphrase when it seals a secret or moves a counter, and for the lockout "
		 "passphrase to unlock or reset the TPM. Wrong owner passphrases do not lead "
		 "to a lockout, so choose one that cannot be guessed.\n"));
	return EXIT_OK;
}

/* A number of seconds or tries: decimal digits only, at most 2^32-1. */
static int parse_u32(const char *text, uint32_t *value)
{
	char *end;
	unsigned long long v;

	if (*text < '0' || *text > '9')
		return -1;
	v = strtoull(text, &end, 10);
	if (*end || v > UINT32_MAX)
		return -1;
	*value = (uint32_t)v;
	return 0;
}

static int tpm_lockout_cmd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-tries", required_argument, NULL, 'm' },
		{ "recovery-time", required_argument, NULL, 'r' },
		{ "lockout-recovery", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const char *max_tries = NULL, *recovery = NULL, *lockout_recovery = NULL;
	struct tpm_status st, want;
	struct tpm *tpm;
	char err[256];
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			max_tries = optarg;
			break;
		case 'r':
			recovery = optarg;
			break;
		case 'l':
			lockout_recovery = optarg;
			break;
		default:
			return cmd_usage_error(&cmd_tpm_entry, _("unknown option"));
		}
	}
	if (optind != argc)
		return cmd_usage_error(&cmd_tpm_entry, _("lockout takes only options"));
	if (!max_tries && !recovery && !lockout_recovery)
		return cmd_usage_error(&cmd_tpm_entry, _("lockout needs --max-tries, "
				       "--recovery-time or --lockout-recovery"));
	tpm = tpm_open_checked("lockout", &st);
	if (!tpm)
		return EXIT_FAIL;
	/* What is not given stays as it is. */
	want = st;
	if ((max_tries && parse_u32(max_tries, &want.max_tries) < 0) ||
	    (recovery && parse_u32(recovery, &want.recovery_time) < 0) ||
	    (lockout_recovery && parse_u32(lockout_recovery, &want.lockout_recovery) < 0)) {
		tpm_close(tpm);
		return cmd_usage_error(&cmd_tpm_entry, _("tries and seconds are whole numbers"));
	}
	if (want.max_tries == 0) {
		tpm_close(tpm);
		return cmd_usage_error(&cmd_tpm_entry, _("--max-tries 0 would lock the TPM at "
				       "once; give at least 1"));
	}
	if (ask_lockout_passphrase(tpm, &st, "lockout") < 0) {
		tpm_close(tpm);
		return EXIT_FAIL;
	}
	ret = tpm_da_set(tpm, want.max_tries, want.recovery_time, want.lockout_recovery, NULL,
			 err, sizeof(err));
	tpm_close(tpm);
	if (ret < 0) {
		lockout_failed("lockout", ret, err, &st);
		return EXIT_FAIL;
	}
	printf(_("Dictionary-attack protection: lockout after %u wrong passphrases; one is "
		 "forgotten every %u s; after a wrong lockout passphrase, wait %u s.\n"),
	       want.max_tries, want.recovery_time, want.lockout_recovery);
	return EXIT_OK;
}

static int tpm_unlock_cmd(int argc, char **argv)
{
	struct tpm_status st;
	struct tpm *tpm;
	char err[256];
	int ret;

	if (argc != 1)
		return cmd_usage_error(&cmd_tpm_entry, _("unlock takes no arguments"));
	tpm = tpm_open_checked("unlock", &st);
	if (!tpm)
		return EXIT_FAIL;
	if (!st.in_lockout && st.failed_tries == 0) {
		tpm_close(tpm);
		printf(_("The TPM is not in lockout and counts no wrong passphrases.\n"));
		return EXIT_OK;
	}
	if (st.in_lockout)
		explain_lockout(&st);
	if (ask_lockout_passphrase(tpm, &st, "unlock") < 0) {
		tpm_close(tpm);
		return EXIT_FAIL;
	}
	ret = tpm_da_reset(tpm, NULL, err, sizeof(err));
	tpm_close(tpm);
	if (ret < 0) {
		lockout_failed("unlock", ret, err, &st);
		return EXIT_FAIL;
	}
	printf(_("The TPM is unlocked: its count of wrong passphrases is back to 0.\n"));
	return EXIT_OK;
}

/*
 * Read the confirmation word from standard input (a terminal or not), a byte
 * at a time: stdio could read ahead into the passphrase line that follows.
 */
static bool confirmed(const char *word)
{
	char line[32];
	size_t len = 0;
	char c;

	fprintf(stderr, _("Type \"%s\" to go on: "), word);
	fflush(stderr);
	while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
		if (len < sizeof(line) - 1)
			line[len++] = c;
	line[len] = '\0';
	return !strcmp(line, word);
}

static int tpm_reset_cmd(int argc, char **argv)
{
	struct tpm_status st;
	struct tpm *tpm;
	char err[256];
	int ret;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--yes")))
		return cmd_usage_error(&cmd_tpm_entry, _("reset takes only --yes"));
	tpm = tpm_open_checked("reset", &st);
	if (!tpm)
		return EXIT_FAIL;
	printf(_("Resetting the TPM (TPM2_Clear) destroys every key it protects: the TOTP "
		 "and HOTP secret vigil sealed, everything sealed under the storage root key "
		 "(by vigil or the installed OS, such as a disk key), vigil's rollback "
		 "counters and records in the TPM's NV memory, and the owner and lockout "
		 "passphrases. Enrol the TOTP secret and sign /boot again afterwards.\n"));
	if (argc != 2 && !confirmed("reset")) {
		tpm_close(tpm);
		fprintf(stderr, _("vigil tpm reset: not confirmed, the TPM is unchanged\n"));
		return EXIT_FAIL;
	}
	if (ask_lockout_passphrase(tpm, &st, "reset") < 0) {
		tpm_close(tpm);
		return EXIT_FAIL;
	}
	ret = tpm_clear(tpm, err, sizeof(err));
	tpm_close(tpm);
	if (ret < 0) {
		lockout_failed("reset", ret, err, &st);
		return EXIT_FAIL;
	}
	printf(_("The TPM is reset: it has no owner passphrase and holds none of the old "
		 "keys.\n"));
	return EXIT_OK;
}

static int cmd_tpm(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_tpm_entry, _("missing action"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf(_("Usage: vigil tpm %s\n"), cmd_tpm_entry.usage);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "status"))
		return tpm_status(argc - 1, argv + 1);
	if (!strcmp(argv[1], "take-ownership"))
		return tpm_take_ownership_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "lockout"))
		return tpm_lockout_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "unlock"))
		return tpm_unlock_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "reset"))
		return tpm_reset_cmd(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_tpm_entry, _("unknown action"));
}

const struct vigil_cmd cmd_tpm_entry = {
	.name = "tpm",
	.usage = "status | take-ownership | lockout [--max-tries N] [--recovery-time S] "
		 "[--lockout-recovery S] | unlock | reset [--yes]",
	.summary = N_("TPM state, owner passphrase, lockout settings, unlock, reset"),
	.run = cmd_tpm,
};
