/* manifest-store.c - read the signed pair without following links; swap in a new pair in one rename. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "crypto/manifest-store.h"
#include "crypto/manifest.h"
#include "i18n.h"

/* A detached signature is a few kilobytes; anything much larger is not one. */
#define SIG_MAX_SIZE (1u << 20)

static char *read_at(int dirfd, const char *name, size_t *len, size_t max_len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	char *buf;
	int saved;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	buf = file_read_fd(fd, len, max_len);
	saved = errno;
	close(fd);
	errno = saved;
	return buf;
}

void manifest_pair_free(struct manifest_pair *pair)
{
	free(pair->manifest);
	free(pair->sig);
	memset(pair, 0, sizeof(*pair));
}

enum store_status manifest_store_read(const char *root, struct manifest_pair *pair,
				      char *err, size_t errlen)
{
	int rootfd, dirfd;

	memset(pair, 0, sizeof(*pair));
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return STORE_ERROR;
	}
	dirfd = openat(rootfd, MANIFEST_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(rootfd);
	if (dirfd < 0) {
		int saved = errno;

		snprintf(err, errlen, "%s: %s", MANIFEST_DIR "/" MANIFEST_NAME, strerror(saved));
		return saved == ENOENT ? STORE_NO_MANIFEST : STORE_ERROR;
	}
	pair->manifest = read_at(dirfd, MANIFEST_NAME, &pair->manifest_len, MANIFEST_MAX_SIZE);
	if (!pair->manifest) {
		int saved = errno;

		snprintf(err, errlen, "%s: %s", MANIFEST_DIR "/" MANIFEST_NAME,
			 saved == EINVAL ? _("not a regular file") : strerror(saved));
		close(dirfd);
		return saved == ENOENT ? STORE_NO_MANIFEST : STORE_ERROR;
	}
	pair->sig = read_at(dirfd, MANIFEST_SIG_NAME, &pair->sig_len, SIG_MAX_SIZE);
	if (!pair->sig) {
		int saved = errno;

		snprintf(err, errlen, "%s: %s", MANIFEST_DIR "/" MANIFEST_SIG_NAME,
			 saved == EINVAL ? _("not a regular file") : strerror(saved));
		close(dirfd);
		manifest_pair_free(pair);
		return saved == ENOENT ? STORE_NO_SIGNATURE : STORE_ERROR;
	}
	close(dirfd);
	return STORE_OK;
}

/* Empty the stage directory of the names vigil puts there, then remove it. */
static int clean_stage(int rootfd, char *err, size_t errlen)
{
	int fd = openat(rootfd, MANIFEST_STAGE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", MANIFEST_STAGE_DIR, strerror(errno));
		return -1;
	}
	if ((unlinkat(fd, MANIFEST_NAME, 0) < 0 && errno != ENOENT) ||
	    (unlinkat(fd, MANIFEST_SIG_NAME, 0) < 0 && errno != ENOENT)) {
		snprintf(err, errlen, "%s: %s", MANIFEST_STAGE_DIR, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (unlinkat(rootfd, MANIFEST_STAGE_DIR, AT_REMOVEDIR) < 0) {
		snprintf(err, errlen, "%s: %s", MANIFEST_STAGE_DIR,
			 errno == ENOTEMPTY ? _("holds files vigil did not put there; remove them")
					    : strerror(errno));
		return -1;
	}
	return 0;
}

int manifest_store_clean(const char *root, char *err, size_t errlen)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	if (rootfd < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return -1;
	}
	ret = clean_stage(rootfd, err, errlen);
	close(rootfd);
	return ret;
}

static int write_new_file(int dirfd, const char *name, const void *data, size_t len)
{
	const char *p = data;
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int saved;

	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	return close(fd);
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int stage_pair(int rootfd, const void *manifest, size_t manifest_len,
		      const void *sig, size_t sig_len, char *err, size_t errlen)
{
	int fd;

	if (mkdirat(rootfd, MANIFEST_STAGE_DIR, 0755) < 0) {
		snprintf(err, errlen, "%s: %s", MANIFEST_STAGE_DIR, strerror(errno));
		return -1;
	}
	fd = openat(rootfd, MANIFEST_STAGE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || write_new_file(fd, MANIFEST_NAME, manifest, manifest_len) < 0 ||
	    write_new_file(fd, MANIFEST_SIG_NAME, sig, sig_len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", MANIFEST_STAGE_DIR, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Make the staged pair live: one rename, atomic whether or not a pair existed. */
static int swap_in_stage(int rootfd, char *err, size_t errlen)
{
	struct stat st;

	if (fstatat(rootfd, MANIFEST_DIR, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", MANIFEST_DIR, strerror(errno));
			return -1;
		}
		if (renameat(rootfd, MANIFEST_STAGE_DIR, rootfd, MANIFEST_DIR) < 0) {
			snprintf(err, errlen, "%s: %s", MANIFEST_DIR, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, _("%s: exists and is not a directory"), MANIFEST_DIR);
		return -1;
	}
	if (renameat2(rootfd, MANIFEST_STAGE_DIR, rootfd, MANIFEST_DIR, RENAME_EXCHANGE) < 0) {
		if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)
			snprintf(err, errlen,
				 _("%s: the file system cannot swap directories atomically "
				   "(renameat2 RENAME_EXCHANGE; FAT needs Linux 6.0 or later)"),
				 MANIFEST_DIR);
		else
			snprintf(err, errlen, "%s: %s", MANIFEST_DIR, strerror(errno));
		return -1;
	}
	return 0;
}

int manifest_store_write(const char *root, const void *manifest, size_t manifest_len,
			 const void *sig, size_t sig_len, char *err, size_t errlen)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char ignored[128];

	if (rootfd < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return -1;
	}
	if (clean_stage(rootfd, err, errlen) < 0 ||
	    stage_pair(rootfd, manifest, manifest_len, sig, sig_len, err, errlen) < 0 ||
	    swap_in_stage(rootfd, err, errlen) < 0)
		goto fail;
	/* The swap is durable once the root directory is on disk. */
	if (fsync(rootfd) < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		goto fail;
	}
	/* The old pair now sits in the stage; leaving it there is harmless. */
	clean_stage(rootfd, ignored, sizeof(ignored));
	close(rootfd);
	return 0;
fail:
	close(rootfd);
	return -1;
}
