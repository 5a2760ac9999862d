/* cmd-pcr.c - "vigil pcr": predict PCR 2 from a ROM file, read PCRs, show and check the event log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "common/fileio.h"
#include "hw/eventlog-check.h"
#include "hw/eventlog-text.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/pcr-predict.h"
#include "hw/tpm.h"
#include "i18n.h"

#define ROM_MAX_SIZE (64u << 20)

static int pcr_predict(int argc, char **argv)
{
	struct pcr_prediction pred;
	char err[256], hex[SHA256_HEX_LEN + 1];
	uint8_t *rom;
	size_t len, i;
	int verbose = argc == 3 && !strcmp(argv[1], "--verbose");

	if (argc != 2 + verbose)
		return cmd_usage_error(&cmd_pcr_entry, _("predict takes one ROM file"));
	rom = (uint8_t *)file_read_all(argv[1 + verbose], &len, ROM_MAX_SIZE);
	if (!rom) {
		fprintf(stderr, "vigil pcr predict: %s: %s\n", argv[1 + verbose], strerror(errno));
		return EXIT_FAIL;
	}
	if (pcr2_predict(rom, len, &pred, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil pcr predict: %s: %s\n", argv[1 + verbose], err);
		free(rom);
		return EXIT_FAIL;
	}
	free(rom);
	if (verbose) {
		for (i = 0; i < pred.count; i++) {
			hash_hex(pred.items[i].digest, SHA256_LEN, hex);
			printf("%s  %-40s offset 0x%08x size %u\n", hex, pred.items[i].name,
			       pred.items[i].offset, pred.items[i].size);
		}
	}
	hash_hex(pred.pcr, SHA256_LEN, hex);
	printf("PCR 2 sha256: %s\n", hex);
	return EXIT_OK;
}

static int pcr_read(int argc, char **argv)
{
	char err[256], hex[SHA256_HEX_LEN + 1];
	uint8_t value[SHA256_LEN];
	struct tpm *tpm;
	int i, ret = EXIT_OK;

	if (argc < 2)
		return cmd_usage_error(&cmd_pcr_entry, _("read takes PCR numbers"));
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm) {
		fprintf(stderr, "vigil pcr read: %s\n", err);
		return EXIT_FAIL;
	}
	for (i = 1; i < argc; i++) {
		char *end;
		unsigned long pcr = strtoul(argv[i], &end, 10);

		if (*argv[i] == '\0' || *end != '\0' || pcr > 23) {
			fprintf(stderr, "vigil pcr read: '%s' is not a PCR number (0-23)\n", argv[i]);
			ret = EXIT_USAGE;
			break;
		}
		if (tpm_pcr_read(tpm, (unsigned)pcr, value, err, sizeof(err)) < 0) {
			fprintf(stderr, "vigil pcr read: %s\n", err);
			ret = EXIT_FAIL;
			break;
		}
		hash_hex(value, SHA256_LEN, hex);
		printf("PCR %lu sha256: %s\n", pcr, hex);
	}
	tpm_close(tpm);
	return ret;
}

/* The log named on the command line, or the running one. */
static const char *log_file_arg(int argc, char **argv, const char *action)
{
	if (argc > 2) {
		cmd_usage_error(&cmd_pcr_entry, action);
		return NULL;
	}
	return argc == 2 ? argv[1] : MEASURE_LOG_DEFAULT;
}

static void print_lines(const struct strlist *lines)
{
	size_t i;

	for (i = 0; i < lines->n; i++)
		printf("%s\n", lines->v[i]);
}

static int pcr_log(int argc, char **argv)
{
	const char *path = log_file_arg(argc, argv, _("log takes at most one log file"));
	struct strlist lines = { 0 };
	struct eventlog log;
	char err[512];

	if (!path)
		return EXIT_USAGE;
	if (eventlog_load(path, &log, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil pcr log: %s\n", err);
		return EXIT_FAIL;
	}
	eventlog_format(&log, &lines);
	print_lines(&lines);
	strlist_free(&lines);
	eventlog_free(&log);
	return EXIT_OK;
}

static int pcr_check(int argc, char **argv)
{
	const char *path = log_file_arg(argc, argv, _("check takes at most one log file"));
	struct strlist lines = { 0 };
	struct eventlog_check check;
	struct eventlog log;
	char err[512], *summary;
	int ret;

	if (!path)
		return EXIT_USAGE;
	if (eventlog_load(path, &log, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil pcr check: %s\n", err);
		return EXIT_FAIL;
	}
	ret = eventlog_check_against_tpm(&log, path, &check, err, sizeof(err));
	eventlog_free(&log);
	if (ret < 0) {
		fprintf(stderr, "vigil pcr check: %s\n", err);
		return EXIT_FAIL;
	}
	eventlog_check_details(&check, &lines);
	print_lines(&lines);
	strlist_free(&lines);
	summary = eventlog_check_summary(&check, path);
	printf("%s\n", summary);
	free(summary);
	return check.differ ? EXIT_FAIL : EXIT_OK;
}

static int cmd_pcr(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_pcr_entry, _("missing action"));
	if (!strcmp(argv[1], "predict"))
		return pcr_predict(argc - 1, argv + 1);
	if (!strcmp(argv[1], "read"))
		return pcr_read(argc - 1, argv + 1);
	if (!strcmp(argv[1], "log"))
		return pcr_log(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return pcr_check(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_pcr_entry, _("unknown action"));
}

const struct vigil_cmd cmd_pcr_entry = {
	.name = "pcr",
	.usage = "predict [--verbose] ROM | read PCR... | log [FILE] | check [FILE]",
	.summary = N_("predict PCR 2 from a ROM file; read PCRs; show the event log or "
		      "check it against the TPM"),
	.run = cmd_pcr,
};
