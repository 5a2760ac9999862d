/* kexec-files.c - confine kexec's input files to their partition and concatenate initrds. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/fsroot.h"
#include "boot/kexec-files.h"
#include "common/xmalloc.h"

/* Is path the directory dir or below it (both canonical)? */
static bool is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

char *kexec_host_path(const char *host_root, const char *path, char *err, size_t errlen)
{
	char *rel = fsroot_normalize(path), *joined, *real_root, *real;
	struct stat st;

	/* Normalizing alone stops ".." at the partition root. */
	joined = xasprintf("%s%s", host_root, rel);
	real_root = realpath(host_root, NULL);
	real = real_root ? realpath(joined, NULL) : NULL;
	if (!real_root) {
		snprintf(err, errlen, "%s: partition not mounted at %s: %s", path, host_root,
			 strerror(errno));
	} else if (!real) {
		snprintf(err, errlen, "%s: %s", path,
			 errno == ENOENT ? "no such file" : strerror(errno));
	} else if (!is_below(real, real_root)) {
		/* An absolute or climbing symlink: refuse rather than load a file of ours. */
		snprintf(err, errlen, "%s: a symlink leading outside its partition", path);
	} else if (stat(real, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
	} else {
		free(rel);
		free(joined);
		free(real_root);
		return real;
	}
	free(rel);
	free(joined);
	free(real_root);
	free(real);
	return NULL;
}

bool kexec_is_gzip(const char *host_path)
{
	unsigned char magic[2];
	int fd = open(host_path, O_RDONLY | O_CLOEXEC);
	bool gz;

	if (fd < 0)
		return false;
	gz = read(fd, magic, 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	close(fd);
	return gz;
}

int kexec_make_dir(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	snprintf(err, errlen, "%s: %s", dir, errno == EEXIST ? "not a directory" : strerror(errno));
	return -1;
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Append the file at path to out_fd; returns its size, or -1 (errno set). */
static long long append_file(int out_fd, const char *path)
{
	char buf[65536];
	long long total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (write_all(out_fd, buf, (size_t)n) < 0) {
			n = -1;
			break;
		}
		total += n;
	}
	if (n < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	return total;
}

int kexec_concat_files(const struct strlist *in, const char *out, char *err, size_t errlen)
{
	static const char zeros[4];
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t i;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", out, strerror(errno));
		return -1;
	}
	for (i = 0; i < in->n; i++) {
		long long size = append_file(fd, in->v[i]);

		if (size < 0 || write_all(fd, zeros, (size_t)((4 - size % 4) % 4)) < 0) {
			snprintf(err, errlen, "%s: %s", size < 0 ? in->v[i] : out, strerror(errno));
			close(fd);
			unlink(out);
			return -1;
		}
	}
	if (close(fd) < 0) {
		snprintf(err, errlen, "%s: %s", out, strerror(errno));
		unlink(out);
		return -1;
	}
	return 0;
}
