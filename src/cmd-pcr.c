/* cmd-pcr.c - "vigil pcr": predict PCR 2 from a ROM file, read PCRs, show and check the event log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "common/fileio.h"
#include "hw/eventlog-check.h"
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

static int pcr_log(int argc, char **argv)
{
	const char *path = log_file_arg(argc, argv, _("log takes at most one log file"));
	char err[512], hex[SHA256_HEX_LEN + 1], text[200], type[16];
	struct eventlog log;
	size_t i;

	if (!path)
		return EXIT_USAGE;
	if (eventlog_load(path, &log, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil pcr log: %s\n", err);
		return EXIT_FAIL;
	}
	if (log.note)
		printf(_("note: %s\n"), log.note);
	/* Numbered as tpm2_eventlog numbers them: the Spec ID header is event 0. */
	printf(_("event PCR type                 sha256%*s description\n"), SHA256_HEX_LEN - 6, "");
	for (i = 0; i < log.count; i++) {
		const struct eventlog_event *ev = &log.events[i];
		const char *name = eventlog_type_name(ev->type);

		if (!name) {
			snprintf(type, sizeof(type), "0x%08x", ev->type);
			name = type;
		}
		hash_hex(ev->sha256, SHA256_LEN, hex);
		eventlog_event_text(ev, text, sizeof(text));
		printf("%5zu %3u %-20s %s %s\n", i + 1, ev->pcr, name, hex, text);
	}
	eventlog_free(&log);
	return EXIT_OK;
}

static int pcr_check(int argc, char **argv)
{
	const char *path = log_file_arg(argc, argv, _("check takes at most one log file"));
	char err[512], hex[SHA256_HEX_LEN + 1], list[100];
	struct eventlog_check check;
	struct eventlog log;
	struct tpm *tpm;
	unsigned pcr;
	int ret;

	if (!path)
		return EXIT_USAGE;
	if (eventlog_load(path, &log, err, sizeof(err)) < 0) {
		fprintf(stderr, "vigil pcr check: %s\n", err);
		return EXIT_FAIL;
	}
	/* A log without measurements proves nothing, so it does not pass. */
	eventlog_replay(&log, check.replayed, &check.logged);
	if (!check.logged) {
		fprintf(stderr, _("vigil pcr check: %s: the log has no measurements to check\n"), path);
		eventlog_free(&log);
		return EXIT_FAIL;
	}
	tpm = tpm_open(NULL, err, sizeof(err));
	if (!tpm) {
		fprintf(stderr, "vigil pcr check: %s\n", err);
		eventlog_free(&log);
		return EXIT_FAIL;
	}
	ret = eventlog_check_tpm(tpm, &log, &check, err, sizeof(err));
	tpm_close(tpm);
	eventlog_free(&log);
	if (ret < 0) {
		fprintf(stderr, "vigil pcr check: %s\n", err);
		return EXIT_FAIL;
	}
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++) {
		if (!(check.differ & (1u << pcr)))
			continue;
		printf(_("PCR %u differs from the log:\n"), pcr);
		hash_hex(check.replayed[pcr], SHA256_LEN, hex);
		printf(_("  log replay %s\n"), hex);
		hash_hex(check.actual[pcr], SHA256_LEN, hex);
		printf(_("  TPM        %s\n"), hex);
	}
	if (check.differ) {
		tpm_pcr_mask_format(check.differ, list, sizeof(list));
		printf(_("FAILED: PCRs %s do not match the event log %s\n"), list, path);
		return EXIT_FAIL;
	}
	tpm_pcr_mask_format(check.logged, list, sizeof(list));
	printf(_("OK: PCRs %s match the event log %s\n"), list, path);
	return EXIT_OK;
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
