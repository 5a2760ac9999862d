/* luks-header.h - a LUKS1/LUKS2 header as libcryptsetup reads it: UUID, SHA-256 of its backup. */
#ifndef VIGIL_LUKS_HEADER_H
#define VIGIL_LUKS_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define LUKS_UUID_MAX 40	/* the header's UUID field, NUL included */

struct luks_header {
	char type[8];			/* "LUKS1" or "LUKS2" */
	char uuid[LUKS_UUID_MAX];	/* as in the header, other than [0-9A-Za-z-] shown as '?' */
	uint8_t digest[SHA256_LEN];	/* SHA-256 of the header backup */
};

/*
 * Read the LUKS header on device (a block device or an image file) and hash
 * its backup: the exact bytes crypt_header_backup() writes, which is the file
 * `cryptsetup luksHeaderBackup` makes, so anyone can compute the digest with
 * cryptsetup and sha256sum. That is the binary header and the keyslot area
 * (for LUKS2 both header copies with their JSON), not the data: the bytes
 * up to crypt_get_data_offset() would add any padding before the data,
 * which says nothing and which a backup leaves out (LUKS1 backups zero the
 * unused space after the binary header).
 *
 * The backup goes to a private directory made in tmpdir (RAM on the payload:
 * /run) and is removed at once. The header is only read: libcryptsetup's
 * metadata locking is switched off for this process, which also stops LUKS2
 * from "repairing" one header copy from the other on disk while it loads.
 * Returns 0, or -1 with err naming device and what libcryptsetup said.
 */
int luks_header_read(const char *device, const char *tmpdir, struct luks_header *h,
		     char *err, size_t errlen);

#endif
