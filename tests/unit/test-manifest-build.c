/* test-manifest-build.c - the tree walk records files and links, stays on the partition, refuses devices. */
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
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "crypto/hash.h"
#include "crypto/manifest-build.h"
#include "crypto/manifest-store.h"

struct tree {
	char root[64];
};

static void put(const char *root, const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644), 0);
}

static void path_of(const char *root, const char *rel, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", root, rel);
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char path[512];

	snprintf(t->root, sizeof(t->root), "/tmp/vigil-build-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	path_of(t->root, "grub", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	path_of(t->root, "grub/empty", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	put(t->root, "vmlinuz-6.1", "kernel");
	put(t->root, "grub/grub.cfg", "menuentry");
	put(t->root, "grub/odd name\n\xff", "");
	path_of(t->root, "vmlinuz", path, sizeof(path));
	assert_int_equal(symlink("vmlinuz-6.1", path), 0);
	path_of(t->root, "grub/escape", path, sizeof(path));
	assert_int_equal(symlink("../../../../etc/shadow", path), 0);
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char *argv[] = { "rm", "-rf", "--", t->root, NULL };
	char mnt[512];

	path_of(t->root, "efi", mnt, sizeof(mnt));
	umount(mnt);
	spawn_wait(argv);
	free(t);
	return 0;
}

struct progress_log {
	uint64_t last_done, total;
	int calls;
	char skipped[256];
};

static void on_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct progress_log *p = ctx;

	assert_true(done >= p->last_done);
	p->last_done = done;
	p->total = total;
	p->calls++;
}

static void on_skip(const char *path, void *ctx)
{
	struct progress_log *p = ctx;

	snprintf(p->skipped, sizeof(p->skipped), "%s", path);
}

static void builds_sorted_manifest_with_links(void **state)
{
	struct tree *t = *state;
	struct progress_log log = { 0 };
	struct manifest_walk walk = { on_progress, on_skip, &log };
	struct manifest_counter counter = { true, 0x01000002, 3 };
	const struct manifest_entry *e;
	struct manifest m;
	uint8_t want[SHA256_LEN];
	char err[256];

	assert_int_equal(manifest_build(t->root, &walk, &counter, &m, err, sizeof(err)), 0);
	assert_int_equal(m.count, 5);
	assert_string_equal(m.entries[0].path, "grub/escape");
	assert_string_equal(m.entries[1].path, "grub/grub.cfg");
	assert_string_equal(m.entries[2].path, "grub/odd name\n\xff");
	assert_string_equal(m.entries[3].path, "vmlinuz");
	assert_string_equal(m.entries[4].path, "vmlinuz-6.1");
	/* Links are recorded, never followed, wherever they point. */
	e = manifest_find(&m, "grub/escape");
	assert_int_equal(e->type, MANIFEST_LINK);
	assert_string_equal(e->target, "../../../../etc/shadow");
	e = manifest_find(&m, "vmlinuz-6.1");
	assert_int_equal(e->type, MANIFEST_FILE);
	assert_int_equal(e->size, 6);
	hash_sha256("kernel", 6, want);
	assert_memory_equal(e->sha256, want, SHA256_LEN);
	assert_int_equal(m.counter.value, 3);
	assert_int_equal(log.total, 15);
	assert_int_equal(log.last_done, 15);
	assert_true(log.calls >= 2);
	manifest_free(&m);
}

static void skips_its_own_pair_only(void **state)
{
	struct tree *t = *state;
	struct manifest m;
	char err[256], path[512];

	path_of(t->root, "vigil", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	put(t->root, "vigil/manifest", "x");
	put(t->root, "vigil/manifest.sig", "x");
	put(t->root, "vigil/other", "x");
	assert_int_equal(manifest_build(t->root, NULL, NULL, &m, err, sizeof(err)), 0);
	assert_null(manifest_find(&m, "vigil/manifest"));
	assert_null(manifest_find(&m, "vigil/manifest.sig"));
	assert_non_null(manifest_find(&m, "vigil/other"));
	assert_false(m.counter.present);
	manifest_free(&m);
}

static void refuses_fifos_and_devices(void **state)
{
	struct tree *t = *state;
	struct manifest_tree tree;
	struct manifest m;
	char err[256], path[512];

	path_of(t->root, "grub/fifo", path, sizeof(path));
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(manifest_build(t->root, NULL, NULL, &m, err, sizeof(err)), -1);
	assert_string_equal(err, "grub/fifo: FIFO or socket on the boot partition (refused)");
	assert_int_equal(m.count, 0);
	unlink(path);
	path_of(t->root, "null", path, sizeof(path));
	if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) < 0) {
		assert_int_equal(errno, EPERM);	/* not root: the FIFO case covers the code */
		return;
	}
	assert_int_equal(manifest_tree_open(&tree, t->root, NULL, err, sizeof(err)), 0);
	assert_int_equal(manifest_tree_scan(&tree, &m, err, sizeof(err)), -1);
	assert_string_equal(err, "null: device file on the boot partition (refused)");
	assert_int_equal(tree.error, TREE_SPECIAL_FILE);
	assert_string_equal(tree.error_path, "null");
	manifest_tree_close(&tree);
}

