/* gpg-home.h - throw-away GnuPG homes in memory, for secret keys that must never reach a disk. */
#ifndef VIGIL_GPG_HOME_H
#define VIGIL_GPG_HOME_H

#include <stdbool.h>
#include <stddef.h>

#define GPG_HOME_NAME "vigil-gnupg-"	/* every home made here is BASE/vigil-gnupg-XXXXXX */
#define GPG_HOME_MAX 96			/* gpg-agent's socket path must stay short */

/* Is path on a file system in memory (tmpfs, ramfs: the initramfs' root)? */
bool gpg_home_in_memory(const char *path);

/*
 * Make a new, empty GnuPG home (mode 0700) below base, which must be in
 * memory: dir (GPG_HOME_MAX bytes) gets its path. Its gpg-agent caches no
 * passphrase and takes them through gpgme's loopback. 0, or -1 with err.
 */
int gpg_home_new(const char *base, char dir[GPG_HOME_MAX], char *err, size_t errlen);

/*
 * Write scdaemon.conf into the GnuPG home dir: cards through pcscd (PC/SC)
 * only. gpg_home_new() does it; this is for homes made elsewhere (the ROM
 * keyring). 0, or -1 with err.
 */
int gpg_home_card_conf(const char *dir, char *err, size_t errlen);

/*
 * Stop the home's gpg-agent and scdaemon, overwrite its files with zeros
 * and remove it. Only a home made by gpg_home_new() is removed; "" is fine.
 */
void gpg_home_remove(const char *dir);

#endif
