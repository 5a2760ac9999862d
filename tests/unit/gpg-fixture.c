/* gpg-fixture.c - make test keys with the real gpg and build an owner and a ROM keyring. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "gpg-fixture.h"

static int write_text(const char *path, const char *text)
{
	return file_write_atomic(path, text, strlen(text), 0600);
}

/* gpg --quick-gen-key in the owner's home; fingerprint looked up by the uid afterwards. */
static int gen_key(struct gpg_fixture *f, const char *uid, const char *algo, const char *expire,
		   const char *faked_time, const char *passphrase, char fpr[GPG_FPR_MAX + 1])
{
	char *argv[20];
	int n = 0;
	gpgme_ctx_t ctx;
	gpgme_key_t key;
	char err[256], pattern[128];

	argv[n++] = "gpg";
	argv[n++] = "--homedir";
	argv[n++] = f->owner;
	argv[n++] = "--batch";
	argv[n++] = "--quiet";
	argv[n++] = "--pinentry-mode";
	argv[n++] = "loopback";
	argv[n++] = "--passphrase";
	argv[n++] = (char *)passphrase;
	if (faked_time) {
		argv[n++] = "--faked-system-time";
		argv[n++] = (char *)faked_time;
	}
	argv[n++] = "--quick-gen-key";
	argv[n++] = (char *)uid;
	argv[n++] = (char *)algo;
	argv[n++] = "sign";
	argv[n++] = (char *)expire;
	argv[n] = NULL;
	if (spawn_wait(argv) != 0) {
		fprintf(stderr, "gpg-fixture: gpg --quick-gen-key %s failed\n", uid);
		return -1;
	}
	/* "=uid" matches the whole user id, not a substring of another one. */
	snprintf(pattern, sizeof(pattern), "=%s", uid);
	key = NULL;
	ctx = gpg_context(f->owner, err, sizeof(err));
	if (ctx && !gpgme_op_keylist_start(ctx, pattern, 1)) {
		gpgme_op_keylist_next(ctx, &key);
		gpgme_op_keylist_end(ctx);
	}
	if (!key) {
		fprintf(stderr, "gpg-fixture: no key for %s\n", uid);
		if (ctx)
			gpgme_release(ctx);
		return -1;
	}
	snprintf(fpr, GPG_FPR_MAX + 1, "%s", key->fpr);
	gpgme_key_unref(key);
	gpgme_release(ctx);
	return 0;
}

/* Copy public keys (patterns) from the owner's keyring into the ROM keyring. */
static int export_to_rom(struct gpg_fixture *f, const char *patterns[])
{
	gpgme_ctx_t from, to;
	gpgme_data_t data;
	char err[256];
	int ret = -1;

	from = gpg_context(f->owner, err, sizeof(err));
	to = gpg_context(f->rom, err, sizeof(err));
	if (from && to && !gpgme_data_new(&data)) {
		if (!gpgme_op_export_ext(from, patterns, 0, data)) {
			gpgme_data_seek(data, 0, SEEK_SET);
			ret = gpgme_op_import(to, data) ? -1 : 0;
		}
		gpgme_data_release(data);
	}
	if (from)
		gpgme_release(from);
	if (to)
		gpgme_release(to);
	return ret;
}

/*
 * gpg writes a revocation certificate for every new key, with the armor line
 * "defused" by a leading ':'. Remove that and import it into the ROM keyring.
 */
static int revoke_in_rom(struct gpg_fixture *f, const char *fpr)
{
	char path[256], err[256], *text, *colon;
	gpgme_data_t data;
	gpgme_ctx_t ctx;
	size_t len;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/openpgp-revocs.d/%s.rev", f->owner, fpr);
	text = file_read_all(path, &len, 1 << 20);
	if (!text)
		return -1;
	colon = strstr(text, ":-----BEGIN PGP PUBLIC KEY BLOCK-----");
	if (colon) {
		*colon = ' ';
		ctx = gpg_context(f->rom, err, sizeof(err));
		if (ctx && !gpgme_data_new_from_mem(&data, colon + 1, strlen(colon + 1), 0)) {
			gpgme_import_result_t res;

			if (!gpgme_op_import(ctx, data)) {
				res = gpgme_op_import_result(ctx);
				ret = res && res->new_revocations == 1 ? 0 : -1;
			}
			gpgme_data_release(data);
		}
		if (ctx)
			gpgme_release(ctx);
	}
	free(text);
	return ret;
}

int gpg_fixture_setup(struct gpg_fixture *f)
{
	char conf[128];
	const char *rom_keys[6];

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/vigil-gpg-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->owner, sizeof(f->owner), "%s/owner", f->dir);
	snprintf(f->rom, sizeof(f->rom), "%s/rom", f->dir);
	if (mkdir(f->owner, 0700) < 0 || mkdir(f->rom, 0700) < 0)
		return -1;
	/* No cached passphrases: each test that needs the PIN must supply it. */
	snprintf(conf, sizeof(conf), "%s/gpg-agent.conf", f->owner);
	if (write_text(conf, "default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n") < 0)
		return -1;
	if (gen_key(f, "RSA Owner <rsa@vigil.test>", "rsa3072", "never", NULL, "", f->rsa) < 0 ||
	    gen_key(f, "Ed Owner <ed@vigil.test>", "ed25519", "never", NULL, "", f->ed) < 0 ||
	    gen_key(f, "Stranger <stranger@vigil.test>", "ed25519", "never", NULL, "",
		    f->stranger) < 0 ||
	    gen_key(f, "Expired <expired@vigil.test>", "ed25519", "1d", "20200101T000000", "",
		    f->expired) < 0 ||
	    gen_key(f, "Revoked <revoked@vigil.test>", "ed25519", "never", NULL, "", f->revoked) < 0 ||
	    gen_key(f, "Locked <locked@vigil.test>", "ed25519", "never", NULL, GPG_FIXTURE_PIN,
		    f->locked) < 0)
		return -1;
	rom_keys[0] = f->rsa;
	rom_keys[1] = f->ed;
	rom_keys[2] = f->expired;
	rom_keys[3] = f->revoked;
	rom_keys[4] = f->locked;
	rom_keys[5] = NULL;
	if (export_to_rom(f, rom_keys) < 0 || revoke_in_rom(f, f->revoked) < 0) {
		fprintf(stderr, "gpg-fixture: cannot build the ROM keyring\n");
		return -1;
	}
	return 0;
}

static void kill_agent(const char *home)
{
	char *argv[] = { "gpgconf", "--homedir", (char *)home, "--kill", "all", NULL };

	spawn_wait(argv);
}

void gpg_fixture_teardown(struct gpg_fixture *f)
{
	char *argv[] = { "rm", "-rf", "--", f->dir, NULL };

	if (!f->dir[0] || strncmp(f->dir, "/tmp/vigil-gpg-", 15))
		return;
	kill_agent(f->owner);
	kill_agent(f->rom);
	spawn_wait(argv);
}

int gpg_fixture_sign_at(const struct gpg_fixture *f, const char *fpr, const char *faked_time,
			const char *file, const char *sig_out)
{
	char *argv[] = { "gpg", "--homedir", (char *)f->owner, "--batch", "--quiet", "--yes",
			 "--pinentry-mode", "loopback", "--passphrase", "",
			 "--faked-system-time", (char *)faked_time, "--local-user", (char *)fpr,
			 "--armor", "--detach-sign", "--output", (char *)sig_out, (char *)file, NULL };

	return spawn_wait(argv) == 0 ? 0 : -1;
}
