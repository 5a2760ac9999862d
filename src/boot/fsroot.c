/* fsroot.c - partition-confined file access through openat2(RESOLVE_IN_ROOT). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "boot/fsroot.h"
#include "common/fileio.h"
#include "common/xmalloc.h"

char *fsroot_normalize(const char *path)
{
	struct strbuf sb = { 0 };
	const char *p = path;

	sb_putc(&sb, '/');
	while (*p) {
		const char *start;
		size_t n;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - start);
		if (n == 0 || (n == 1 && start[0] == '.'))
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			while (sb.len > 1 && sb.s[sb.len - 1] != '/')
				sb.len--;
			if (sb.len > 1)
				sb.len--;
			sb.s[sb.len] = '\0';
			continue;
		}
		if (sb.len > 1)
			sb_putc(&sb, '/');
		sb_putn(&sb, start, n);
	}
	return sb_steal(&sb);
}

char *fsroot_join(const char *dir, const char *path)
{
	char *joined, *norm;

	if (path[0] == '/')
		return fsroot_normalize(path);
	joined = xasprintf("%s/%s", dir, path);
	norm = fsroot_normalize(joined);
	free(joined);
	return norm;
}

char *fsroot_dirname(const char *path)
{
	char *norm = fsroot_normalize(path);
	char *slash = strrchr(norm, '/');

	if (slash == norm)
		norm[1] = '\0';
	else
		*slash = '\0';
	return norm;
}

int fsroot_open(const char *root, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int dirfd, fd, saved;

	dirfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -1;
	/* Relative to the root fd: a leading "/" would escape on old kernels' fallbacks. */
	while (*path == '/')
		path++;
	fd = (int)syscall(SYS_openat2, dirfd, *path ? path : ".", &how, sizeof(how));
	saved = errno;
	close(dirfd);
	errno = saved;
	return fd;
}

char *fsroot_read(const char *root, const char *path, size_t *len, size_t max,
		  char *err, size_t errlen)
{
	char *buf;
	int fd = fsroot_open(root, path, O_RDONLY);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = file_read_fd(fd, len, max);
	if (!buf && errno == EFBIG)
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
	else if (!buf)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	close(fd);
	return buf;
}

int fsroot_stat(const char *root, const char *path, struct stat *st)
{
	int fd = fsroot_open(root, path, O_PATH);
	int ret, saved;

	if (fd < 0)
		return -1;
	ret = fstat(fd, st);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fsroot_list(const char *root, const char *dir, struct strlist *names)
{
	struct dirent *de;
	DIR *d;
	int fd = fsroot_open(root, dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strlist_pushdup(names, de->d_name);
	}
	closedir(d);
	if (names->n)
		qsort(names->v, names->n, sizeof(*names->v), cmp_str);
	return 0;
}
