/* test-sign-tpm.c - signing moves the TPM rollback counter (real gpg keys, a software TPM) and old manifests are refused. */
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

#include "boot/verify-entry.h"
#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/bootverify.h"
#include "crypto/sign.h"
#include "gpg-fixture.h"
#include "hw/tpm-counter.h"
#include "swtpm-fixture.h"

static struct gpg_fixture keys;

struct boot {
	char root[64];
	struct bootverify_result res;
};

static int group_setup(void **state)
{
	(void)state;
	return gpg_fixture_setup(&keys);
}

static int group_teardown(void **state)
{
	(void)state;
	gpg_fixture_teardown(&keys);
	return 0;
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644), 0);
}

/* A fresh TPM and a small /boot for each test. */
static int setup(void **state)
{
	struct boot *b;
	char path[512];

	if (swtpm_setup(state) < 0)
		return -1;
	b = calloc(1, sizeof(*b));
	snprintf(b->root, sizeof(b->root), "/tmp/vigil-sign-tpm-XXXXXX");
	assert_non_null(mkdtemp(b->root));
	snprintf(path, sizeof(path), "%s/grub", b->root);
	assert_int_equal(mkdir(path, 0755), 0);
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ kernel\n");
	put(b->root, "initrd.img-6.1.0-18-amd64", "070701 initramfs\n");
	put(b->root, "grub/grub.cfg", "menuentry 'Debian' { linux /vmlinuz-6.1.0-18-amd64 }\n");
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct boot *b = *state;
	char *argv[] = { "rm", "-rf", "--", b->root, NULL };

	spawn_wait(argv);
	free(b);
	return swtpm_teardown(state);
}

