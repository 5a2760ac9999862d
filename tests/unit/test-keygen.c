/* test-keygen.c - keys made in memory with the real gpg; their backups restore with the passphrase and only with it. */
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

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/gpg-home.h"
#include "crypto/key-backup.h"
#include "crypto/keygen.h"

#define MEMORY "/dev/shm"
#define UID "Owner <owner@vigil.test>"
#define PASSPHRASE "abacus zebra yodel xylophone abide"

/* One ed25519 key for the whole program (made in the group setup). */
static struct {
	char home[GPG_HOME_MAX];
	char fpr[GPG_FPR_MAX + 1];
	struct secret *pass;
	char usb[64];		/* stands for the mounted USB drive */
} k;

static void rm_rf(const char *path)
{
	char *argv[] = { "rm", "-rf", "--", (char *)path, NULL };

	spawn_wait(argv);
}

static int group_setup(void **state)
{
	struct keygen_opts o = { .uid = UID, .algo = KEYGEN_ED25519 };
	char err[512];

	if (!gpg_home_in_memory(MEMORY)) {
		fprintf(stderr, "test-keygen: %s is not a tmpfs here\n", MEMORY);
		return -1;
	}
	k.pass = secret_from(PASSPHRASE, strlen(PASSPHRASE));
	snprintf(k.usb, sizeof(k.usb), "/tmp/vigil-usb-XXXXXX");
	if (!mkdtemp(k.usb) || gpg_home_new(MEMORY, k.home, err, sizeof(err)) < 0) {
		fprintf(stderr, "test-keygen: %s\n", err);
		return -1;
	}
	o.homedir = k.home;
	o.passphrase = k.pass;
	if (keygen_create(&o, k.fpr, err, sizeof(err)) < 0) {
		fprintf(stderr, "test-keygen: %s\n", err);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	gpg_home_remove(k.home);
	rm_rf(k.usb);
	secret_free(k.pass);
	return 0;
}

static gpgme_key_t secret_key(const char *home, const char *fpr)
{
	char err[256];
	gpgme_ctx_t ctx = gpg_context(home, err, sizeof(err));
	gpgme_key_t key = NULL;

	assert_non_null(ctx);
	assert_int_equal(gpgme_get_key(ctx, fpr, &key, 1), 0);
	gpgme_release(ctx);
	return key;
}

static void homes_are_made_only_in_memory(void **state)
{
	char dir[GPG_HOME_MAX], err[256], other[64];
	struct stat st;

	assert_int_equal(gpg_home_new(MEMORY, dir, err, sizeof(err)), 0);
	assert_int_equal(strncmp(dir, MEMORY "/" GPG_HOME_NAME, strlen(MEMORY "/" GPG_HOME_NAME)), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	gpg_home_remove(dir);
	assert_int_equal(stat(dir, &st), -1);

	/* Only what gpg_home_new() made is ever removed. */
	snprintf(other, sizeof(other), "/tmp/vigil-not-a-home-XXXXXX");
	assert_non_null(mkdtemp(other));
	gpg_home_remove(other);
	assert_int_equal(stat(other, &st), 0);
	rmdir(other);

	if (gpg_home_in_memory("/var/tmp"))
		skip();
	assert_int_equal(gpg_home_new("/var/tmp", dir, err, sizeof(err)), -1);
	assert_string_equal(dir, "");
	assert_non_null(strstr(err, "/var/tmp is not in memory"));
}

static void the_key_is_ed25519_and_signs(void **state)
{
	gpgme_key_t key = secret_key(k.home, k.fpr);

	assert_int_equal(strlen(k.fpr), 40);
	assert_string_equal(key->uids->uid, UID);
	assert_null(key->uids->next);
	assert_int_equal(key->subkeys->pubkey_algo, GPGME_PK_EDDSA);
	assert_true(key->subkeys->can_sign);
	assert_true(key->subkeys->can_certify);
	assert_false(key->subkeys->can_encrypt);
	assert_true(key->subkeys->secret);
	assert_false(key->subkeys->is_cardkey);
	assert_int_equal(key->subkeys->expires, 0);
	assert_null(key->subkeys->next);
	gpgme_key_unref(key);
}

static void bad_requests_are_refused(void **state)
{
	struct keygen_opts o = { .homedir = k.home, .uid = UID, .passphrase = k.pass };
	struct secret *empty = secret_from("", 0), *newline = secret_from("a\nb", 3);
	char fpr[GPG_FPR_MAX + 1], err[512], disk[64];

	/* One key per home: a retry starts from a new one. */
	assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), -1);
	assert_non_null(strstr(err, k.fpr));
	assert_non_null(strstr(err, "already holds"));

	o.passphrase = empty;
	assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "needs a passphrase"));
	o.passphrase = newline;
	assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line break"));
	o.passphrase = k.pass;
	o.uid = "";
	assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "user id"));

	o.uid = UID;
	snprintf(disk, sizeof(disk), "/var/tmp/vigil-disk-home-XXXXXX");
	assert_non_null(mkdtemp(disk));
	o.homedir = disk;
	if (!gpg_home_in_memory(disk)) {
		assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "not in memory"));
	}
	rmdir(disk);
	secret_free(empty);
	secret_free(newline);
}

