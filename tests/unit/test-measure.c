/*
 * test-measure.c - measure_*() against a real (software) TPM: the log replays to
 * the TPM's PCRs, tpm2_eventlog agrees with our replay, and "vigil pcr check" works.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbmem-image.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/eventlog-check.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/tpm.h"
#include "swtpm-fixture.h"

static char workdir[] = "/tmp/vigil-measure-XXXXXX";
static char log_file[128];
static uint8_t fmap_digest[SHA256_LEN], payload_digest[SHA256_LEN];

static const struct img_tcpa_entry coreboot_entries[] = {
	{ 2, "SHA256", fmap_digest, SHA256_LEN, "FMAP: FMAP" },
	{ 2, "SHA256", payload_digest, SHA256_LEN, "CBFS: fallback/payload" },
};

static int setup(void **state)
{
	if (swtpm_setup(state) < 0)
		return -1;
	strcpy(workdir, "/tmp/vigil-measure-XXXXXX");
	if (!mkdtemp(workdir))
		return -1;
	snprintf(log_file, sizeof(log_file), "%s/run/eventlog.bin", workdir);
	measure_set_log_path(log_file);
	hash_sha256("fmap", 4, fmap_digest);
	hash_sha256("payload", 7, payload_digest);
	return 0;
}

static int teardown(void **state)
{
	char *argv[] = { "rm", "-rf", workdir, NULL };

	measure_set_log_path(NULL);
	spawn_wait(argv);
	return swtpm_teardown(state);
}

/* Do what coreboot did before vigil ran: extend PCR 2 with each of its measurements. */
static void coreboot_extends(void)
{
	struct tpm *tpm = swtpm_open_tpm();
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(coreboot_entries) / sizeof(coreboot_entries[0]); i++)
		assert_int_equal(tpm_pcr_extend(tpm, 2, coreboot_entries[i].digest, err,
						sizeof(err)), 0);
	tpm_close(tpm);
}

/* A memory image with coreboot's TCPA log, as /dev/mem would show it. */
static char *coreboot_memory(void)
{
	struct cbmem_image img;
	char *path;

	img_init(&img);
	img_standard(&img, coreboot_entries, 2);
	path = img_save(&img);
	img_free(&img);
	assert_non_null(path);
	return path;
}

/* What a boot does: coreboot, then vigil's init measuring mode, modules, LUKS, ROM files. */
static void measured_boot(void)
{
	char err[512], *memory, *module;
	uint8_t luks_digest[SHA256_LEN];

	coreboot_extends();
	memory = coreboot_memory();
	assert_int_equal(measure_init(memory, err, sizeof(err)), 0);
	unlink(memory);
	free(memory);
	module = xasprintf("%s/e1000.ko", workdir);
	assert_int_equal(file_write_atomic(module, "\x7f" "ELF module", 11, 0644), 0);
	assert_int_equal(measure_data(4, EV_IPL, "boot mode: normal", "normal", 6, err,
				      sizeof(err)), 0);
	assert_int_equal(measure_file(5, EV_IPL, NULL, module, err, sizeof(err)), 0);
	hash_sha256("LUKS header", 11, luks_digest);
	assert_int_equal(measure_digest(6, EV_IPL, "LUKS header of /dev/sda2", luks_digest, err,
					sizeof(err)), 0);
	assert_int_equal(measure_data(7, EV_IPL, "ROM file heads/initrd/.gnupg/pubring.kbx",
				      "keyring", 7, err, sizeof(err)), 0);
	free(module);
}

