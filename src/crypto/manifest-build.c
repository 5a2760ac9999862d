/* manifest-build.c - list a boot partition without leaving it and stream its files through SHA-256. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "crypto/gcrypt-init.h"
#include "crypto/manifest-build.h"
#include "i18n.h"

/* Big enough to amortise syscalls, small enough to stay in the L2 cache. */
#define HASH_CHUNK (256 << 10)
/* /boot is shallow; a deeper tree is a crafted one. */
#define MAX_DEPTH 64

static int tree_fail(struct manifest_tree *t, enum tree_error kind, const char *path,
		     char *err, size_t errlen, const char *why)
{
	free(t->error_path);
	t->error = kind;
	t->error_path = path ? manifest_escape(path) : NULL;
	if (path)
		snprintf(err, errlen, "%s: %s", t->error_path, why);
	else
		snprintf(err, errlen, "%s", why);
	return -1;
}

int manifest_tree_open(struct manifest_tree *t, const char *root,
		       const struct manifest_walk *walk, char *err, size_t errlen)
{
	struct stat st;

	memset(t, 0, sizeof(*t));
	t->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->rootfd < 0 || fstat(t->rootfd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		if (t->rootfd >= 0)
			close(t->rootfd);
		t->rootfd = -1;
		t->error = TREE_IO;
		return -1;
	}
	t->dev = st.st_dev;
	if (walk)
		t->walk = *walk;
	t->buf = xmalloc(HASH_CHUNK);
	return 0;
}

void manifest_tree_close(struct manifest_tree *t)
{
	if (t->rootfd >= 0)
		close(t->rootfd);
	free(t->buf);
	free(t->error_path);
	memset(t, 0, sizeof(*t));
	t->rootfd = -1;
}

static char *join(const char *prefix, const char *name)
{
	return prefix ? xasprintf("%s/%s", prefix, name) : xstrdup(name);
}

static int add_link(struct manifest_tree *t, int dirfd, const char *name, const char *path,
		    struct manifest *out, char *err, size_t errlen)
{
	char *target = xmalloc(MANIFEST_MAX_PATH + 2);
	ssize_t n = readlinkat(dirfd, name, target, MANIFEST_MAX_PATH + 1);

	if (n <= 0 || n > MANIFEST_MAX_PATH) {
		int saved = errno;

		free(target);
		return tree_fail(t, TREE_IO, path, err, errlen,
				 n < 0 ? strerror(saved)
				       : n == 0 ? _("empty symbolic link")
						: _("symbolic link target too long"));
	}
	target[n] = '\0';
	manifest_add(out, MANIFEST_LINK, path)->target = target;
	return 0;
}

static int scan_dir(struct manifest_tree *t, int dirfd, const char *prefix, unsigned depth,
		    struct manifest *out, char *err, size_t errlen);

static int scan_entry(struct manifest_tree *t, int dirfd, const char *name, const char *path,
		      unsigned depth, struct manifest *out, char *err, size_t errlen)
{
	struct stat st, dst;
	int fd, ret;

	if (strlen(path) > MANIFEST_MAX_PATH)
		return tree_fail(t, TREE_IO, path, err, errlen, _("path too long"));
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return tree_fail(t, TREE_IO, path, err, errlen, strerror(errno));
	if (S_ISREG(st.st_mode)) {
		if (!manifest_path_is_reserved(path)) {
			manifest_add(out, MANIFEST_FILE, path)->size = (uint64_t)st.st_size;
			t->total += (uint64_t)st.st_size;
		}
		return 0;
	}
	if (S_ISLNK(st.st_mode))
		return add_link(t, dirfd, name, path, out, err, errlen);
	if (!S_ISDIR(st.st_mode))
		return tree_fail(t, TREE_SPECIAL_FILE, path, err, errlen,
				 S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
					 ? _("device file on the boot partition (refused)")
					 : _("FIFO or socket on the boot partition (refused)"));
	if (st.st_dev != t->dev) {
		/* Another file system (e.g. /boot/efi): not part of this partition. */
		if (t->walk.skipped) {
			char *esc = manifest_escape(path);

			t->walk.skipped(esc, t->walk.ctx);
			free(esc);
		}
		return 0;
	}
	if (depth >= MAX_DEPTH)
		return tree_fail(t, TREE_IO, path, err, errlen, _("directories nested too deep"));
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &dst) < 0 || dst.st_ino != st.st_ino || dst.st_dev != st.st_dev) {
		ret = errno;
		if (fd >= 0)
			close(fd);
		return tree_fail(t, TREE_CHANGED, path, err, errlen,
				 fd < 0 ? strerror(ret) : _("directory replaced while reading it"));
	}
	return scan_dir(t, fd, path, depth + 1, out, err, errlen);
}

