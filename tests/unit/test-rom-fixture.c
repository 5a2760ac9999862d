/* test-rom-fixture.c - small ROMs through cbfstool create -M, and quick ed25519 keys through gpg --batch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "test-rom-fixture.h"

int rom_fixture_write(const char *path, const void *data, size_t len)
{
	return file_write_atomic(path, data, len, 0600);
}

static int gpg_run(struct rom_fixture *f, char **args, const char *out)
{
	char *argv[24];
	size_t n = 0;

	argv[n++] = "gpg";
	argv[n++] = "--homedir";
	argv[n++] = f->home;
	argv[n++] = "--batch";
	argv[n++] = "--quiet";
	argv[n++] = "--pinentry-mode";
	argv[n++] = "loopback";
	argv[n++] = "--passphrase";
	argv[n++] = "";
	while (*args)
		argv[n++] = *args++;
	argv[n] = NULL;
	return out ? spawn_wait_to_file(argv, out) : spawn_wait(argv);
}

/* The fingerprint gpg prints in --with-colons for the key with that uid. */
static int fingerprint(struct rom_fixture *f, const char *uid, char *fpr)
{
	char *out = xasprintf("%s/colons", f->dir), *text, *line;
	char *args[] = { "--with-colons", "--list-keys", (char *)uid, NULL };
	int ret = -1;

	if (gpg_run(f, args, out) == 0 && (text = file_read_all(out, NULL, 1 << 20))) {
		line = strstr(text, "\nfpr:");
		if (line && sscanf(line, "\nfpr:::::::::%64[0-9A-F]:", fpr) == 1)
			ret = 0;
		free(text);
	}
	unlink(out);
	free(out);
	return ret;
}

static int make_key(struct rom_fixture *f, const char *uid, char *fpr, char *pub_path,
		    const char *name)
{
	char *gen[] = { "--quick-gen-key", (char *)uid, "ed25519", "sign", "never", NULL };
	char *exp[] = { "--armor", "--export", NULL, NULL };

	if (gpg_run(f, gen, NULL) != 0 || fingerprint(f, uid, fpr) < 0)
		return -1;
	snprintf(pub_path, 96, "%s/%s", f->dir, name);
	exp[2] = fpr;
	return gpg_run(f, exp, pub_path) == 0 ? 0 : -1;
}

int rom_fixture_setup(struct rom_fixture *f)
{
	char *both[] = { "--armor", "--export", f->a, f->b, NULL };
	char *sec[] = { "--armor", "--export-secret-keys", f->b, NULL };

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/vigil-romtest-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->home, sizeof(f->home), "%s/home", f->dir);
	snprintf(f->both_pub, sizeof(f->both_pub), "%s/both.asc", f->dir);
	snprintf(f->b_sec, sizeof(f->b_sec), "%s/b-secret.asc", f->dir);
	if (mkdir(f->home, 0700) < 0 ||
	    make_key(f, "A <a@vigil.test>", f->a, f->a_pub, "a.asc") < 0 ||
	    make_key(f, "B <b@vigil.test>", f->b, f->b_pub, "b.asc") < 0 ||
	    gpg_run(f, both, f->both_pub) != 0 || gpg_run(f, sec, f->b_sec) != 0) {
		fprintf(stderr, "test-rom-fixture: cannot make keys with gpg\n");
		return -1;
	}
	return 0;
}

void rom_fixture_teardown(struct rom_fixture *f)
{
	char *kill[] = { "gpgconf", "--homedir", f->home, "--kill", "all", NULL };
	char *rm[] = { "rm", "-rf", "--", f->dir, NULL };

	if (strncmp(f->dir, "/tmp/vigil-romtest-", 19))
		return;
	spawn_wait(kill);
	spawn_wait(rm);
}

const char *rom_fixture_cbfstool(void)
{
	static const char *const candidates[] = { VIGIL_TEST_OUT "/cbfstool", "/usr/bin/cbfstool",
						  "/usr/local/bin/cbfstool" };
	const char *env = getenv("VIGIL_CBFSTOOL");
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (access(candidates[i], X_OK) == 0)
			return candidates[i];
	return NULL;
}

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_area(uint8_t *a, uint32_t off, uint32_t size, const char *name, uint16_t flags)
{
	put_le(a, off, 4);
	put_le(a + 4, size, 4);
	strncpy((char *)a + 8, name, 32);
	put_le(a + 40, flags, 2);
}

int rom_fixture_make_rom(const char *cbfstool, const char *path, size_t size, bool stages)
{
	static const char *const names[] = { "bootblock", "fallback/romstage", "fallback/postcar",
					     "fallback/ramstage", "fallback/payload" };
	uint8_t fmap[56 + 3 * 42] = { 0 };
	char *fmap_path = xasprintf("%s.fmap", path), *stage_path = xasprintf("%s.stage", path);
	char *create[] = { (char *)cbfstool, (char *)path, "create", "-M", fmap_path, "-r",
			   "COREBOOT", NULL };
	int ret = -1;
	size_t i;

	/* The layout of coreboot's default x86 fmd: the flash ends at 4 GiB. */
	memcpy(fmap, "__FMAP__", 8);
	fmap[8] = 1;
	fmap[9] = 1;
	put_le(fmap + 10, 0x100000000ull - size, 8);
	put_le(fmap + 18, size, 4);
	strncpy((char *)fmap + 22, "FLASH", 32);
	put_le(fmap + 54, 3, 2);
	put_area(fmap + 56, 0, (uint32_t)size, "BIOS", 0);
	put_area(fmap + 56 + 42, 0, 0x200, "FMAP", 1);
	put_area(fmap + 56 + 84, 0x200, (uint32_t)size - 0x200, "COREBOOT", 0);
	unlink(path);
	if (rom_fixture_write(fmap_path, fmap, sizeof(fmap)) < 0 || spawn_wait(create) != 0)
		goto out;
	for (i = 0; stages && i < sizeof(names) / sizeof(names[0]); i++) {
		char *add[] = { (char *)cbfstool, (char *)path, "add", "-f", stage_path, "-n",
				(char *)names[i], "-t", "raw", NULL };

		if (rom_fixture_write(stage_path, names[i], strlen(names[i])) < 0 ||
		    spawn_wait(add) != 0)
			goto out;
	}
	ret = 0;
out:
	unlink(fmap_path);
	unlink(stage_path);
	free(fmap_path);
	free(stage_path);
	return ret;
}
