/* test-verify.c - sign with real gpg keys, then tamper: every change is refused with its cause and file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/bootverify.h"
#include "crypto/manifest-store.h"
#include "crypto/sign.h"
#include "gpg-fixture.h"

static struct gpg_fixture keys;

struct boot {
	char root[64];
	struct bootverify_result res;
};

static int group_setup(void **state)
{
	return gpg_fixture_setup(&keys);
}

static int group_teardown(void **state)
{
	gpg_fixture_teardown(&keys);
	return 0;
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644), 0);
}

static void sub(const char *root, const char *rel, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", root, rel);
}

/* A small Debian-like /boot: kernel, initrd, config, grub.cfg, a symlink. */
static int boot_setup(void **state)
{
	struct boot *b = calloc(1, sizeof(*b));
	char path[512];

	snprintf(b->root, sizeof(b->root), "/tmp/vigil-verify-XXXXXX");
	assert_non_null(mkdtemp(b->root));
	sub(b->root, "grub", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ kernel image bytes ........................\n");
	put(b->root, "initrd.img-6.1.0-18-amd64", "070701 initramfs cpio\n");
	put(b->root, "config-6.1.0-18-amd64", "CONFIG_X86_64=y\n");
	put(b->root, "grub/grub.cfg", "menuentry 'Debian' { linux /vmlinuz-6.1.0-18-amd64 }\n");
	sub(b->root, "vmlinuz", path, sizeof(path));
	assert_int_equal(symlink("vmlinuz-6.1.0-18-amd64", path), 0);
	*state = b;
	return 0;
}

static int boot_teardown(void **state)
{
	struct boot *b = *state;
	char *argv[] = { "rm", "-rf", "--", b->root, NULL };

	spawn_wait(argv);
	free(b);
	return 0;
}

static void sign_with(struct boot *b, const char *fpr, const struct manifest_counter *counter)
{
	struct sign_opts opts = { .gnupghome = keys.owner, .key = fpr };
	struct sign_result res;
	char err[1024];

	if (counter)
		opts.counter = *counter;
	if (sign_boot(b->root, &opts, &res, err, sizeof(err)) < 0)
		fail_msg("signing %s with %s: %s", b->root, fpr, err);
	assert_string_equal(res.signer.fpr, fpr);
}

static enum bootverify_status verify_tpm(struct boot *b, const struct manifest_counter *tpm)
{
	struct bootverify_opts opts = { .gnupghome = keys.rom };

	if (tpm)
		opts.tpm = *tpm;
	return bootverify(b->root, &opts, &b->res);
}

static enum bootverify_status verify(struct boot *b)
{
	return verify_tpm(b, NULL);
}

/* Assert the cause and the file; print the message when it is not what we expected. */
static void expect(struct boot *b, enum bootverify_status got, enum bootverify_status want,
		   const char *file)
{
	if (got != want)
		fail_msg("expected %s, got %s: %s", bootverify_status_name(want),
			 bootverify_status_name(got), b->res.message);
	assert_int_equal(b->res.status, want);
	assert_string_equal(b->res.file, file);
	assert_non_null(strstr(b->res.message, file));
}

static void untouched_verifies_rsa(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.rsa, NULL);
	expect(b, verify(b), BV_OK, "");
	assert_int_equal(b->res.files, 5);
	assert_string_equal(b->res.signer.fpr, keys.rsa);
	assert_string_equal(b->res.signer.uid, "RSA Owner <rsa@vigil.test>");
	assert_false(b->res.counter_checked);
}

static void untouched_verifies_ed25519(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.ed, NULL);
	expect(b, verify(b), BV_OK, "");
	assert_string_equal(b->res.signer.fpr, keys.ed);
}

static void kernel_modified(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.ed, NULL);
	/* Same size, one byte different: only the hash can tell. */
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ kernel image bytes .......................!\n");
	expect(b, verify(b), BV_FILE_MODIFIED, "vmlinuz-6.1.0-18-amd64");
	assert_non_null(strstr(b->res.message, "contents differ"));
}

static void initrd_and_grub_cfg_modified(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.ed, NULL);
	put(b->root, "grub/grub.cfg", "menuentry 'Debian' { linux /evil }\n");
	expect(b, verify(b), BV_FILE_MODIFIED, "grub/grub.cfg");
	sign_with(b, keys.ed, NULL);
	put(b->root, "initrd.img-6.1.0-18-amd64", "070701 initramfs cpio with a backdoor\n");
	expect(b, verify(b), BV_FILE_MODIFIED, "initrd.img-6.1.0-18-amd64");
	assert_non_null(strstr(b->res.message, "signed as"));
}

static void file_added(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.rsa, NULL);
	put(b->root, "grub/custom.cfg", "set root=evil\n");
	expect(b, verify(b), BV_FILE_ADDED, "grub/custom.cfg");
}