static uint64_t tpm_value(uint32_t index)
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));
	uint64_t v = 0;

	if (!tpm)
		fail_msg("%s", err);
	if (tpm_counter_read(tpm, index, &v, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	tpm_close(tpm);
	return v;
}

/* A TPM that cannot answer whether a counter exists. */
static int unreadable(uint32_t nv_index, uint64_t *value, void *ctx, char *err, size_t errlen)
{
	(void)nv_index;
	(void)value;
	(void)ctx;
	snprintf(err, errlen, "tcti:IO failure");
	return -1;
}

static enum bootverify_status verify_at_boot(struct boot *b)
{
	struct bootverify_opts opts = { .gnupghome = keys.rom,
					.read_counter = verify_entry_read_counter };

	return bootverify(b->root, &opts, &b->res);
}

static void expect(struct boot *b, enum bootverify_status got, enum bootverify_status want)
{
	if (got != want)
		fail_msg("expected %s, got %s: %s", bootverify_status_name(want),
			 bootverify_status_name(got), b->res.message);
}

static int sign_tpm(struct boot *b, const char *fpr, struct sign_result *res, char *err,
		    size_t errlen)
{
	struct sign_opts opts = { .gnupghome = keys.owner, .key = fpr,
				  .move_counter = &sign_tpm_counter };

	return sign_boot(b->root, &opts, res, err, errlen);
}

static void sign_tpm_ok(struct boot *b, const char *fpr, struct sign_result *res)
{
	char err[1024];

	if (sign_tpm(b, fpr, res, err, sizeof(err)) < 0)
		fail_msg("signing %s: %s", b->root, err);
}

/* Copy ROOT/vigil/{manifest,manifest.sig} to or from ROOT.saved-*. */
static void keep_pair(struct boot *b, bool save)
{
	static const char *const names[] = { "manifest", "manifest.sig" };
	char live[512], kept[512], *data;
	size_t i, len;

	for (i = 0; i < 2; i++) {
		snprintf(live, sizeof(live), "%s/vigil/%s", b->root, names[i]);
		snprintf(kept, sizeof(kept), "%s.saved-%s", b->root, names[i]);
		data = file_read_all(save ? live : kept, &len, 1 << 20);
		assert_non_null(data);
		assert_int_equal(file_write_atomic(save ? kept : live, data, len, 0644), 0);
		free(data);
		if (!save)
			unlink(kept);
	}
}

static void first_signing_creates_the_counter(void **state)
{
	struct boot *b = *state;
	struct sign_result res;
	char path[512], want[64], *text;
	size_t len;

	sign_tpm_ok(b, keys.ed, &res);
	assert_true(res.counter_created);
	assert_true(res.counter.present);
	assert_int_equal(res.counter.nv_index, MANIFEST_NV_INDEX_DEFAULT);
	/* Created now: its first value is new, so no second increment. */
	assert_true(tpm_value(MANIFEST_NV_INDEX_DEFAULT) == res.counter.value);
	snprintf(path, sizeof(path), "%s/vigil/manifest", b->root);
	text = file_read_all(path, &len, 1 << 20);
	assert_non_null(text);
	snprintf(want, sizeof(want), "\ncounter 0x0100564c %llu\n",
		 (unsigned long long)res.counter.value);
	assert_non_null(strstr(text, want));
	free(text);
	expect(b, verify_at_boot(b), BV_OK);
	assert_true(b->res.counter_checked);
	assert_true(b->res.tpm_counter.value == res.counter.value);
	/* Success has its story too ("vigil boot" prints it after "verified: "). */
	snprintf(want, sizeof(want), "3 files match the manifest signed by ");
	assert_non_null(strstr(b->res.message, want));
	snprintf(want, sizeof(want), "; rollback counter %llu, TPM counter %llu",
		 (unsigned long long)res.counter.value, (unsigned long long)res.counter.value);
	assert_non_null(strstr(b->res.message, want));
}

static void next_signing_moves_it_and_the_old_pair_is_a_rollback(void **state)
{
	struct boot *b = *state;
	struct sign_result first, second;
	char want[128];

	sign_tpm_ok(b, keys.ed, &first);
	keep_pair(b, true);
	/* A kernel update, signed with the other key: the counter moves on by one. */
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ newer kernel\n");
	sign_tpm_ok(b, keys.rsa, &second);
	assert_false(second.counter_created);
	assert_true(second.counter.value == first.counter.value + 1);
	assert_true(tpm_value(MANIFEST_NV_INDEX_DEFAULT) == second.counter.value);
	expect(b, verify_at_boot(b), BV_OK);
	assert_string_equal(b->res.signer.fpr, keys.rsa);
	/* The old kernel and its validly signed manifest put back. */
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ kernel\n");
	keep_pair(b, false);
	expect(b, verify_at_boot(b), BV_ROLLBACK);
	snprintf(want, sizeof(want), "counter %llu, older than the TPM counter %llu",
		 (unsigned long long)first.counter.value,
		 (unsigned long long)second.counter.value);
	assert_non_null(strstr(b->res.message, want));
	assert_string_equal(b->res.file, "vigil/manifest");
}

static void manifest_without_counter_is_a_rollback_once_the_counter_exists(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.ed };
	struct sign_result res;
	char err[1024];

	/* Signed on the OS without a counter: fine while the machine has none. */
	if (sign_boot(b->root, &opts, &res, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_false(res.counter.present);
	expect(b, verify_at_boot(b), BV_OK);
	assert_false(b->res.counter_checked);
	keep_pair(b, true);
	sign_tpm_ok(b, keys.ed, &res);
	keep_pair(b, false);
	expect(b, verify_at_boot(b), BV_ROLLBACK);
	assert_non_null(strstr(b->res.message, "signed without a rollback counter"));
	/* A TPM that cannot tell whether the counter exists does not let it through. */
	{
		struct bootverify_opts broken = { .gnupghome = keys.rom, .read_counter = unreadable };

		expect(b, bootverify(b->root, &broken, &b->res), BV_COUNTER_UNREADABLE);
		assert_non_null(strstr(b->res.message, "cannot say whether its default counter"));
	}
}

/* The owner cancels the PIN entry. */
static int cancel_pin(void *ctx, const char *hint, bool again, char *pin, size_t len)
{
	(void)ctx;
	(void)hint;
	(void)again;
	(void)pin;
	(void)len;
	return -1;
}

static void failed_signing_leaves_the_counter_alone(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.locked, .pin = cancel_pin,
				  .move_counter = &sign_tpm_counter };
	struct sign_result first, res;
	char err[1024];

	sign_tpm_ok(b, keys.ed, &first);
	put(b->root, "grub/grub.cfg", "menuentry 'Debian, edited' {}\n");
	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "signing with"));
	assert_true(tpm_value(MANIFEST_NV_INDEX_DEFAULT) == first.counter.value);
	/* So the previous pair is still the current state, not a rollback. */
	put(b->root, "grub/grub.cfg", "menuentry 'Debian' { linux /vmlinuz-6.1.0-18-amd64 }\n");
	expect(b, verify_at_boot(b), BV_OK);
}

