/* key-backup.h - save a new key to removable media (encrypted secret key, public key, revocation) and prove the copy restores. */
#ifndef VIGIL_KEY_BACKUP_H
#define VIGIL_KEY_BACKUP_H

#include <stddef.h>

#include "crypto/gpg.h"
#include "crypto/secret.h"

#define KEY_BACKUP_PATH_MAX 512

/* The files in the backup directory, named after the key's fingerprint. */
struct key_backup {
	char secret[KEY_BACKUP_PATH_MAX];	/* FPR-secret.asc: protected by the passphrase, 0600 */
	char public[KEY_BACKUP_PATH_MAX];	/* FPR-public.asc, 0644 */
	char revocation[KEY_BACKUP_PATH_MAX];	/* FPR-revocation.asc: gpg's, its armor "defused", 0600 */
};

/*
 * Export the secret key fpr of homedir (armoured, still encrypted with its
 * passphrase, which gpg needs for the export), its public key and its
 * revocation certificate into dir, each file written atomically, then check
 * the copy with key_backup_check() (in a scratch home next to homedir, which
 * must be in memory). On any failure the files this call created are
 * removed again, so dir holds a complete, checked backup or none from this
 * call. Refused when the secret key is already on a card (the home holds a
 * stub then). 0, or -1 with err.
 */
int key_backup_write(const char *homedir, const char *fpr, const struct secret *passphrase,
		     const char *dir, struct key_backup *files, char *err, size_t errlen);

/*
 * For a key whose secret lives only on a card: its public key and
 * revocation certificate into dir (files->secret stays empty), written
 * atomically, the public file checked by importing it into a scratch home
 * next to homedir. On failure the files this call created are removed
 * again. 0, or -1 with err.
 */
int key_backup_write_public(const char *homedir, const char *fpr, const char *dir,
			    struct key_backup *files, char *err, size_t errlen);

/*
 * Does the backup restore? Import its public and secret files into a new
 * home below scratch_base (in memory), make sure both hold key fpr, and sign
 * and verify a test text with the restored key unlocked by passphrase.
 * 0, or -1 with err naming the file or saying the passphrase does not unlock it.
 */
int key_backup_check(const struct key_backup *files, const char *fpr,
		     const struct secret *passphrase, const char *scratch_base,
		     char *err, size_t errlen);

#endif