static void file_removed(void **state)
{
	struct boot *b = *state;
	char path[512];

	sign_with(b, keys.rsa, NULL);
	sub(b->root, "config-6.1.0-18-amd64", path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	expect(b, verify(b), BV_FILE_REMOVED, "config-6.1.0-18-amd64");
}

static void link_retargeted(void **state)
{
	struct boot *b = *state;
	char path[512];

	sign_with(b, keys.ed, NULL);
	sub(b->root, "vmlinuz", path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("/tmp/elsewhere", path), 0);
	expect(b, verify(b), BV_FILE_MODIFIED, "vmlinuz");
}

static void key_not_in_rom_keyring(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.stranger, NULL);
	expect(b, verify(b), BV_KEY_NOT_IN_ROM, "vigil/manifest.sig");
	/* The message names the key, so the owner knows which one signed. */
	assert_non_null(strstr(b->res.message, keys.stranger + 24));
}

static void signature_deleted(void **state)
{
	struct boot *b = *state;
	char path[512];

	sign_with(b, keys.ed, NULL);
	sub(b->root, "vigil/manifest.sig", path, sizeof(path));
	assert_int_equal(unlink(path), 0);
	expect(b, verify(b), BV_NO_SIGNATURE, "vigil/manifest.sig");
}

static void never_signed_is_no_manifest(void **state)
{
	struct boot *b = *state;

	expect(b, verify(b), BV_NO_MANIFEST, "vigil/manifest");
	sign_with(b, keys.ed, NULL);
	put(b->root, "vigil/manifest.sig", "");
	put(b->root, "vigil/unrelated", "x");
	{
		char path[512];

		sub(b->root, "vigil/manifest", path, sizeof(path));
		assert_int_equal(unlink(path), 0);
	}
	expect(b, verify(b), BV_NO_MANIFEST, "vigil/manifest");
}

