/* luks-header.c - hash a LUKS header's backup (crypt_header_backup), read its UUID. */
#include <errno.h>
#include <libcryptsetup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "hw/luks-header.h"

/* libcryptsetup's last error, for the message: it says what is wrong with the header. */
struct crypt_said {
	char last[256];
};

static void keep_error(int level, const char *msg, void *usrptr)
{
	struct crypt_said *said = usrptr;
	size_t n;

	if (level != CRYPT_LOG_ERROR || !msg)
		return;
	snprintf(said->last, sizeof(said->last), "%s", msg);
	n = strlen(said->last);
	while (n > 0 && (said->last[n - 1] == '\n' || said->last[n - 1] == '.'))
		said->last[--n] = '\0';
}

/* The header's text goes into the event log and onto consoles: nothing but a UUID's characters. */
static void copy_printable(char *out, size_t outlen, const char *in)
{
	size_t i;

	for (i = 0; in && in[i] && i + 1 < outlen; i++) {
		char c = in[i];
		int ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			 (c >= 'A' && c <= 'Z') || c == '-';

		out[i] = ok ? c : '?';
	}
	out[i] = '\0';
}

static void fail(char *err, size_t errlen, const char *device, const char *what, int r,
		 const struct crypt_said *said)
{
	snprintf(err, errlen, "%s: %s: %s", device, what,
		 said->last[0] ? said->last : strerror(r < 0 ? -r : r));
}

/* Back the header up into a fresh private directory in tmpdir, hash it, remove both. */
static int hash_backup(struct crypt_device *cd, const char *device, const char *tmpdir,
		       struct luks_header *h, const struct crypt_said *said,
		       char *err, size_t errlen)
{
	char *dir = xasprintf("%s/luks-header.XXXXXX", tmpdir), *file = NULL;
	int r, ret = -1;

	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "%s: cannot make a directory in %s for its header backup: %s",
			 device, tmpdir, strerror(errno));
		goto out;
	}
	file = xasprintf("%s/header", dir);
	r = crypt_header_backup(cd, NULL, file);
	if (r < 0) {
		fail(err, errlen, device, "cannot back up the LUKS header", r, said);
	} else if (hash_sha256_file(file, h->digest) < 0) {
		snprintf(err, errlen, "%s: cannot read its header backup %s: %s", device, file,
			 strerror(errno));
	} else {
		ret = 0;
	}
	unlink(file);
	rmdir(dir);
out:
	free(file);
	free(dir);
	return ret;
}

int luks_header_read(const char *device, const char *tmpdir, struct luks_header *h,
		     char *err, size_t errlen)
{
	struct crypt_said said = { "" };
	struct crypt_device *cd = NULL;
	int r, ret = -1;

	memset(h, 0, sizeof(*h));
	/* Read-only: no lock files, and no LUKS2 auto-recovery writing to the disk. */
	crypt_metadata_locking(NULL, 0);
	r = crypt_init(&cd, device);
	if (r < 0) {
		fail(err, errlen, device, "cannot open", r, &said);
		return -1;
	}
	crypt_set_log_callback(cd, keep_error, &said);
	r = crypt_load(cd, CRYPT_LUKS, NULL);
	if (r < 0) {
		fail(err, errlen, device, "cannot read the LUKS header", r, &said);
		goto out;
	}
	copy_printable(h->type, sizeof(h->type), crypt_get_type(cd));
	copy_printable(h->uuid, sizeof(h->uuid), crypt_get_uuid(cd));
	ret = hash_backup(cd, device, tmpdir, h, &said, err, errlen);
out:
	crypt_free(cd);
	return ret;
}
