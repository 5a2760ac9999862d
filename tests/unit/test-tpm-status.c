/* test-tpm-status.c - TPM presence from sysfs, lockout state and recovery on a real (software) TPM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/spawn.h"
#include "hw/tpm-esys.h"
#include "hw/tpm-seal.h"
#include "hw/tpm-status.h"
#include "swtpm-fixture.h"

static void put(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };

	assert_int_equal(spawn_wait(argv), 0);
}

static void probe_reads_sysfs(void **state)
{
	char root[] = "/tmp/vigil-test-sysfs-XXXXXX", tpm0[128];

	assert_non_null(mkdtemp(root));
	assert_int_equal(tpm_probe(root), TPM_ABSENT);
	snprintf(tpm0, sizeof(tpm0), "%s/tpm0", root);
	assert_int_equal(mkdir(tpm0, 0755), 0);
	/* An old kernel without tpm_version_major: "caps" only exists for TPM 1.2. */
	assert_int_equal(tpm_probe(root), TPM_VERSION_2_0);
	put(tpm0, "caps", "Manufacturer: 0x49465800\n");
	assert_int_equal(tpm_probe(root), TPM_VERSION_1_2);
	put(tpm0, "tpm_version_major", "2\n");
	assert_int_equal(tpm_probe(root), TPM_VERSION_2_0);
	put(tpm0, "tpm_version_major", "1\n");
	assert_int_equal(tpm_probe(root), TPM_VERSION_1_2);
	remove_tree(root);
	assert_int_equal(tpm_probe("/nonexistent"), TPM_ABSENT);
}

static void fresh_tpm_is_usable(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct tpm_status st;
	char err[256];

	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_string_equal(st.manufacturer, "IBM ");
	assert_false(st.in_lockout);
	assert_false(st.storage_disabled);
	assert_int_equal(st.failed_tries, 0);
	assert_int_equal(tpm_da_set(tpm, 5, 600, 3600, NULL, err, sizeof(err)), 0);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_int_equal(st.max_tries, 5);
	assert_int_equal(st.recovery_time, 600);
	assert_int_equal(st.lockout_recovery, 3600);
	tpm_close(tpm);
}

static void wrong_passphrases_lead_to_lockout(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct secret *data = secret_from("seed", 4), *out = NULL;
	struct secret *right = secret_from("right", 5), *wrong = secret_from("wrong", 5);
	struct tpm_sealed sealed;
	struct tpm_status st;
	char err[256];

	assert_int_equal(tpm_da_set(tpm, 2, 600, 3600, NULL, err, sizeof(err)), 0);
	assert_int_equal(tpm_seal(tpm, data, 1u << 7, NULL, right, &sealed, err, sizeof(err)), 0);
	assert_int_equal(tpm_unseal(tpm, &sealed, wrong, &out, err, sizeof(err)), TPM_ERR_AUTH);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_int_equal(st.failed_tries, 1);
	assert_int_equal(tpm_unseal(tpm, &sealed, wrong, &out, err, sizeof(err)), TPM_ERR_AUTH);
	/* Now even the right passphrase is refused, and the error says why. */
	assert_int_equal(tpm_unseal(tpm, &sealed, right, &out, err, sizeof(err)),
			 TPM_ERR_LOCKOUT);
	assert_non_null(strstr(err, "lockout"));
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_true(st.in_lockout);
	assert_int_equal(tpm_da_reset(tpm, NULL, err, sizeof(err)), 0);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_false(st.in_lockout);
	assert_int_equal(tpm_unseal(tpm, &sealed, right, &out, err, sizeof(err)), 0);
	assert_memory_equal(out->data, "seed", 4);
	secret_free(out);
	secret_free(right);
	secret_free(wrong);
	secret_free(data);
	tpm_close(tpm);
}

static void storage_disabled_is_reported(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct tpm_status st;
	char err[256];

	/* What firmware does to "disable" a TPM 2.0: switch off the owner hierarchy. */
	assert_int_equal(Esys_HierarchyControl(tpm_esys(tpm), ESYS_TR_RH_PLATFORM,
					       ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
					       TPM2_RH_OWNER, TPM2_NO), TSS2_RC_SUCCESS);
	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), 0);
	assert_true(st.storage_disabled);
	tpm_close(tpm);
}

static char wrapper_dir[] = "/tmp/vigil-swtpm12-XXXXXX";

/*
 * The fixture runs "swtpm socket --tpm2" from $PATH: put a swtpm first in
 * $PATH that drops --tpm2, so that the fixture starts a TPM 1.2.
 */
static int swtpm12_setup(void **state)
{
	char path[256], *old_path = getenv("PATH"), *new_path;
	FILE *f;
	int ret;

	strcpy(wrapper_dir, "/tmp/vigil-swtpm12-XXXXXX");
	if (!mkdtemp(wrapper_dir))
		return -1;
	snprintf(path, sizeof(path), "%s/swtpm", wrapper_dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("#!/bin/sh\n"
	      "for a; do shift; [ \"$a\" = --tpm2 ] || set -- \"$@\" \"$a\"; done\n"
	      "PATH=${PATH#*:} exec swtpm \"$@\"\n", f);
	fclose(f);
	chmod(path, 0755);
	old_path = strdup(old_path ? old_path : "/usr/bin:/bin");
	if (asprintf(&new_path, "%s:%s", wrapper_dir, old_path) < 0)
		return -1;
	setenv("PATH", new_path, 1);
	free(new_path);
	ret = swtpm_setup(state);
	setenv("PATH", old_path, 1);
	free(old_path);
	return ret;
}

static int swtpm12_teardown(void **state)
{
	swtpm_teardown(state);
	remove_tree(wrapper_dir);
	return 0;
}

static void tpm12_is_named(void **state)
{
	struct tpm *tpm = swtpm_open_tpm();
	struct tpm_status st;
	char err[256];

	assert_int_equal(tpm_status_read(tpm, &st, err, sizeof(err)), TPM_ERR_VERSION_1_2);
	assert_non_null(strstr(err, "TPM 1.2"));
	tpm_close(tpm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe_reads_sysfs),
		cmocka_unit_test_setup_teardown(fresh_tpm_is_usable, swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(wrong_passphrases_lead_to_lockout,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(storage_disabled_is_reported,
						swtpm_setup, swtpm_teardown),
		cmocka_unit_test_setup_teardown(tpm12_is_named, swtpm12_setup, swtpm12_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
