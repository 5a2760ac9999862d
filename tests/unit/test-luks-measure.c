/*
 * test-luks-measure.c - LUKS headers into PCR 6, against real LUKS1/LUKS2
 * images made with cryptsetup luksFormat and a software TPM: the digest is
 * that of `cryptsetup luksHeaderBackup`'s file, a new keyslot changes it,
 * the PCR is extended in UUID order, unreadable headers are measured as such,
 * and a second run in the same boot extends nothing. Skipped (77) when
 * cryptsetup cannot run here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/eventlog-check.h"
#include "hw/eventlog-text.h"
#include "hw/eventlog.h"
#include "hw/luks-header.h"
#include "hw/luks-measure.h"
#include "hw/measure.h"
#include "hw/tpm.h"
#include "swtpm-fixture.h"

#define UUID_LUKS1 "00000000-0000-4000-8000-000000000001"
#define UUID_BROKEN "88888888-0000-4000-8000-000000000008"
#define UUID_LUKS2 "ffffffff-0000-4000-8000-00000000000f"
#define LUKS1_HASH_SPEC_OFFSET 72	/* struct luks_phdr: magic, version, cipher name and mode */

static char workdir[] = "/tmp/vigil-luks-XXXXXX";

/* Run argv quietly (the tool's chatter into workdir/tool.out); its exit status. */
static int run(char *const argv[])
{
	char *out = xasprintf("%s/tool.out", workdir);
	int r = spawn_wait_to_file(argv, out);

	free(out);
	return r;
}

static char *work_path(const char *name)
{
	return xasprintf("%s/%s", workdir, name);
}

/* A fresh LUKS image of size with uuid and one keyslot (key file "key"); fast PBKDF. */
static char *make_luks(const char *name, const char *type, const char *size, const char *uuid)
{
	char *img = work_path(name), *key = work_path("key");
	char *argv[] = { "cryptsetup", "luksFormat", "-q", "--type", (char *)type,
			 "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000",
			 "--uuid", (char *)uuid, "--key-file", key, img, NULL };

	assert_int_equal(run((char *[]){ "truncate", "-s", (char *)size, img, NULL }), 0);
	assert_int_equal(run(argv), 0);
	free(key);
	return img;
}

/* SHA-256 of the file `cryptsetup luksHeaderBackup` writes for img. */
static void backup_digest(const char *img, uint8_t digest[SHA256_LEN])
{
	char *file = work_path("backup.bin");
	char *argv[] = { "cryptsetup", "luksHeaderBackup", (char *)img,
			 "--header-backup-file", file, NULL };

	unlink(file);
	assert_int_equal(run(argv), 0);
	assert_int_equal(hash_sha256_file(file, digest), 0);
	unlink(file);
	free(file);
}

static void add_keyslot(const char *img)
{
	char *key = work_path("key"), *key2 = work_path("key2");
	char *argv[] = { "cryptsetup", "luksAddKey", "-q", "--pbkdf", "pbkdf2",
			 "--pbkdf-force-iterations", "1000", "--key-file", key, (char *)img, key2,
			 NULL };

	assert_int_equal(run(argv), 0);
	free(key);
	free(key2);
}

static void copy(const char *from, const char *to)
{
	assert_int_equal(run((char *[]){ "cp", "--sparse=always", (char *)from, (char *)to,
					 NULL }), 0);
}

