/* test-remount.c - a read-only mount made writable for one job and put back, on a real tmpfs (needs root). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/fileio.h"
#include "hw/remount.h"

static char dir[] = "/tmp/vigil-remount-XXXXXX";

#define FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* A read-only tmpfs with nosuid,nodev,noexec (as discovery mounts a boot partition) and a subdirectory. */
static int mount_readonly_tmpfs(void **state)
{
	char sub[64];

	strcpy(dir, "/tmp/vigil-remount-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (mount("vigil-test", dir, "tmpfs", FLAGS, "size=1m") < 0) {
		int e = errno;

		rmdir(dir);
		if (e == EPERM) {
			print_message("cannot mount a tmpfs (not root?): skipped\n");
			*state = NULL;
			return 0;
		}
		return -1;
	}
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	if (mkdir(sub, 0755) < 0 || mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | FLAGS, NULL) < 0)
		return -1;
	*state = dir;
	return 0;
}

static int unmount_tmpfs(void **state)
{
	if (*state) {
		umount(dir);
		rmdir(dir);
	}
	return 0;
}

static unsigned long flags_of(const char *path)
{
	struct statvfs vfs;

	assert_int_equal(statvfs(path, &vfs), 0);
	return vfs.f_flag;
}

static void writable_for_the_job_then_read_only_with_its_flags(void **state)
{
	struct remount r;
	char err[256], *file;

	if (!*state)
		skip();
	file = malloc(strlen(dir) + 16);
	sprintf(file, "%s/manifest", dir);
	assert_int_equal(file_write_atomic(file, "x", 1, 0644), -1);	/* read-only */
	assert_int_equal(remount_writable(&r, dir, err, sizeof(err)), 0);
	assert_true(r.was_readonly);
	assert_false(flags_of(dir) & ST_RDONLY);
	assert_int_equal(file_write_atomic(file, "x", 1, 0644), 0);
	assert_int_equal(remount_restore(&r, err, sizeof(err)), 0);
	assert_true(flags_of(dir) & ST_RDONLY);
	/* nosuid, nodev, noexec survive both remounts. */
	assert_true(flags_of(dir) & ST_NOSUID);
	assert_true(flags_of(dir) & ST_NODEV);
	assert_true(flags_of(dir) & ST_NOEXEC);
	assert_int_equal(access(file, F_OK), 0);
	free(file);
}

static void a_writable_file_system_is_left_alone(void **state)
{
	char tmp[] = "/tmp/vigil-remount-rw-XXXXXX";
	struct remount r;
	char err[256];

	(void)state;
	assert_non_null(mkdtemp(tmp));
	assert_int_equal(remount_writable(&r, tmp, err, sizeof(err)), 0);
	assert_false(r.was_readonly);
	assert_int_equal(remount_restore(&r, err, sizeof(err)), 0);
	assert_false(flags_of(tmp) & ST_RDONLY);
	rmdir(tmp);
}

static void a_read_only_directory_that_is_not_the_mount_point_is_named(void **state)
{
	struct remount r;
	char err[256], sub[64], want[128];

	if (!*state)
		skip();
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(remount_writable(&r, sub, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s is on a read-only file system mounted elsewhere", sub);
	assert_string_equal(err, want);
	assert_true(flags_of(dir) & ST_RDONLY);
}

static void a_missing_path_is_named(void **state)
{
	struct remount r;
	char err[256];

	(void)state;
	assert_int_equal(remount_writable(&r, "/nonexistent/boot", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/boot: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(writable_for_the_job_then_read_only_with_its_flags,
						mount_readonly_tmpfs, unmount_tmpfs),
		cmocka_unit_test(a_writable_file_system_is_left_alone),
		cmocka_unit_test_setup_teardown(a_read_only_directory_that_is_not_the_mount_point_is_named,
						mount_readonly_tmpfs, unmount_tmpfs),
		cmocka_unit_test(a_missing_path_is_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