static void other_index(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.ed,
				  .move_counter = &sign_tpm_counter, .nv_index = 0x01000123 };
	struct sign_result res;
	char err[1024];

	if (sign_boot(b->root, &opts, &res, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(res.counter.nv_index, 0x01000123);
	assert_true(tpm_value(0x01000123) == res.counter.value);
	expect(b, verify_at_boot(b), BV_OK);
	assert_true(b->res.counter_checked);
}

static void no_tpm_is_a_clear_error(void **state)
{
	struct boot *b = *state;
	struct sign_result res;
	char err[1024], path[512], *saved = getenv("VIGIL_TCTI");

	saved = saved ? strdup(saved) : NULL;
	/* Port 1 on localhost: nothing listens there. */
	setenv("VIGIL_TCTI", "swtpm:host=127.0.0.1,port=1", 1);
	assert_int_equal(sign_tpm(b, keys.ed, &res, err, sizeof(err)), -1);
	if (saved) {
		setenv("VIGIL_TCTI", saved, 1);
		free(saved);
	}
	assert_non_null(strstr(err, "no TPM for the rollback counter"));
	snprintf(path, sizeof(path), "%s/vigil", b->root);
	assert_int_equal(access(path, F_OK), -1);
}

/* A counter that someone else moves while the owner types the PIN. */
struct fake_counter {
	uint64_t value;
	int increments;
};

static int fake_current(void *ctx, uint32_t nv_index, uint64_t *value, bool *created,
			char *err, size_t errlen)
{
	struct fake_counter *f = ctx;

	(void)nv_index;
	(void)err;
	(void)errlen;
	*value = f->value;
	*created = false;
	return 0;
}

static int fake_increment_twice(void *ctx, uint32_t nv_index, uint64_t *value, char *err,
				size_t errlen)
{
	struct fake_counter *f = ctx;

	(void)nv_index;
	(void)err;
	(void)errlen;
	f->increments++;
	f->value += 2;
	*value = f->value;
	return 0;
}

static void counter_moved_by_someone_else_stores_nothing(void **state)
{
	struct boot *b = *state;
	struct fake_counter f = { 41, 0 };
	const struct sign_counter fake = { fake_current, fake_increment_twice, &f };
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.ed, .move_counter = &fake };
	struct sign_result res;
	char err[1024], path[512];

	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_int_equal(f.increments, 1);
	assert_string_equal(err, "rollback counter 0x0100564c moved to 43 while signing, not to 42: "
				 "the new manifest was not stored; sign again");
	snprintf(path, sizeof(path), "%s/vigil", b->root);
	assert_int_equal(access(path, F_OK), -1);
}

static void counter_and_value_together_refused(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.ed,
				  .counter = { true, MANIFEST_NV_INDEX_DEFAULT, 3 },
				  .move_counter = &sign_tpm_counter };
	struct sign_result res;
	char err[1024];

	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "both a counter value and a counter to move"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(first_signing_creates_the_counter),
		T(next_signing_moves_it_and_the_old_pair_is_a_rollback),
		T(manifest_without_counter_is_a_rollback_once_the_counter_exists),
		T(failed_signing_leaves_the_counter_alone),
		T(other_index),
		T(no_tpm_is_a_clear_error),
		T(counter_moved_by_someone_else_stores_nothing),
		T(counter_and_value_together_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