static void read_header(const char *img, struct luks_header *h)
{
	char err[512];

	if (luks_header_read(img, workdir, h, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static int make_workdir(void **state)
{
	char *key, *key2;

	(void)state;
	strcpy(workdir, "/tmp/vigil-luks-XXXXXX");
	if (!mkdtemp(workdir))
		return -1;
	key = work_path("key");
	key2 = work_path("key2");
	file_write_atomic(key, "first passphrase", 16, 0600);
	file_write_atomic(key2, "second passphrase", 17, 0600);
	free(key);
	free(key2);
	return 0;
}

static int remove_workdir(void **state)
{
	(void)state;
	return spawn_wait((char *[]){ "rm", "-rf", workdir, NULL }) == 0 ? 0 : -1;
}

static void digest_is_the_header_backups(const char *type, const char *size, const char *uuid)
{
	char *img = make_luks("disk.img", type, size, uuid), *img2 = work_path("disk2.img");
	struct luks_header h, h2;
	uint8_t want[SHA256_LEN];

	read_header(img, &h);
	backup_digest(img, want);
	assert_memory_equal(h.digest, want, SHA256_LEN);
	assert_string_equal(h.uuid, uuid);
	assert_string_equal(h.type, !strcmp(type, "luks1") ? "LUKS1" : "LUKS2");

	/* A second keyslot is a different header, and the digest follows the backup again. */
	copy(img, img2);
	add_keyslot(img2);
	read_header(img2, &h2);
	backup_digest(img2, want);
	assert_memory_equal(h2.digest, want, SHA256_LEN);
	assert_memory_not_equal(h2.digest, h.digest, SHA256_LEN);
	assert_string_equal(h2.uuid, uuid);
	unlink(img);
	unlink(img2);
	free(img);
	free(img2);
}

static void luks2_digest_is_the_header_backups(void **state)
{
	(void)state;
	digest_is_the_header_backups("luks2", "20M", UUID_LUKS2);
}

static void luks1_digest_is_the_header_backups(void **state)
{
	(void)state;
	digest_is_the_header_backups("luks1", "4M", UUID_LUKS1);
}

/* Reading never writes: cryptsetup itself would repair a damaged LUKS2 header copy on disk. */
static void reading_leaves_a_damaged_header_alone(void **state)
{
	char *img = make_luks("damaged.img", "luks2", "20M", UUID_LUKS2);
	uint8_t before[SHA256_LEN], after[SHA256_LEN];
	struct luks_header h;
	FILE *f = fopen(img, "r+");

	(void)state;
	/* A byte of the second header copy's JSON: its checksum no longer matches. */
	assert_non_null(f);
	assert_int_equal(fseek(f, 16384 + 4096 + 10, SEEK_SET), 0);
	assert_int_equal(fputc('X', f), 'X');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(hash_sha256_file(img, before), 0);
	read_header(img, &h);
	assert_int_equal(hash_sha256_file(img, after), 0);
	assert_memory_equal(before, after, SHA256_LEN);
	assert_string_equal(h.uuid, UUID_LUKS2);
	unlink(img);
	free(img);
}

/* A LUKS1 header libblkid recognises but libcryptsetup rejects (a hash it does not know). */
static char *make_broken(const char *name)
{
	char *img = make_luks(name, "luks1", "4M", UUID_BROKEN);
	FILE *f = fopen(img, "r+");

	assert_non_null(f);
	assert_int_equal(fseek(f, LUKS1_HASH_SPEC_OFFSET, SEEK_SET), 0);
	assert_int_equal(fwrite("nohash", 1, 7, f), 7);
	assert_int_equal(fclose(f), 0);
	return img;
}

static void unreadable_headers_name_the_device(void **state)
{
	char *broken = make_broken("broken.img"), *plain = work_path("plain.img");
	struct luks_header h;
	char err[512];

	(void)state;
	assert_int_equal(luks_header_read(broken, workdir, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, broken));
	assert_non_null(strstr(err, "nohash"));
	assert_int_equal(run((char *[]){ "truncate", "-s", "1M", plain, NULL }), 0);
	assert_int_equal(luks_header_read(plain, workdir, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, plain));
	free(broken);
	free(plain);
}

/* A machine of whole disks (no partitions) in sys/, their device nodes in dev/. */
struct machine {
	char *sys, *dev, *mark, *log;
	struct discover_options discover;
	struct luks_measure_options opt;
};

static void machine_init(struct machine *m)
{
	char err[256];

	m->sys = work_path("sys");
	m->dev = work_path("dev");
	m->mark = work_path("run/luks-measured");
	m->log = work_path("run/eventlog.bin");
	mkdir(m->sys, 0755);
	mkdir(m->dev, 0755);
	m->discover = (struct discover_options){ .sys_block = m->sys, .dev_dir = m->dev };
	m->opt = (struct luks_measure_options){ .discover = &m->discover, .mark = m->mark,
						.tmpdir = workdir };
	measure_set_log_path(m->log);
	assert_true(measure_init(NULL, err, sizeof(err)) >= 0);
}

/* Disk name in sys/ with device node image (NULL: a disk whose node is missing). */
static void machine_disk(struct machine *m, const char *name, const char *image)
{
	char *dir = xasprintf("%s/%s", m->sys, name), *size = xasprintf("%s/size", dir);
	char *node = xasprintf("%s/%s", m->dev, name);

	mkdir(dir, 0755);
	assert_int_equal(file_write_atomic(size, "40960\n", 6, 0644), 0);
	if (image)
		assert_int_equal(symlink(image, node), 0);
	free(dir);
	free(size);
	free(node);
}

static void machine_free(struct machine *m)
{
	measure_set_log_path(NULL);
	free(m->sys);
	free(m->dev);
	free(m->mark);
	free(m->log);
}

static void pcr6(uint8_t value[SHA256_LEN])
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	assert_non_null(tpm);
	assert_int_equal(tpm_pcr_read(tpm, LUKS_MEASURE_PCR, value, err, sizeof(err)), 0);
	tpm_close(tpm);
}

/* The running log's PCR 6 events, in order, and a check of the whole log against the TPM. */
static void expect_log(const char *const *events, size_t n)
{
	struct eventlog_check check;
	struct eventlog log;
	char err[512];
	size_t i, seen = 0;

	assert_int_equal(eventlog_load(measure_log_path(), &log, err, sizeof(err)), 0);
	for (i = 0; i < log.count; i++) {
		if (log.events[i].pcr != LUKS_MEASURE_PCR)
			continue;
		assert_true(seen < n);
		assert_int_equal(log.events[i].type, EV_IPL);
		assert_int_equal(log.events[i].data_len, strlen(events[seen]) + 1);
		assert_memory_equal(log.events[i].data, events[seen], strlen(events[seen]) + 1);
		seen++;
	}
	assert_int_equal(seen, n);
	assert_int_equal(eventlog_check_against_tpm(&log, measure_log_path(), &check, err,
						    sizeof(err)), 0);
	assert_false(check.differ);
	eventlog_free(&log);
}

static void measures_in_uuid_order_once_per_boot(void **state)
{
	struct machine m;
	struct luks_measure_report rep;
	struct luks_header h1, h2;
	uint8_t want[SHA256_LEN] = { 0 }, got[SHA256_LEN];
	char *luks1 = make_luks("one.img", "luks1", "4M", UUID_LUKS1);
	char *luks2 = make_luks("two.img", "luks2", "20M", UUID_LUKS2);
	char *plain = work_path("plain.img");
	char *ev1, *ev2;

	(void)state;
	machine_init(&m);
	assert_int_equal(run((char *[]){ "truncate", "-s", "1M", plain, NULL }), 0);
	/* Probe order vdb, vdc, vdd; UUID order vdd (LUKS1), vdb (LUKS2). */
	machine_disk(&m, "vdb", luks2);
	machine_disk(&m, "vdc", plain);
	machine_disk(&m, "vdd", luks1);
	assert_int_equal(luks_measure_boot(&m.opt, &rep), LUKS_MEASURE_DONE);
	assert_int_equal(rep.headers, 2);
	assert_int_equal(rep.problems.n, 0);
	assert_int_equal(rep.measured.n, 2);
	luks_measure_report_free(&rep);

	backup_digest(luks1, h1.digest);
	backup_digest(luks2, h2.digest);
	hash_sha256_extend(want, h1.digest);
	hash_sha256_extend(want, h2.digest);
	pcr6(got);
	assert_memory_equal(got, want, SHA256_LEN);
	ev1 = xasprintf("LUKS header: UUID=" UUID_LUKS1 " (%s/vdd)", m.dev);
	ev2 = xasprintf("LUKS header: UUID=" UUID_LUKS2 " (%s/vdb)", m.dev);
	expect_log((const char *[]){ ev1, ev2 }, 2);

	/* The menu restarting, or someone running it again: nothing more in PCR 6. */
	assert_int_equal(luks_measure_boot(&m.opt, &rep), LUKS_MEASURE_ALREADY);
	luks_measure_report_free(&rep);
	pcr6(got);
	assert_memory_equal(got, want, SHA256_LEN);
	expect_log((const char *[]){ ev1, ev2 }, 2);

	free(ev1);
	free(ev2);
	free(luks1);
	free(luks2);
	free(plain);
	machine_free(&m);
}

static void unreadable_is_measured_not_skipped(void **state)
{
	struct machine m;
	struct luks_measure_report rep;
	struct luks_header h2;
	uint8_t want[SHA256_LEN] = { 0 }, got[SHA256_LEN], d[SHA256_LEN];
	char *broken = make_broken("broken.img");
	char *luks2 = make_luks("two.img", "luks2", "20M", UUID_LUKS2);
	char *ev[3];
	size_t i;

	(void)state;
	machine_init(&m);
	machine_disk(&m, "vdb", luks2);
	machine_disk(&m, "vdc", broken);
	machine_disk(&m, "vdz", NULL);	/* cannot be probed: it may hold a header */
	assert_int_equal(luks_measure_boot(&m.opt, &rep), LUKS_MEASURE_FAILED);
	assert_int_equal(rep.headers, 1);
	assert_int_equal(rep.measured.n, 3);
	assert_int_equal(rep.problems.n, 2);
	assert_non_null(strstr(rep.problems.v[0], "/vdc: cannot read the LUKS header"));
	assert_non_null(strstr(rep.problems.v[1], "/vdz: cannot probe"));
	luks_measure_report_free(&rep);

	/* Order: no UUID (vdz), the broken header's UUID from libblkid, then the LUKS2 one. */
	ev[0] = xasprintf("unreadable device: %s/vdz", m.dev);
	ev[1] = xasprintf("unreadable LUKS header: %s/vdc", m.dev);
	ev[2] = xasprintf("LUKS header: UUID=" UUID_LUKS2 " (%s/vdb)", m.dev);
	backup_digest(luks2, h2.digest);
	for (i = 0; i < 2; i++) {
		hash_sha256(ev[i], strlen(ev[i]), d);
		hash_sha256_extend(want, d);
	}
	hash_sha256_extend(want, h2.digest);
	pcr6(got);
	assert_memory_equal(got, want, SHA256_LEN);
	expect_log((const char *const *)ev, 3);
	for (i = 0; i < 3; i++)
		free(ev[i]);
	free(broken);
	free(luks2);
	machine_free(&m);
}

/* init's way: in a child process, lines on out; the mark still keeps it to once. */
static void isolated_reports_on_out(void **state)
{
	struct machine m;
	char *luks1 = make_luks("one.img", "luks1", "4M", UUID_LUKS1);
	char *out_path = work_path("console.txt"), *text;
	FILE *out = fopen(out_path, "w");

	(void)state;
	assert_non_null(out);
	machine_init(&m);
	machine_disk(&m, "sda", luks1);
	assert_int_equal(luks_measure_isolated(&m.opt, out, "vigil init: "), LUKS_MEASURE_DONE);
	assert_int_equal(luks_measure_isolated(&m.opt, out, "vigil init: "),
			 LUKS_MEASURE_ALREADY);
	assert_int_equal(fclose(out), 0);
	text = file_read_all(out_path, NULL, 4096);
	assert_non_null(text);
	assert_string_equal(text, "vigil init: LUKS headers measured into PCR 6: 1\n"
			    "vigil init: LUKS headers were measured into PCR 6 earlier this "
			    "boot: not again\n");
	free(text);
	free(out_path);
	free(luks1);
	machine_free(&m);
}

/*
 * A helper that, once the mark exists (the child is measuring), kills with
 * SIGKILL the other children of parent that run this program: the measuring
 * child, not the swtpm nor the helper. (A SIGSEGV would land in the cmocka
 * handler the child inherited.)
 */
static pid_t kill_measuring_child(pid_t parent, const char *mark)
{
	pid_t helper = fork();
	struct timespec tick = { 0, 10 * 1000000L };
	char self[PATH_MAX] = "", exe[PATH_MAX];
	glob_t g;
	size_t i;
	int waited;

	assert_true(helper >= 0);
	if (helper > 0)
		return helper;
	for (waited = 0; access(mark, F_OK) != 0 && waited < 1000; waited++)
		nanosleep(&tick, NULL);
	if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0 ||
	    glob("/proc/[0-9]*/stat", 0, NULL, &g) != 0)
		_exit(1);
	for (i = 0; i < g.gl_pathc; i++) {
		char *stat = file_read_all(g.gl_pathv[i], NULL, 4096), *end, *link;
		int pid, ppid;
		ssize_t n = -1;

		/* "pid (comm) state ppid ...": comm may hold spaces, so after its ')'. */
		if (stat && (end = strrchr(stat, ')')) && sscanf(stat, "%d", &pid) == 1 &&
		    sscanf(end + 1, " %*c %d", &ppid) == 1 && ppid == parent && pid != getpid()) {
			link = xasprintf("/proc/%d/exe", pid);
			n = readlink(link, exe, sizeof(exe) - 1);
			free(link);
		}
		if (n > 0) {
			exe[n] = '\0';
			if (!strcmp(exe, self))
				kill(pid, SIGKILL);
		}
		free(stat);
	}
	globfree(&g);
	_exit(0);
}

/* The child dies half way (here while it waits for a USB stick): PCR 6 says so, and only once. */
static void isolated_crash_is_measured(void **state)
{
	struct machine m;
	struct luks_measure_report rep;
	char *usb = work_path("usb-storage"), *pending = work_path("usb-storage/3-1:1.0/host7");
	char *out_path = work_path("console.txt"), *text;
	const char *event = "LUKS header measurement did not finish";
	uint8_t want[SHA256_LEN] = { 0 }, got[SHA256_LEN], d[SHA256_LEN];
	FILE *out = fopen(out_path, "w");
	pid_t helper;
	int status;

	(void)state;
	assert_non_null(out);
	machine_init(&m);
	/* A stick usb-storage bound but never scanned: the child waits up to 20 s for it. */
	assert_int_equal(run((char *[]){ "mkdir", "-p", pending, NULL }), 0);
	m.discover.usb_storage_dir = usb;
	m.discover.usb_settle_ms = 20000;
	helper = kill_measuring_child(getpid(), m.mark);
	assert_int_equal(luks_measure_isolated(&m.opt, out, "vigil init: "), LUKS_MEASURE_FAILED);
	assert_int_equal(waitpid(helper, &status, 0), helper);
	assert_int_equal(fclose(out), 0);
	text = file_read_all(out_path, NULL, 4096);
	assert_non_null(text);
	assert_non_null(strstr(text, "vigil init: the LUKS header measurement crashed (signal 9"));
	free(text);

	hash_sha256(event, strlen(event), d);
	hash_sha256_extend(want, d);
	pcr6(got);
	assert_memory_equal(got, want, SHA256_LEN);
	expect_log(&event, 1);
	/* It had taken the mark: not measured again on top of the half-done run. */
	assert_int_equal(luks_measure_boot(&m.opt, &rep), LUKS_MEASURE_ALREADY);
	luks_measure_report_free(&rep);
	free(usb);
	free(pending);
	free(out_path);
	machine_free(&m);
}

static void no_tpm_measures_nothing(void **state)
{
	struct machine m;
	struct luks_measure_report rep;

	(void)state;
	machine_init(&m);
	setenv("VIGIL_TCTI", "device:/nonexistent", 1);
	assert_int_equal(luks_measure_boot(&m.opt, &rep), LUKS_MEASURE_NO_TPM);
	luks_measure_report_free(&rep);
	assert_int_equal(access(m.mark, F_OK), -1);
	machine_free(&m);
}

static int tpm_setup(void **state)
{
	if (swtpm_setup(state) < 0)
		return -1;
	return make_workdir(state);
}

static int tpm_teardown(void **state)
{
	int r = remove_workdir(state);

	return swtpm_teardown(state) < 0 ? -1 : r;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(luks2_digest_is_the_header_backups, make_workdir,
						remove_workdir),
		cmocka_unit_test_setup_teardown(luks1_digest_is_the_header_backups, make_workdir,
						remove_workdir),
		cmocka_unit_test_setup_teardown(reading_leaves_a_damaged_header_alone, make_workdir,
						remove_workdir),
		cmocka_unit_test_setup_teardown(unreadable_headers_name_the_device, make_workdir,
						remove_workdir),
		cmocka_unit_test_setup_teardown(measures_in_uuid_order_once_per_boot, tpm_setup,
						tpm_teardown),
		cmocka_unit_test_setup_teardown(unreadable_is_measured_not_skipped, tpm_setup,
						tpm_teardown),
		cmocka_unit_test_setup_teardown(isolated_reports_on_out, tpm_setup, tpm_teardown),
		cmocka_unit_test_setup_teardown(isolated_crash_is_measured, tpm_setup,
						tpm_teardown),
		cmocka_unit_test_setup_teardown(no_tpm_measures_nothing, tpm_setup, tpm_teardown),
	};

	if (spawn_wait_to_file((char *[]){ "cryptsetup", "--version", NULL }, "/dev/null") != 0) {
		fprintf(stderr, "test-luks-measure: cryptsetup cannot run here, skipping\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
