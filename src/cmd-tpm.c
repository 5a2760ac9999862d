/* cmd-tpm.c - "vigil tpm status": is there a usable TPM 2.0, and is it locked out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "hw/tpm-status.h"
#include "hw/tpm.h"
#include "i18n.h"

static int tpm_status(int argc, char **argv)
{
	struct tpm_status st;
	struct tpm *tpm;
	char err[256];

	if (argc != 1)
		return cmd_usage_error(&cmd_tpm_entry, _("status takes no arguments"));
	/* A simulator named in $VIGIL_TCTI has no sysfs entry to look at. */
	if (!getenv("VIGIL_TCTI")) {
		switch (tpm_probe(NULL)) {
		case TPM_ABSENT:
			printf(_("No TPM found: the firmware has not enabled one, or the kernel has "
				 "no driver for it. Without a TPM vigil cannot prove the firmware's "
				 "integrity (no TOTP code) nor protect against rollback.\n"));
			return EXIT_FAIL;
		case TPM_VERSION_1_2:
			printf(_("This machine has a TPM 1.2, which vigil does not support yet: "
				 "sealing, TOTP codes and rollback counters are unavailable.\n"));
			return EXIT_FAIL;
		case TPM_VERSION_2_0:
			break;
		}
	}
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm) {
		fprintf(stderr, "vigil tpm status: %s\n", err);
		return EXIT_FAIL;
	}
	if (tpm_status_read(tpm, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil tpm status: %s\n", err);
		tpm_close(tpm);
		return EXIT_FAIL;
	}
	tpm_close(tpm);
	printf(_("TPM 2.0 present (manufacturer \"%s\").\n"), st.manufacturer);
	printf(_("Dictionary-attack protection: %u of %u wrong passphrases so far; one is "
		 "forgotten every %u s; after a wrong lockout passphrase, wait %u s.\n"),
	       st.failed_tries, st.max_tries, st.recovery_time, st.lockout_recovery);
	if (st.storage_disabled) {
		printf(_("The TPM's owner hierarchy is disabled, so nothing can be sealed or "
			 "unsealed: enable the TPM in the firmware setup.\n"));
		return EXIT_FAIL;
	}
	if (st.in_lockout) {
		if (st.recovery_time)
			printf(_("The TPM is in lockout after too many wrong passphrases: secrets "
				 "with a passphrase cannot be unsealed until it forgets a failure "
				 "(every %u s), or until it is reset with the lockout passphrase.\n"),
			       st.recovery_time);
		else
			printf(_("The TPM is in lockout after too many wrong passphrases, and it "
				 "does not recover by itself: reset it with the lockout "
				 "passphrase.\n"));
		return EXIT_FAIL;
	}
	printf(_("The TPM is ready.\n"));
	return EXIT_OK;
}

static int cmd_tpm(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_tpm_entry, _("missing action"));
	if (!strcmp(argv[1], "status"))
		return tpm_status(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_tpm_entry, _("unknown action"));
}

const struct vigil_cmd cmd_tpm_entry = {
	.name = "tpm",
	.usage = "status",
	.summary = N_("say whether the TPM is present, usable, or locked out"),
	.run = cmd_tpm,
};
