/* discover-probe.c - libblkid superblock and partition-entry probing of one device. */
#include <blkid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/discover-probe.h"
#include "common/xmalloc.h"

static char *lookup(blkid_probe pr, const char *name)
{
	const char *v = NULL;

	if (blkid_probe_lookup_value(pr, name, &v, NULL) < 0 || !v || !*v)
		return NULL;
	return xstrdup(v);
}

/* A superblock probe of devnode, or NULL with err. */
static blkid_probe new_probe(const char *devnode, char *err, size_t errlen)
{
	blkid_probe pr;

	errno = 0;
	pr = blkid_new_probe_from_filename(devnode);
	if (!pr) {
		snprintf(err, errlen, "%s: cannot probe: %s", devnode,
			 errno ? strerror(errno) : "libblkid refused it");
		return NULL;
	}
	blkid_probe_enable_superblocks(pr, 1);
	return pr;
}

int probe_device(const char *devnode, struct probe_result *r, char *err, size_t errlen)
{
	blkid_probe pr;
	int rc;

	memset(r, 0, sizeof(*r));
	pr = new_probe(devnode, err, errlen);
	if (!pr)
		return -1;
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
					      BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	rc = blkid_do_safeprobe(pr);
	if (rc == -2) {
		/* Two signatures (say, a leftover one): guessing could mount the wrong thing. */
		snprintf(err, errlen, "%s: several file system signatures, not mounted", devnode);
		blkid_free_probe(pr);
		return -1;
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s: cannot probe: %s", devnode,
			 errno ? strerror(errno) : "libblkid failed");
		blkid_free_probe(pr);
		return -1;
	}
	if (rc == 0) {
		r->fstype = lookup(pr, "TYPE");
		r->uuid = lookup(pr, "UUID");
		r->label = lookup(pr, "LABEL");
		r->scheme = lookup(pr, "PART_ENTRY_SCHEME");
	}
	blkid_free_probe(pr);
	return 0;
}

int probe_luks(const char *devnode, char **uuid, char *err, size_t errlen)
{
	char *only[] = { (char *)"crypto_LUKS", NULL };
	blkid_probe pr;
	char *type;
	int rc;

	*uuid = NULL;
	pr = new_probe(devnode, err, errlen);
	if (!pr)
		return -1;
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID);
	blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_ONLYIN, only);
	errno = 0;
	rc = blkid_do_safeprobe(pr);
	if (rc < 0) {
		snprintf(err, errlen, "%s: cannot probe: %s", devnode,
			 errno ? strerror(errno) : "libblkid failed");
		blkid_free_probe(pr);
		return -1;
	}
	type = rc == 0 ? lookup(pr, "TYPE") : NULL;
	rc = type && !strcmp(type, "crypto_LUKS");
	if (rc)
		*uuid = lookup(pr, "UUID");
	free(type);
	blkid_free_probe(pr);
	return rc;
}

void probe_result_free(struct probe_result *r)
{
	free(r->fstype);
	free(r->uuid);
	free(r->label);
	free(r->scheme);
	memset(r, 0, sizeof(*r));
}

bool probe_fstype_supported(const char *fstype)
{
	static const char *const supported[] = { "ext2", "ext3", "ext4", "vfat", "iso9660", NULL };
	size_t i;

	for (i = 0; fstype && supported[i]; i++)
		if (!strcmp(fstype, supported[i]))
			return true;
	return false;
}