static void load_log(struct eventlog *log)
{
	char err[512];

	if (eventlog_load(log_file, log, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static void log_replays_to_the_tpm_pcrs(void **state)
{
	struct eventlog_check check;
	struct eventlog log;
	struct tpm *tpm;
	char err[512];

	measured_boot();
	load_log(&log);
	assert_int_equal(log.count, 6);
	assert_null(log.note);
	assert_int_equal(log.events[0].type, EV_POST_CODE);
	assert_string_equal((char *)log.events[1].data, "CBFS: fallback/payload");
	assert_int_equal(log.events[2].pcr, 4);
	assert_string_equal((char *)log.events[2].data, "boot mode: normal");
	assert_int_equal(log.events[3].pcr, 5);
	assert_non_null(strstr((char *)log.events[3].data, "e1000.ko"));
	tpm = swtpm_open_tpm();
	assert_int_equal(eventlog_check_tpm(tpm, &log, &check, err, sizeof(err)), 0);
	assert_int_equal(check.logged, EVENTLOG_FIRMWARE_PCRS);
	assert_int_equal(check.differ, 0);

	/* An extend the log does not know of is found and named. */
	assert_int_equal(tpm_pcr_extend(tpm, 5, fmap_digest, err, sizeof(err)), 0);
	assert_int_equal(eventlog_check_tpm(tpm, &log, &check, err, sizeof(err)), 0);
	assert_int_equal(check.differ, 1u << 5);
	/* So is one into a firmware PCR the log has no events for at all. */
	assert_int_equal(tpm_pcr_extend(tpm, 0, fmap_digest, err, sizeof(err)), 0);
	assert_int_equal(eventlog_check_tpm(tpm, &log, &check, err, sizeof(err)), 0);
	assert_int_equal(check.differ, (1u << 0) | (1u << 5));
	tpm_close(tpm);
	eventlog_free(&log);
}

/* Run argv with its standard output in a file; returns the exit status and the output. */
static int run_capture(char **argv, char **output)
{
	char *out_path = xasprintf("%s/stdout", workdir);
	int fd, saved, status;
	size_t len;

	fflush(stdout);
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	status = spawn_wait(argv);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	*output = file_read_all(out_path, &len, 1 << 20);
	assert_non_null(*output);
	free(out_path);
	return status;
}

/* The "pcrs: / sha256:" section of tpm2_eventlog's YAML: PCR number -> value. */
static uint32_t parse_tpm2_eventlog_pcrs(char *yaml, tpm_pcr_values pcrs)
{
	char *line, *save = NULL;
	int in_pcrs = 0, in_sha256 = 0;
	uint32_t mask = 0;

	for (line = strtok_r(yaml, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned pcr, i;
		char hex[SHA256_HEX_LEN + 2];

		if (!strcmp(line, "pcrs:")) {
			in_pcrs = 1;
			continue;
		}
		if (in_pcrs && !strncmp(line, "  ", 2) && line[2] != ' ') {
			in_sha256 = !strcmp(line, "  sha256:");
			continue;
		}
		if (!in_sha256 || sscanf(line, " %u : 0x%65s", &pcr, hex) != 2)
			continue;
		assert_true(pcr < TPM_PCR_COUNT);
		assert_int_equal(strlen(hex), SHA256_HEX_LEN);
		for (i = 0; i < SHA256_LEN; i++) {
			unsigned byte;

			assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
			pcrs[pcr][i] = (uint8_t)byte;
		}
		mask |= 1u << pcr;
	}
	return mask;
}

static void tpm2_eventlog_agrees_with_our_replay(void **state)
{
	char *argv[] = { "tpm2_eventlog", log_file, NULL };
	tpm_pcr_values ours, theirs;
	struct eventlog log;
	uint32_t our_mask, their_mask;
	char *yaml;
	unsigned pcr;

	measured_boot();
	assert_int_equal(run_capture(argv, &yaml), 0);
	their_mask = parse_tpm2_eventlog_pcrs(yaml, theirs);
	free(yaml);
	load_log(&log);
	eventlog_replay(&log, ours, &our_mask);
	eventlog_free(&log);
	assert_int_equal(their_mask, our_mask);
	for (pcr = 0; pcr < TPM_PCR_COUNT; pcr++)
		if (our_mask & (1u << pcr))
			assert_memory_equal(theirs[pcr], ours[pcr], SHA256_LEN);
}

static void init_without_cbmem_leaves_a_note(void **state)
{
	char err[512], *missing = xasprintf("%s/no-such-memory", workdir);
	struct cbmem_image img;
	struct eventlog log;
	char *memory;

	assert_int_equal(measure_init(NULL, err, sizeof(err)), 1);
	load_log(&log);
	assert_int_equal(log.count, 0);
	assert_string_equal(log.note, "coreboot's measurements are missing from this log: "
			    "no memory to read CBMEM from");
	eventlog_free(&log);

	assert_int_equal(measure_init(missing, err, sizeof(err)), 1);
	assert_non_null(strstr(err, "no-such-memory"));
	free(missing);

	/* Memory without a coreboot table: booted by something else. */
	img_init(&img);
	memory = img_save(&img);
	img_free(&img);
	assert_int_equal(measure_init(memory, err, sizeof(err)), 1);
	load_log(&log);
	assert_non_null(strstr(log.note, "not booted by coreboot"));
	eventlog_free(&log);
	unlink(memory);
	free(memory);
}

static void measure_without_log_still_extends(void **state)
{
	uint8_t before[SHA256_LEN], after[SHA256_LEN];
	struct tpm *tpm = swtpm_open_tpm();
	char err[512];

	assert_int_equal(tpm_pcr_read(tpm, 4, before, err, sizeof(err)), 0);
	assert_int_equal(measure_data(4, EV_IPL, "boot mode: usb", "usb", 3, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "PCR 4 was extended"));
	assert_int_equal(tpm_pcr_read(tpm, 4, after, err, sizeof(err)), 0);
	assert_memory_not_equal(before, after, SHA256_LEN);
	assert_int_equal(measure_data(24, EV_IPL, "x", "x", 1, err, sizeof(err)), -1);
	assert_string_equal(err, "PCR 24 does not exist (PCRs are 0-23)");
	tpm_close(tpm);
}

/* builddir/vigil, found from this test's own path (builddir/tests/unit/test-measure). */
static char *vigil_program(void)
{
	char self[4096], *dir;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	assert_true(n > 0);
	self[n] = '\0';
	dir = dirname(dirname(dirname(self)));
	return xasprintf("%s/vigil", dir);
}

static void vigil_pcr_check_and_log(void **state)
{
	char *vigil = vigil_program(), *output;
	char *check[] = { vigil, "pcr", "check", log_file, NULL };
	char *show[] = { vigil, "pcr", "log", log_file, NULL };
	struct tpm *tpm;
	char err[256];

	measured_boot();
	assert_int_equal(run_capture(show, &output), 0);
	assert_non_null(strstr(output, "    2   2 EV_POST_CODE"));
	assert_non_null(strstr(output, "CBFS: fallback/payload\n"));
	assert_non_null(strstr(output, "    3   4 EV_IPL"));
	free(output);

	assert_int_equal(run_capture(check, &output), 0);
	assert_non_null(strstr(output, "OK: PCRs 0,1,2,3,4,5,6,7 match the event log"));
	free(output);

	tpm = swtpm_open_tpm();
	assert_int_equal(tpm_pcr_extend(tpm, 4, fmap_digest, err, sizeof(err)), 0);
	assert_int_equal(tpm_pcr_extend(tpm, 7, fmap_digest, err, sizeof(err)), 0);
	tpm_close(tpm);
	assert_int_equal(run_capture(check, &output), 1);
	assert_non_null(strstr(output, "PCR 4 differs from the log"));
	assert_non_null(strstr(output, "PCR 7 differs from the log"));
	assert_null(strstr(output, "PCR 2 differs"));
	assert_non_null(strstr(output, "FAILED: PCRs 4,7 do not match"));
	free(output);
	free(vigil);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(log_replays_to_the_tpm_pcrs, setup, teardown),
		cmocka_unit_test_setup_teardown(tpm2_eventlog_agrees_with_our_replay, setup,
						teardown),
		cmocka_unit_test_setup_teardown(init_without_cbmem_leaves_a_note, setup, teardown),
		cmocka_unit_test_setup_teardown(measure_without_log_still_extends, setup, teardown),
		cmocka_unit_test_setup_teardown(vigil_pcr_check_and_log, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
