/* luks-measure.c - find the LUKS devices, extend PCR 6 with their headers in UUID order, once. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boot/discover-probe.h"
#include "common/xmalloc.h"
#include "hw/eventlog.h"
#include "hw/luks-header.h"
#include "hw/luks-measure.h"
#include "hw/measure.h"
#include "hw/tpm.h"
#include "i18n.h"

#define DID_NOT_FINISH "LUKS header measurement did not finish"
/* The child's exit status is this plus its luks_measure_status: any other status is a failure. */
#define CHILD_STATUS_BASE 64

/* One event for PCR 6: a header's digest, or a fixed failure event. */
struct luks_item {
	char *device;
	char *uuid;		/* the sort key: the header's, else blkid's, else "" */
	char *event;		/* the log text */
	bool readable;
	struct luks_header header;
};

static const char *mark_path(const struct luks_measure_options *opt)
{
	return opt->mark ? opt->mark : LUKS_MEASURE_MARK;
}

static bool have_tpm(void)
{
	char why[256];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));

	if (tpm)
		tpm_close(tpm);
	return tpm != NULL;
}

/* 1: this boot's measurement was started before; 0: the mark is ours now; -1 with a problem. */
static int take_mark(const char *path, struct luks_measure_report *rep)
{
	char *dir = xstrdup(path);
	int fd;

	mkdir(dirname(dir), 0755);
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 1;
	strlist_push(&rep->problems, xasprintf(_("cannot make %s, so a second run this boot "
						 "would measure again: %s"), path,
					       strerror(errno)));
	return -1;
}

/* Fail closed: in its place a fixed event, so PCR 6 never looks as if the device had no header. */
static void add_unreadable(struct luks_item *it, const char *device, const char *blkid_uuid,
			   const char *what)
{
	it->device = xstrdup(device);
	it->uuid = xstrdup(blkid_uuid ? blkid_uuid : "");
	it->event = xasprintf("%s: %s", what, device);
	it->readable = false;
}

/* The item for device, or false when it holds no LUKS header; problems say what failed. */
static bool read_device(const char *device, const char *tmpdir, struct luks_item *it,
			struct luks_measure_report *rep)
{
	char err[512], *blkid_uuid = NULL;
	int r = probe_luks(device, &blkid_uuid, err, sizeof(err));

	memset(it, 0, sizeof(*it));
	if (r == 0)
		return false;
	if (r < 0) {
		strlist_pushdup(&rep->problems, err);
		add_unreadable(it, device, NULL, "unreadable device");
	} else if (luks_header_read(device, tmpdir, &it->header, err, sizeof(err)) < 0) {
		strlist_pushdup(&rep->problems, err);
		add_unreadable(it, device, blkid_uuid, "unreadable LUKS header");
	} else {
		it->device = xstrdup(device);
		it->uuid = xstrdup(it->header.uuid);
		it->event = xasprintf("LUKS header: UUID=%s (%s)", it->header.uuid, device);
		it->readable = true;
	}
	free(blkid_uuid);
	return true;
}

static int by_uuid(const void *a, const void *b)
{
	const struct luks_item *x = a, *y = b;
	int c = strcmp(x->uuid, y->uuid);

	return c ? c : strcmp(x->device, y->device);
}

/* Extend PCR 6 with it; a line for measured, or a problem. */
static bool measure_item(const struct luks_item *it, struct luks_measure_report *rep)
{
	char err[512], hex[SHA256_HEX_LEN + 1];
	uint8_t digest[SHA256_LEN];
	int r;

	if (it->readable)
		memcpy(digest, it->header.digest, SHA256_LEN);
	else
		hash_sha256(it->event, strlen(it->event), digest);
	r = measure_digest(LUKS_MEASURE_PCR, EV_IPL, it->event, digest, err, sizeof(err));
	if (r < 0) {
		strlist_push(&rep->problems, xasprintf(_("%s: not measured: %s"), it->device, err));
		return false;
	}
	hash_hex(digest, SHA256_LEN, hex);
	strlist_push(&rep->measured, xasprintf("%s: %s%ssha256 %s", it->event,
					       it->readable ? it->header.type : "",
					       it->readable ? ", " : "", hex));
	return true;
}

enum luks_measure_status luks_measure_boot(const struct luks_measure_options *opt,
					   struct luks_measure_report *rep)
{
	const struct discover_options none = { 0 };
	const char *tmpdir = opt->tmpdir ? opt->tmpdir : LUKS_MEASURE_TMPDIR;
	struct strlist nodes = { 0 };
	struct luks_item *items;
	size_t i, n = 0;
	bool ok;
	int mark;

