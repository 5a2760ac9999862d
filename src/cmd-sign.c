/* cmd-sign.c - "vigil sign": hash every file of a boot partition and sign the manifest. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd-progress.h"
#include "crypto/sign.h"
#include "i18n.h"

static int cmd_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "gnupghome", required_argument, NULL, 'g' },
		{ "counter", required_argument, NULL, 'c' },
		{ "nv-index", required_argument, NULL, 'n' },
		{ "tpm", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sign_opts opts = { 0 };
	struct cmd_progress line;
	struct sign_result res;
	const char *counter = NULL, *nv_index = NULL;
	char err[1024];
	int c, ok, tpm = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			opts.key = optarg;
			break;
		case 'g':
			opts.gnupghome = optarg;
			break;
		case 'c':
			counter = optarg;
			break;
		case 'n':
			nv_index = optarg;
			break;
		case 't':
			tpm = 1;
			break;
		case 'h':
			printf(_("Usage: vigil sign %s\n"), cmd_sign_entry.usage);
			return EXIT_OK;
		default:
			return cmd_usage_error(&cmd_sign_entry, _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error(&cmd_sign_entry, _("expected one boot directory"));
	if (tpm && counter)
		return cmd_usage_error(&cmd_sign_entry,
				       _("--tpm moves the TPM counter and records its value: "
					 "no --counter with it"));
	if (nv_index && !counter && !tpm)
		return cmd_usage_error(&cmd_sign_entry, _("--nv-index needs --counter or --tpm"));
	if (counter &&
	    manifest_counter_from_args(&opts.counter, counter, nv_index, err, sizeof(err)) < 0)
		return cmd_usage_error(&cmd_sign_entry, err);
	if (tpm) {
		opts.move_counter = &sign_tpm_counter;
		if (nv_index && manifest_nv_index_from_arg(&opts.nv_index, nv_index, err,
							   sizeof(err)) < 0)
			return cmd_usage_error(&cmd_sign_entry, err);
	}
	cmd_progress_attach(&line, "vigil sign", &opts.walk);
	ok = sign_boot(argv[optind], &opts, &res, err, sizeof(err)) == 0;
	cmd_progress_done(&line);
	if (!ok) {
		fprintf(stderr, _("vigil sign: %s: %s\n"), argv[optind], err);
		return EXIT_FAIL;
	}
	printf(_("signed %s: %zu files, %llu bytes, by %s (%s)\n"), argv[optind], res.files,
	       (unsigned long long)res.bytes, res.signer.uid[0] ? res.signer.uid : _("(no user id)"),
	       res.signer.fpr);
	if (res.counter_created)
		printf(_("rollback counter: %llu (TPM NV index 0x%08x, created by this signing)\n"),
		       (unsigned long long)res.counter.value, (unsigned)res.counter.nv_index);
	else if (tpm)
		printf(_("rollback counter: %llu (TPM NV index 0x%08x, moved on by this signing)\n"),
		       (unsigned long long)res.counter.value, (unsigned)res.counter.nv_index);
	else if (res.counter.present)
		printf(_("rollback counter: %llu (TPM NV index 0x%08x)\n"),
		       (unsigned long long)res.counter.value, (unsigned)res.counter.nv_index);
	else
		printf(_("rollback counter: none (neither --tpm nor --counter given)\n"));
	return EXIT_OK;
}

const struct vigil_cmd cmd_sign_entry = {
	.name = "sign",
	.usage = "[--key FPR] [--gnupghome DIR] [--tpm | --counter N] [--nv-index INDEX] BOOTDIR",
	.summary = N_("hash a boot partition and sign its manifest with an OpenPGP key"),
	.run = cmd_sign,
};
