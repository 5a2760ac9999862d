/* test-fileio.c - atomic replacement leaves old or new contents, never a mix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"

static void write_then_replace(void **state)
{
	char dir[] = "/tmp/vigil-test-fileio-XXXXXX", path[64], *text;
	size_t len;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/conf", dir);
	assert_int_equal(file_write_atomic(path, "one\n", 4, 0600), 0);
	assert_int_equal(file_write_atomic(path, "second\n", 7, 0600), 0);
	text = file_read_all(path, &len, 1024);
	assert_non_null(text);
	assert_int_equal(len, 7);
	assert_string_equal(text, "second\n");
	free(text);
	snprintf(path, sizeof(path), "%s/conf.tmp", dir);
	assert_int_equal(access(path, F_OK), -1);	/* no stage file left over */
	unlink(path);
	snprintf(path, sizeof(path), "%s/conf", dir);
	unlink(path);
	rmdir(dir);
}

static void failure_keeps_old_file(void **state)
{
	char dir[] = "/tmp/vigil-test-fileio-XXXXXX", path[64], stage[64], *text;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/conf", dir);
	snprintf(stage, sizeof(stage), "%s/conf.tmp", dir);
	assert_int_equal(file_write_atomic(path, "old\n", 4, 0600), 0);
	/* A directory where the stage file must go makes the write fail. */
	assert_int_equal(mkdir(stage, 0700), 0);
	assert_int_equal(file_write_atomic(path, "new\n", 4, 0600), -1);
	text = file_read_all(path, NULL, 1024);
	assert_string_equal(text, "old\n");
	free(text);
	rmdir(stage);
	unlink(path);
	rmdir(dir);
}

static void read_limit(void **state)
{
	char path[] = "/tmp/vigil-test-fileio-XXXXXX";
	int fd = mkstemp(path);
	char buf[10000];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(fd);
	errno = 0;
	assert_null(file_read_all(path, NULL, 5000));
	assert_int_equal(errno, EFBIG);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_then_replace),
		cmocka_unit_test(failure_keeps_old_file),
		cmocka_unit_test(read_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