	memset(rep, 0, sizeof(*rep));
	/* Basic mode: nothing was sealed, nothing to measure into. */
	if (!have_tpm())
		return LUKS_MEASURE_NO_TPM;
	mark = take_mark(mark_path(opt), rep);
	if (mark > 0)
		return LUKS_MEASURE_ALREADY;
	/* Without a mark, measuring anyway can only extend twice, which keeps secrets sealed. */
	ok = mark == 0;
	mkdir(tmpdir, 0755);
	discover_device_nodes(opt->discover ? opt->discover : &none, &nodes, &rep->problems);
	items = xcalloc(nodes.n + 1, sizeof(*items));
	for (i = 0; i < nodes.n; i++)
		if (read_device(nodes.v[i], tmpdir, &items[n], rep)) {
			ok = ok && items[n].readable;
			n++;
		}
	qsort(items, n, sizeof(*items), by_uuid);
	for (i = 0; i < n; i++) {
		if (!measure_item(&items[i], rep))
			ok = false;
		else if (items[i].readable)
			rep->headers++;
		free(items[i].device);
		free(items[i].uuid);
		free(items[i].event);
	}
	free(items);
	strlist_free(&nodes);
	return ok ? LUKS_MEASURE_DONE : LUKS_MEASURE_FAILED;
}

void luks_measure_report_free(struct luks_measure_report *rep)
{
	strlist_free(&rep->measured);
	strlist_free(&rep->problems);
	memset(rep, 0, sizeof(*rep));
}

void luks_measure_print(const struct luks_measure_report *rep, enum luks_measure_status status,
			FILE *out, const char *prefix, int details)
{
	size_t i;

	for (i = 0; details && i < rep->measured.n; i++)
		fprintf(out, _("%sPCR %d: %s\n"), prefix, LUKS_MEASURE_PCR, rep->measured.v[i]);
	for (i = 0; i < rep->problems.n; i++)
		fprintf(out, _("%sLUKS: %s\n"), prefix, rep->problems.v[i]);
	switch (status) {
	case LUKS_MEASURE_DONE:
		fprintf(out, _("%sLUKS headers measured into PCR %d: %zu\n"), prefix,
			LUKS_MEASURE_PCR, rep->headers);
		break;
	case LUKS_MEASURE_ALREADY:
		fprintf(out, _("%sLUKS headers were measured into PCR %d earlier this boot: "
			       "not again\n"), prefix, LUKS_MEASURE_PCR);
		break;
	case LUKS_MEASURE_NO_TPM:
		fprintf(out, _("%sno TPM: LUKS headers are not measured\n"), prefix);
		break;
	case LUKS_MEASURE_FAILED:
	default:
		fprintf(out, _("%sLUKS headers: %zu measured into PCR %d; what could not be "
			       "read is recorded there as unreadable\n"), prefix, rep->headers,
			LUKS_MEASURE_PCR);
		break;
	}
}

/* The child: measure, print, and say how it went in the exit status. */
static void run_child(const struct luks_measure_options *opt, FILE *out, const char *prefix)
{
	struct luks_measure_report rep;
	enum luks_measure_status status = luks_measure_boot(opt, &rep);

	luks_measure_print(&rep, status, out, prefix, 0);
	luks_measure_report_free(&rep);
	fflush(out);
	_exit(CHILD_STATUS_BASE + (int)status);
}

enum luks_measure_status luks_measure_isolated(const struct luks_measure_options *opt,
					       FILE *out, const char *prefix)
{
	char err[512];
	int status;
	pid_t pid;

	fflush(out);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		run_child(opt, out, prefix);
	if (pid < 0) {
		/* No child to protect us: measuring here beats leaving PCR 6 as if no LUKS. */
		struct luks_measure_report rep;
		enum luks_measure_status st = luks_measure_boot(opt, &rep);

		luks_measure_print(&rep, st, out, prefix, 0);
		luks_measure_report_free(&rep);
		return st;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) >= CHILD_STATUS_BASE &&
	    WEXITSTATUS(status) <= CHILD_STATUS_BASE + LUKS_MEASURE_FAILED)
		return (enum luks_measure_status)(WEXITSTATUS(status) - CHILD_STATUS_BASE);
	if (status != -1 && WIFSIGNALED(status))
		fprintf(out, _("%sthe LUKS header measurement crashed (signal %d: %s)\n"), prefix,
			WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		fprintf(out, _("%sthe LUKS header measurement did not finish\n"), prefix);
	if (measure_data(LUKS_MEASURE_PCR, EV_IPL, DID_NOT_FINISH, DID_NOT_FINISH,
			 strlen(DID_NOT_FINISH), err, sizeof(err)) < 0 && have_tpm())
		fprintf(out, "%s%s\n", prefix, err);
	return LUKS_MEASURE_FAILED;
}
