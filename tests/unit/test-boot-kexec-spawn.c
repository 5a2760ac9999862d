/* test-boot-kexec-spawn.c - the spawn variants kexec uses: stdout to a file, stderr's tail kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "boot-tree.h"

static void stdout_to_file(void **state)
{
	char *dir = tree_new();
	char *path = xasprintf("%s/out", dir);
	char *argv[] = { "printf", "%s-%s", "a b", "c", NULL };
	char *bad[] = { "false", NULL };
	char *data;
	struct stat st;
	size_t len;

	assert_int_equal(spawn_wait_to_file(argv, path), 0);
	data = file_read_all(path, &len, 64);
	assert_string_equal(data, "a b-c");	/* argv words, no shell splitting */
	free(data);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* truncated on the next run; the exit status comes back */
	assert_int_equal(spawn_wait_to_file(bad, path), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(path);
	/* an output that cannot be created is an error before anything runs */
	path = xasprintf("%s/no/such/dir", dir);
	assert_int_equal(spawn_wait_to_file(argv, path), -1);
	free(path);
	tree_remove(dir);
}

static void stderr_tail(void **state)
{
	char tail[8];
	char big[256];
	char *argv[] = { "sh", "-c", "echo 0123456789abcdef >&2; exit 3", NULL };
	char *quiet[] = { "true", NULL };
	char *missing[] = { "/nonexistent/vigil-test-program", NULL };

	assert_int_equal(spawn_wait_stderr_tail(argv, tail, sizeof(tail)), 3);
	assert_string_equal(tail, "abcdef\n");	/* the last 7 bytes */
	assert_int_equal(spawn_wait_stderr_tail(argv, big, sizeof(big)), 3);
	assert_string_equal(big, "0123456789abcdef\n");
	assert_int_equal(spawn_wait_stderr_tail(quiet, big, sizeof(big)), 0);
	assert_string_equal(big, "");
	/* exec failure: 127 and the reason in the tail */
	assert_int_equal(spawn_wait_stderr_tail(missing, big, sizeof(big)), 127);
	assert_non_null(strstr(big, "cannot run"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stdout_to_file),
		cmocka_unit_test(stderr_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