/* gpg (the command, not vigil) in a fresh home on the "other computer". */
static int gpg_cli(const char *home, const char *a, const char *b, const char *c, const char *d,
		   const char *e, const char *f)
{
	char *argv[] = { "gpg", "--homedir", (char *)home, "--batch", "--quiet", "--yes",
			 "--pinentry-mode", "loopback", (char *)a, (char *)b, (char *)c, (char *)d,
			 (char *)e, (char *)f, NULL };

	return spawn_wait(argv);
}

static void fresh_home(char *dir, size_t len)
{
	char conf[128];
	static const char agent[] = "default-cache-ttl 0\nmax-cache-ttl 0\n";

	snprintf(dir, len, "/tmp/vigil-restore-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/gpg-agent.conf", dir);
	assert_int_equal(file_write_atomic(conf, agent, strlen(agent), 0600), 0);
}

static void drop_home(const char *dir)
{
	char *argv[] = { "gpgconf", "--homedir", (char *)dir, "--kill", "all", NULL };

	spawn_wait(argv);
	rm_rf(dir);
}

static void mode_is(const char *path, unsigned mode)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, mode);
}

static void the_backup_restores_with_the_passphrase_only(void **state)
{
	struct key_backup files;
	char err[512], home[64], pub[64], data[128], sig[128];
	char *text;
	size_t len;

	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, k.usb, &files, err, sizeof(err)),
			 0);
	mode_is(files.secret, 0600);
	mode_is(files.public, 0644);
	mode_is(files.revocation, 0600);
	text = file_read_all(files.secret, &len, 1 << 20);
	assert_non_null(text);
	assert_non_null(strstr(text, "-----BEGIN PGP PRIVATE KEY BLOCK-----"));
	free(text);
	text = file_read_all(files.revocation, &len, 1 << 20);
	assert_non_null(text);
	assert_non_null(strstr(text, k.fpr));
	assert_non_null(strstr(text, "BEGIN PGP PUBLIC KEY BLOCK"));
	free(text);

	/* Restored elsewhere with plain gpg: the secret key signs with the passphrase only. */
	fresh_home(home, sizeof(home));
	snprintf(data, sizeof(data), "%s/data", home);
	snprintf(sig, sizeof(sig), "%s/data.sig", home);
	assert_int_equal(file_write_atomic(data, "signed text\n", 12, 0600), 0);
	assert_int_equal(gpg_cli(home, "--import", files.secret, NULL, NULL, NULL, NULL), 0);
	assert_int_not_equal(gpg_cli(home, "--passphrase", "", "--output", sig, "--detach-sign",
				     data), 0);
	assert_int_not_equal(gpg_cli(home, "--passphrase", "abacus zebra", "--output", sig,
				     "--detach-sign", data), 0);
	assert_int_equal(gpg_cli(home, "--passphrase", PASSPHRASE, "--output", sig, "--detach-sign",
				 data), 0);

	/* ... and the public file alone verifies it. */
	fresh_home(pub, sizeof(pub));
	assert_int_equal(gpg_cli(pub, "--import", files.public, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(gpg_cli(pub, "--verify", sig, data, NULL, NULL, NULL), 0);
	drop_home(home);
	drop_home(pub);

	/* The in-memory key is untouched by the export. */
	gpgme_key_unref(secret_key(k.home, k.fpr));
}

static void a_wrong_passphrase_fails_the_check(void **state)
{
	struct secret *wrong = secret_from("abacus zebra", 12);
	struct key_backup files;
	char err[512];

	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, k.usb, &files, err, sizeof(err)),
			 0);
	assert_int_equal(key_backup_check(&files, k.fpr, k.pass, MEMORY, err, sizeof(err)), 0);
	assert_int_equal(key_backup_check(&files, k.fpr, wrong, MEMORY, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not unlock"));
	assert_non_null(strstr(err, files.secret));
	secret_free(wrong);
}

/* Another key's files under this key's names: the check says which file is wrong. */
static void another_keys_files_fail_the_check(void **state)
{
	struct keygen_opts o = { .uid = "Other <other@vigil.test>", .algo = KEYGEN_ED25519,
				 .passphrase = k.pass };
	char home[GPG_HOME_MAX], fpr[GPG_FPR_MAX + 1], err[512], usb[64];
	struct key_backup mine, other;
	char *text;
	size_t len;

	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, k.usb, &mine, err, sizeof(err)),
			 0);
	assert_int_equal(gpg_home_new(MEMORY, home, err, sizeof(err)), 0);
	o.homedir = home;
	assert_int_equal(keygen_create(&o, fpr, err, sizeof(err)), 0);
	snprintf(usb, sizeof(usb), "/tmp/vigil-usb-XXXXXX");
	assert_non_null(mkdtemp(usb));
	assert_int_equal(key_backup_write(home, fpr, k.pass, usb, &other, err, sizeof(err)), 0);

	strcpy(other.secret, mine.secret);	/* the other key's public file with our secret */
	assert_int_equal(key_backup_check(&other, fpr, k.pass, MEMORY, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not hold the secret key"));
	assert_non_null(strstr(err, mine.secret));

	/* Our names, the other key's public key inside. */
	text = file_read_all(other.public, &len, 1 << 20);
	assert_non_null(text);
	assert_int_equal(file_write_atomic(mine.public, text, len, 0644), 0);
	free(text);
	assert_int_equal(key_backup_check(&mine, k.fpr, k.pass, MEMORY, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not hold the public key"));
	assert_non_null(strstr(err, mine.public));

	gpg_home_remove(home);
	rm_rf(usb);
	/* Repaired by writing the backup again. */
	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, k.usb, &mine, err, sizeof(err)),
			 0);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* A write that fails half-way takes back what it wrote; the step then succeeds on its own. */
static void a_failed_backup_leaves_nothing_behind(void **state)
{
	struct key_backup files;
	char usb[64], blocker[256], err[512];

	snprintf(usb, sizeof(usb), "/tmp/vigil-usb-XXXXXX");
	assert_non_null(mkdtemp(usb));
	/* A directory where the revocation certificate goes: the third write fails. */
	snprintf(blocker, sizeof(blocker), "%s/%s-revocation.asc", usb, k.fpr);
	assert_int_equal(mkdir(blocker, 0700), 0);
	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, usb, &files, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, blocker));
	assert_false(exists(files.secret));
	assert_false(exists(files.public));
	assert_true(exists(blocker));	/* not ours to remove */

	rmdir(blocker);
	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, usb, &files, err, sizeof(err)), 0);
	assert_true(exists(files.secret));
	assert_true(exists(files.public));
	assert_true(exists(files.revocation));

	snprintf(blocker, sizeof(blocker), "%s/unplugged", usb);
	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, blocker, &files, err,
					  sizeof(err)), -1);
	assert_non_null(strstr(err, blocker));
	rm_rf(usb);
}