/* Takes ownership of dirfd. */
static int scan_dir(struct manifest_tree *t, int dirfd, const char *prefix, unsigned depth,
		    struct manifest *out, char *err, size_t errlen)
{
	DIR *dir = fdopendir(dirfd);
	struct dirent *de;
	int ret = 0;

	if (!dir) {
		close(dirfd);
		return tree_fail(t, TREE_IO, prefix ? prefix : ".", err, errlen, strerror(errno));
	}
	for (;;) {
		char *path;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno)
				ret = tree_fail(t, TREE_IO, prefix ? prefix : ".", err, errlen,
						strerror(errno));
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path = join(prefix, de->d_name);
		ret = scan_entry(t, dirfd, de->d_name, path, depth, out, err, errlen);
		free(path);
		if (ret < 0)
			break;
	}
	closedir(dir);
	return ret;
}

int manifest_tree_scan(struct manifest_tree *t, struct manifest *out, char *err, size_t errlen)
{
	int fd = dup(t->rootfd);

	manifest_init(out);
	if (fd < 0)
		return tree_fail(t, TREE_IO, NULL, err, errlen, strerror(errno));
	if (scan_dir(t, fd, NULL, 0, out, err, errlen) < 0) {
		manifest_free(out);
		return -1;
	}
	manifest_sort(out);
	return 0;
}

/* Open path below the root one component at a time, following no symlink and no mount. */
static int open_below_root(struct manifest_tree *t, const char *path)
{
	char *copy = xstrdup(path), *comp = copy, *slash;
	int fd = dup(t->rootfd);

	while (fd >= 0 && (slash = strchr(comp, '/')) != NULL) {
		int next;

		*slash = '\0';
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
		comp = slash + 1;
	}
	if (fd >= 0) {
		int file = openat(fd, comp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

		close(fd);
		fd = file;
	}
	free(copy);
	return fd;
}

int manifest_tree_hash(struct manifest_tree *t, const char *path, uint8_t out[SHA256_LEN],
		       uint64_t *size, char *err, size_t errlen)
{
	gcry_md_hd_t md;
	struct stat st;
	uint64_t bytes = 0;
	int fd, saved;

	crypto_init();
	fd = open_below_root(t, path);
	if (fd < 0) {
		/* Gone, or swapped for a link since the scan: the tree changed under us. */
		bool changed = errno == ENOENT || errno == ELOOP || errno == ENOTDIR;

		return tree_fail(t, changed ? TREE_CHANGED : TREE_IO, path, err, errlen,
				 strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_dev != t->dev) {
		close(fd);
		return tree_fail(t, TREE_CHANGED, path, err, errlen,
				 _("no longer a regular file on this partition"));
	}
	if (gcry_md_open(&md, GCRY_MD_SHA256, 0)) {
		close(fd);
		return tree_fail(t, TREE_IO, path, err, errlen, _("cannot start SHA-256"));
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	for (;;) {
		ssize_t n = read(fd, t->buf, HASH_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			gcry_md_close(md);
			close(fd);
			return tree_fail(t, TREE_IO, path, err, errlen, strerror(saved));
		}
		if (n == 0)
			break;
		gcry_md_write(md, t->buf, (size_t)n);
		bytes += (uint64_t)n;
		t->done += (uint64_t)n;
		if (t->walk.progress)
			t->walk.progress(t->done, t->total, t->walk.ctx);
	}
	memcpy(out, gcry_md_read(md, GCRY_MD_SHA256), SHA256_LEN);
	gcry_md_close(md);
	close(fd);
	*size = bytes;
	return 0;
}

int manifest_build(const char *root, const struct manifest_walk *walk,
		   const struct manifest_counter *counter, struct manifest *out,
		   char *err, size_t errlen)
{
	struct manifest_tree t;
	size_t i;

	manifest_init(out);
	if (manifest_tree_open(&t, root, walk, err, errlen) < 0)
		return -1;
	if (manifest_tree_scan(&t, out, err, errlen) < 0)
		goto fail;
	for (i = 0; i < out->count; i++) {
		struct manifest_entry *e = &out->entries[i];
		uint64_t size;

		if (e->type != MANIFEST_FILE)
			continue;
		if (manifest_tree_hash(&t, e->path, e->sha256, &size, err, errlen) < 0)
			goto fail;
		if (size != e->size) {
			tree_fail(&t, TREE_CHANGED, e->path, err, errlen,
				  _("file changed size while it was being hashed"));
			goto fail;
		}
	}
	if (counter)
		out->counter = *counter;
	manifest_tree_close(&t);
	return 0;
fail:
	manifest_tree_close(&t);
	manifest_free(out);
	return -1;
}
