/* cmd-verify.c - "vigil verify": is a boot partition exactly what its owner signed? */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd-progress.h"
#include "crypto/bootverify.h"
#include "i18n.h"

static int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "gnupghome", required_argument, NULL, 'g' },
		{ "counter", required_argument, NULL, 'c' },
		{ "nv-index", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bootverify_opts opts = { 0 };
	struct cmd_progress line;
	struct bootverify_result *res;
	const char *counter = NULL, *nv_index = NULL;
	char err[256];
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'g':
			opts.gnupghome = optarg;
			break;
		case 'c':
			counter = optarg;
			break;
		case 'n':
			nv_index = optarg;
			break;
		case 'h':
			printf(_("Usage: vigil verify %s\n"), cmd_verify_entry.usage);
			return EXIT_OK;
		default:
			return cmd_usage_error(&cmd_verify_entry, _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error(&cmd_verify_entry, _("expected one boot directory"));
	if (nv_index && !counter)
		return cmd_usage_error(&cmd_verify_entry, _("--nv-index needs --counter"));
	if (counter &&
	    manifest_counter_from_args(&opts.tpm, counter, nv_index, err, sizeof(err)) < 0)
		return cmd_usage_error(&cmd_verify_entry, err);
	cmd_progress_attach(&line, "vigil verify", &opts.walk);
	res = calloc(1, sizeof(*res));
	if (!res)
		return EXIT_FAIL;
	bootverify(argv[optind], &opts, res);
	cmd_progress_done(&line);
	if (res->status != BV_OK) {
		fprintf(stderr, _("vigil verify: %s: FAILED: %s\n"), argv[optind], res->message);
		ret = EXIT_FAIL;
	} else {
		printf(_("OK: %s: %zu files match the manifest signed by %s (%s)\n"), argv[optind],
		       res->files, res->signer.uid[0] ? res->signer.uid : _("(no user id)"),
		       res->signer.fpr);
		if (res->counter_checked)
			printf(_("rollback counter: manifest %llu, TPM %llu\n"),
			       (unsigned long long)res->counter.value,
			       (unsigned long long)opts.tpm.value);
		else
			printf(_("rollback counter not checked (no --counter given)\n"));
		ret = EXIT_OK;
	}
	free(res);
	return ret;
}

const struct vigil_cmd cmd_verify_entry = {
	.name = "verify",
	.usage = "[--gnupghome DIR] [--counter N [--nv-index INDEX]] BOOTDIR",
	.summary = N_("check a boot partition against its signed manifest"),
	.run = cmd_verify,
};