/*
 * A home without the secret key (only its public half) is refused and writes
 * nothing. (A card's stub after keytocard is refused the same way, by its
 * is_cardkey flag; that needs a card to test.)
 */
static void no_backup_without_the_secret_key(void **state)
{
	char home[GPG_HOME_MAX], err[512], usb[64];
	struct key_backup files;
	struct stat st;

	assert_int_equal(key_backup_write(k.home, k.fpr, k.pass, k.usb, &files, err, sizeof(err)),
			 0);
	assert_int_equal(gpg_home_new(MEMORY, home, err, sizeof(err)), 0);
	assert_int_equal(gpg_cli(home, "--import", files.public, NULL, NULL, NULL, NULL), 0);
	snprintf(usb, sizeof(usb), "/tmp/vigil-usb-XXXXXX");
	assert_non_null(mkdtemp(usb));
	assert_int_equal(key_backup_write(home, k.fpr, k.pass, usb, &files, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no secret key"));
	assert_non_null(strstr(err, home));
	assert_int_equal(rmdir(usb), 0);	/* empty */
	assert_int_equal(stat(usb, &st), -1);
	gpg_home_remove(home);
}

/* A key on a card: its public key and revocation certificate only; a blocked write leaves none. */
static void a_card_keys_public_half_and_revocation(void **state)
{
	struct key_backup files;
	char usb[64], blocker[256], pub[64], err[512];
	char *text;
	size_t len;

	snprintf(usb, sizeof(usb), "/tmp/vigil-usb-XXXXXX");
	assert_non_null(mkdtemp(usb));
	snprintf(blocker, sizeof(blocker), "%s/%s-revocation.asc", usb, k.fpr);
	assert_int_equal(mkdir(blocker, 0700), 0);
	assert_int_equal(key_backup_write_public(k.home, k.fpr, usb, &files, err, sizeof(err)), -1);
	assert_non_null(strstr(err, blocker));
	assert_false(exists(files.public));
	rmdir(blocker);

	if (key_backup_write_public(k.home, k.fpr, usb, &files, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_string_equal(files.secret, "");
	mode_is(files.public, 0644);
	mode_is(files.revocation, 0600);
	text = file_read_all(files.revocation, &len, 1 << 20);
	assert_non_null(text);
	assert_non_null(strstr(text, k.fpr));
	free(text);
	fresh_home(pub, sizeof(pub));
	assert_int_equal(gpg_cli(pub, "--import", files.public, NULL, NULL, NULL, NULL), 0);
	drop_home(pub);
	rm_rf(usb);
}

/* Every home reaches cards through pcscd (scdaemon's own CCID driver refuses QEMU's reader). */
static void new_homes_use_pcscd_for_cards(void **state)
{
	char path[GPG_HOME_MAX + 32], *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/scdaemon.conf", k.home);
	text = file_read_all(path, &len, 4096);
	assert_non_null(text);
	assert_non_null(strstr(text, "disable-ccid\n"));
	free(text);
	mode_is(path, 0600);
}

static void an_rsa3072_key(void **state)
{
	struct keygen_opts o = { .uid = "RSA Owner <rsa@vigil.test>", .algo = KEYGEN_RSA3072,
				 .passphrase = k.pass };
	char home[GPG_HOME_MAX], fpr[GPG_FPR_MAX + 1], err[512];
	struct key_backup files;
	gpgme_key_t key;

	assert_int_equal(gpg_home_new(MEMORY, home, err, sizeof(err)), 0);
	o.homedir = home;
	if (keygen_create(&o, fpr, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	key = secret_key(home, fpr);
	assert_int_equal(key->subkeys->pubkey_algo, GPGME_PK_RSA);
	assert_int_equal(key->subkeys->length, 3072);
	assert_true(key->subkeys->can_sign);
	gpgme_key_unref(key);
	if (key_backup_write(home, fpr, k.pass, k.usb, &files, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	gpg_home_remove(home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(homes_are_made_only_in_memory),
		cmocka_unit_test(the_key_is_ed25519_and_signs),
		cmocka_unit_test(bad_requests_are_refused),
		cmocka_unit_test(the_backup_restores_with_the_passphrase_only),
		cmocka_unit_test(a_wrong_passphrase_fails_the_check),
		cmocka_unit_test(another_keys_files_fail_the_check),
		cmocka_unit_test(a_failed_backup_leaves_nothing_behind),
		cmocka_unit_test(no_backup_without_the_secret_key),
		cmocka_unit_test(a_card_keys_public_half_and_revocation),
		cmocka_unit_test(new_homes_use_pcscd_for_cards),
		cmocka_unit_test(an_rsa3072_key),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