static void does_not_cross_mount_points(void **state)
{
	struct tree *t = *state;
	struct progress_log log = { 0 };
	struct manifest_walk walk = { NULL, on_skip, &log };
	struct manifest m;
	char err[256], path[512];

	path_of(t->root, "efi", path, sizeof(path));
	assert_int_equal(mkdir(path, 0755), 0);
	if (mount("vigil-test", path, "tmpfs", 0, "size=1m") < 0)
		skip();	/* needs root */
	put(t->root, "efi/grubx64.efi", "other partition");
	assert_int_equal(manifest_build(t->root, &walk, NULL, &m, err, sizeof(err)), 0);
	assert_null(manifest_find(&m, "efi/grubx64.efi"));
	assert_string_equal(log.skipped, "efi");
	manifest_free(&m);
	assert_int_equal(umount(path), 0);
}

static void missing_root_is_named(void **state)
{
	struct manifest m;
	char err[256];

	assert_int_equal(manifest_build("/nonexistent/boot", NULL, NULL, &m, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/boot: No such file or directory");
}

static void store_swaps_pairs(void **state)
{
	struct tree *t = *state;
	struct manifest_pair pair;
	char err[256], path[512];
	struct stat st;

	assert_int_equal(manifest_store_read(t->root, &pair, err, sizeof(err)), STORE_NO_MANIFEST);
	assert_int_equal(manifest_store_write(t->root, "one", 3, "sig1", 4, err, sizeof(err)), 0);
	assert_int_equal(manifest_store_read(t->root, &pair, err, sizeof(err)), STORE_OK);
	assert_string_equal(pair.manifest, "one");
	assert_string_equal(pair.sig, "sig1");
	manifest_pair_free(&pair);
	/* The second write goes through the directory swap. */
	assert_int_equal(manifest_store_write(t->root, "two", 3, "sig2", 4, err, sizeof(err)), 0);
	assert_int_equal(manifest_store_read(t->root, &pair, err, sizeof(err)), STORE_OK);
	assert_string_equal(pair.manifest, "two");
	assert_string_equal(pair.sig, "sig2");
	manifest_pair_free(&pair);
	path_of(t->root, ".vigil-stage", path, sizeof(path));
	assert_int_equal(stat(path, &st), -1);
	path_of(t->root, "vigil/manifest.sig", path, sizeof(path));
	unlink(path);
	assert_int_equal(manifest_store_read(t->root, &pair, err, sizeof(err)), STORE_NO_SIGNATURE);
	assert_string_equal(err, "vigil/manifest.sig: No such file or directory");
}

static void store_follows_no_symlink(void **state)
{
	struct tree *t = *state;
	struct manifest_pair pair;
	char err[256], path[512];

	assert_int_equal(manifest_store_write(t->root, "one", 3, "sig1", 4, err, sizeof(err)), 0);
	path_of(t->root, "vigil/manifest", path, sizeof(path));
	unlink(path);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	assert_int_equal(manifest_store_read(t->root, &pair, err, sizeof(err)), STORE_ERROR);
	assert_non_null(strstr(err, "vigil/manifest: "));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tree_setup, tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(builds_sorted_manifest_with_links),
		T(skips_its_own_pair_only),
		T(refuses_fifos_and_devices),
		T(does_not_cross_mount_points),
		T(store_swaps_pairs),
		T(store_follows_no_symlink),
		cmocka_unit_test(missing_root_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
