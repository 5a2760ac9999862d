/* test-rom-fixture.h - for the ROM tests: small ROM files made by cbfstool, and OpenPGP keys made by gpg. */
#ifndef VIGIL_TEST_ROM_FIXTURE_H
#define VIGIL_TEST_ROM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "crypto/gpg.h"

struct rom_fixture {
	char dir[64];			/* removed at teardown */
	char home[96];			/* the owner's GnuPG home with both secret keys */
	char a_pub[96], b_pub[96];	/* armoured public key of each */
	char both_pub[96];		/* both public keys in one file */
	char b_sec[96];			/* B's secret key, armoured */
	char a[GPG_FPR_MAX + 1], b[GPG_FPR_MAX + 1];
};

/* A temporary folder and two ed25519 keys ("A <a@vigil.test>", "B <b@vigil.test>"). */
int rom_fixture_setup(struct rom_fixture *f);
void rom_fixture_teardown(struct rom_fixture *f);

/* cbfstool to test with: $VIGIL_CBFSTOOL, out/cbfstool, or one in PATH; NULL if none. */
const char *rom_fixture_cbfstool(void);

/*
 * Make a size-byte ROM at path with cbfstool create -M (FMAP: FMAP at 0,
 * COREBOOT after it), holding coreboot's five measured files as raw dummies
 * when stages is true, so that PCR 2 can be predicted.
 */
int rom_fixture_make_rom(const char *cbfstool, const char *path, size_t size, bool stages);

/* Write len bytes of text to path (0600); 0 or -1. */
int rom_fixture_write(const char *path, const void *data, size_t len);

#endif