static void manifest_truncated(void **state)
{
	struct boot *b = *state;
	char path[512];
	struct stat st;

	sign_with(b, keys.rsa, NULL);
	sub(b->root, "vigil/manifest", path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	expect(b, verify(b), BV_BAD_SIGNATURE, "vigil/manifest.sig");
}

static void manifest_edited_after_signing(void **state)
{
	struct boot *b = *state;
	char path[512], *text, *line;
	size_t len;

	sign_with(b, keys.ed, NULL);
	/* Put the hash of the attacker's kernel into the manifest: the signature breaks. */
	sub(b->root, "vigil/manifest", path, sizeof(path));
	text = file_read_all(path, &len, 1 << 20);
	assert_non_null(text);
	line = strstr(text, "\nfile ");
	assert_non_null(line);
	line[6] = line[6] == '0' ? '1' : '0';
	assert_int_equal(file_write_atomic(path, text, len, 0644), 0);
	free(text);
	expect(b, verify(b), BV_BAD_SIGNATURE, "vigil/manifest.sig");
}

static void garbage_signature(void **state)
{
	struct boot *b = *state;

	sign_with(b, keys.ed, NULL);
	put(b->root, "vigil/manifest.sig", "this is not a signature\n");
	expect(b, verify(b), BV_BAD_SIGNATURE, "vigil/manifest.sig");
	assert_non_null(strstr(b->res.message, "not an OpenPGP signature"));
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *text = file_read_all(from, &len, 1 << 20);

	assert_non_null(text);
	assert_int_equal(file_write_atomic(to, text, len, 0644), 0);
	free(text);
}

static void older_manifest_replayed(void **state)
{
	struct boot *b = *state;
	struct manifest_counter five = { true, MANIFEST_NV_INDEX_DEFAULT, 5 };
	struct manifest_counter six = { true, MANIFEST_NV_INDEX_DEFAULT, 6 };
	char m[512], s[512], old_m[512], old_s[512];

	sub(b->root, "vigil/manifest", m, sizeof(m));
	sub(b->root, "vigil/manifest.sig", s, sizeof(s));
	snprintf(old_m, sizeof(old_m), "%s.old-manifest", b->root);
	snprintf(old_s, sizeof(old_s), "%s.old-manifest.sig", b->root);
	sign_with(b, keys.rsa, &five);
	expect(b, verify_tpm(b, &five), BV_OK, "");
	assert_true(b->res.counter_checked);
	copy_file(m, old_m);
	copy_file(s, old_s);
	/* A kernel update: signed again, the TPM counter moves to 6. */
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ newer kernel\n");
	sign_with(b, keys.rsa, &six);
	expect(b, verify_tpm(b, &six), BV_OK, "");
	/* The attacker puts back the old kernel and its validly signed manifest. */
	put(b->root, "vmlinuz-6.1.0-18-amd64", "MZ kernel image bytes ........................\n");
	copy_file(old_m, m);
	copy_file(old_s, s);
	expect(b, verify_tpm(b, &six), BV_ROLLBACK, "vigil/manifest");
	assert_non_null(strstr(b->res.message, "counter 5, older than the TPM counter 6"));
	unlink(old_m);
	unlink(old_s);
}

static void counter_missing_or_for_another_index(void **state)
{
	struct boot *b = *state;
	struct manifest_counter tpm = { true, MANIFEST_NV_INDEX_DEFAULT, 1 };
	struct manifest_counter other = { true, 0x01000001, 1 };

	sign_with(b, keys.ed, NULL);
	expect(b, verify_tpm(b, &tpm), BV_ROLLBACK, "vigil/manifest");
	assert_non_null(strstr(b->res.message, "without a rollback counter"));
	sign_with(b, keys.ed, &other);
	expect(b, verify_tpm(b, &tpm), BV_COUNTER_MISMATCH, "vigil/manifest");
	/* A newer manifest than the TPM (signed, counter not yet bumped) is no rollback. */
	other.nv_index = MANIFEST_NV_INDEX_DEFAULT;
	other.value = 7;
	sign_with(b, keys.ed, &other);
	expect(b, verify_tpm(b, &tpm), BV_OK, "");
}

/* Build and store a manifest for b, signed by gpg itself at a faked time. */
static void sign_in_the_past(struct boot *b, const char *fpr, const char *when)
{
	struct manifest m;
	char err[512], text_path[128], sig_path[128], *text, *sig;
	size_t len, sig_len;

	assert_int_equal(manifest_build(b->root, NULL, NULL, &m, err, sizeof(err)), 0);
	text = manifest_format(&m, &len);
	manifest_free(&m);
	snprintf(text_path, sizeof(text_path), "%s.manifest", b->root);
	snprintf(sig_path, sizeof(sig_path), "%s.manifest.sig", b->root);
	assert_int_equal(file_write_atomic(text_path, text, len, 0644), 0);
	assert_int_equal(gpg_fixture_sign_at(&keys, fpr, when, text_path, sig_path), 0);
	sig = file_read_all(sig_path, &sig_len, 1 << 20);
	assert_non_null(sig);
	assert_int_equal(manifest_store_write(b->root, text, len, sig, sig_len, err, sizeof(err)), 0);
	free(text);
	free(sig);
	unlink(text_path);
	unlink(sig_path);
}

static void expired_key(void **state)
{
	struct boot *b = *state;

	/* Signed in 2020 while the key was valid; it expired a day later. */
	sign_in_the_past(b, keys.expired, "20200101T060000");
	expect(b, verify(b), BV_KEY_EXPIRED, "vigil/manifest.sig");
}

static void revoked_key(void **state)
{
	struct boot *b = *state;

	/* The owner's keyring does not know; the ROM keyring holds the revocation. */
	sign_with(b, keys.revoked, NULL);
	expect(b, verify(b), BV_KEY_REVOKED, "vigil/manifest.sig");
}

static void signed_but_malformed(void **state)
{
	struct boot *b = *state;
	struct gpg_sign_opts opts = { .homedir = keys.owner, .key = keys.ed };
	struct gpg_signer signer;
	const char *text = "vigil-manifest 2\ncounter none\nend 0\n";
	char err[512], *sig;
	size_t sig_len;

	assert_int_equal(gpg_sign_detached(&opts, text, strlen(text), &sig, &sig_len, &signer, err,
					   sizeof(err)), 0);
	assert_int_equal(manifest_store_write(b->root, text, strlen(text), sig, sig_len, err,
					      sizeof(err)), 0);
	free(sig);
	expect(b, verify(b), BV_MALFORMED, "vigil/manifest");
	assert_non_null(strstr(b->res.message, "vigil/manifest:1: unsupported manifest version"));
}

static void device_files_and_fifos_refused(void **state)
{
	struct boot *b = *state;
	char path[512];

	sign_with(b, keys.ed, NULL);
	sub(b->root, "grub/pipe", path, sizeof(path));
	assert_int_equal(mkfifo(path, 0644), 0);
	expect(b, verify(b), BV_SPECIAL_FILE, "grub/pipe");
}

static void odd_file_names_round_trip(void **state)
{
	struct boot *b = *state;

	put(b->root, "grub/with space", "a\n");
	put(b->root, "grub/new\nline", "b\n");
	put(b->root, "grub/back\\slash", "c\n");
	put(b->root, "grub/latin1-\xe9\xff", "d\n");
	put(b->root, "grub/utf8-\xc3\xa9t\xc3\xa9", "e\n");
	sign_with(b, keys.ed, NULL);
	expect(b, verify(b), BV_OK, "");
	assert_int_equal(b->res.files, 10);
	put(b->root, "grub/new\nline", "B\n");
	/* Named escaped: no raw newline or escape sequence reaches the screen. */
	expect(b, verify(b), BV_FILE_MODIFIED, "grub/new\\x0aline");
}

static void interrupted_signing_keeps_old_pair(void **state)
{
	struct boot *b = *state;
	char path[512], err[512];

	sign_with(b, keys.ed, NULL);
	/* Crash while staging: a half-written pair in the stage directory. */
	sub(b->root, ".vigil-stage", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	put(b->root, ".vigil-stage/manifest", "vigil-manifest 1\ncoun");
	expect(b, verify(b), BV_OK, "");
	/* Crash after the swap: the previous pair waits in the stage for removal. */
	sign_with(b, keys.rsa, NULL);
	assert_int_equal(access(path, F_OK), -1);	/* signing cleaned the stage */
	assert_int_equal(mkdir(path, 0755), 0);
	put(b->root, ".vigil-stage/manifest", "vigil-manifest 1\ncounter none\nend 0\n");
	put(b->root, ".vigil-stage/manifest.sig", "old signature");
	expect(b, verify(b), BV_OK, "");
	assert_string_equal(b->res.signer.fpr, keys.rsa);
	/* Only those two names are ignored there; anything else is an added file. */
	put(b->root, ".vigil-stage/kernel", "x");
	expect(b, verify(b), BV_FILE_ADDED, ".vigil-stage/kernel");
	assert_int_equal(manifest_store_clean(b->root, err, sizeof(err)), -1);
	assert_string_equal(err, ".vigil-stage: holds files vigil did not put there; remove them");
	sub(b->root, ".vigil-stage/kernel", path, sizeof(path));
	unlink(path);
	sign_with(b, keys.ed, NULL);
	sub(b->root, ".vigil-stage", path, sizeof(path));
	assert_int_equal(access(path, F_OK), -1);	/* cleaned up */
}

static void foreign_file_in_vigil_dir_refused_at_signing(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.ed };
	struct sign_result res;
	char err[1024];

	sign_with(b, keys.ed, NULL);
	put(b->root, "vigil/notes.txt", "x");
	expect(b, verify(b), BV_FILE_ADDED, "vigil/notes.txt");
	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_string_equal(err, "vigil/notes.txt: only the manifest and its signature belong in "
				 "vigil/; move it");
}

struct pin_log {
	int calls;
	const char *answer;
};

static int give_pin(void *ctx, const char *hint, bool again, char *pin, size_t len)
{
	struct pin_log *log = ctx;

	log->calls++;
	if (!log->answer || again)
		return -1;
	snprintf(pin, len, "%s", log->answer);
	return 0;
}

static void pin_through_callback(void **state)
{
	struct boot *b = *state;
	struct pin_log log = { 0, NULL };
	struct sign_opts opts = { .gnupghome = keys.owner, .key = keys.locked,
				  .pin = give_pin, .pin_ctx = &log };
	struct sign_result res;
	char err[1024];

	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_true(log.calls >= 1);
	assert_non_null(strstr(err, "signing with"));
	expect(b, verify(b), BV_NO_MANIFEST, "vigil/manifest");
	log.calls = 0;
	log.answer = GPG_FIXTURE_PIN;
	if (sign_boot(b->root, &opts, &res, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(log.calls, 1);
	expect(b, verify(b), BV_OK, "");
	assert_string_equal(b->res.signer.fpr, keys.locked);
}

static void key_choice(void **state)
{
	struct boot *b = *state;
	struct sign_opts opts = { .gnupghome = keys.owner };
	struct sign_result res;
	char err[1024];

	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "several signing keys"));
	opts.key = "0123456789ABCDEF0123456789ABCDEF01234567";
	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no secret key 0123456789ABCDEF"));
	opts.key = keys.expired;
	assert_int_equal(sign_boot(b->root, &opts, &res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot sign"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, boot_setup, boot_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(untouched_verifies_rsa),
		T(untouched_verifies_ed25519),
		T(kernel_modified),
		T(initrd_and_grub_cfg_modified),
		T(file_added),
		T(file_removed),
		T(link_retargeted),
		T(key_not_in_rom_keyring),
		T(signature_deleted),
		T(never_signed_is_no_manifest),
		T(manifest_truncated),
		T(manifest_edited_after_signing),
		T(garbage_signature),
		T(older_manifest_replayed),
		T(counter_missing_or_for_another_index),
		T(expired_key),
		T(revoked_key),
		T(signed_but_malformed),
		T(device_files_and_fifos_refused),
		T(odd_file_names_round_trip),
		T(interrupted_signing_keeps_old_pair),
		T(foreign_file_in_vigil_dir_refused_at_signing),
		T(pin_through_callback),
		T(key_choice),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
