/* measure.c - extend PCRs and keep the TCG event log of everything vigil and coreboot measured. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "hw/cbmem-tcpa.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/tpm.h"

#define LOG_MODE 0644	/* the OS reads it to attest; it holds no secrets */

static char *log_path;

void measure_set_log_path(const char *path)
{
	free(log_path);
	log_path = path ? xstrdup(path) : NULL;
}

const char *measure_log_path(void)
{
	return log_path ? log_path : MEASURE_LOG_DEFAULT;
}

/*
 * Measurements from several processes must reach the TPM and the log in the
 * same order, so both happen under a lock. It is a separate file because the
 * log itself is replaced by rename on every append.
 */
static int lock_log(char *err, size_t errlen)
{
	char *path = xasprintf("%s.lock", measure_log_path());
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

static void unlock_log(int fd)
{
	close(fd);	/* releases the flock */
}

/* Replace the log with buf; a crash leaves the old or the new log, both whole. */
static int write_log(const struct eventlog_buf *buf, char *err, size_t errlen)
{
	if (file_write_atomic(measure_log_path(), buf->data, buf->len, LOG_MODE) < 0) {
		snprintf(err, errlen, "cannot write the event log %s: %s", measure_log_path(),
			 strerror(errno));
		return -1;
	}
	return 0;
}

static void make_log_dir(void)
{
	char *copy = xstrdup(measure_log_path());

	/* /run/vigil on the payload; an existing directory is fine. */
	mkdir(dirname(copy), 0755);
	free(copy);
}

/* The header and coreboot's events into buf; 0, or 1 with a note and err saying why there are none. */
static int start_log(const char *memory, struct eventlog_buf *buf, char *err, size_t errlen)
{
	struct cbmem_source src;
	struct tcpa_entry *entries = NULL;
	size_t count = 0;
	char why[256], note[400];
	int ret;

	if (!memory) {
		snprintf(why, sizeof(why), "no memory to read CBMEM from");
		ret = -1;
	} else if (cbmem_source_open(&src, memory, why, sizeof(why)) < 0) {
		ret = -1;
	} else {
		ret = cbmem_tcpa_read(&src, &entries, &count, why, sizeof(why));
		cbmem_source_close(&src);
		if (ret == 0)
			snprintf(why, sizeof(why), "coreboot left no TCPA log in CBMEM "
				 "(built without measured boot?)");
	}
	if (ret > 0) {
		eventlog_write_header(buf, NULL);
		cbmem_tcpa_to_eventlog(entries, count, buf);
		free(entries);
		return 0;
	}
	snprintf(note, sizeof(note), "coreboot's measurements are missing from this log: %s", why);
	eventlog_write_header(buf, note);
	snprintf(err, errlen, "%s", note);
	return 1;
}

int measure_init(const char *memory, char *err, size_t errlen)
{
	struct eventlog_buf buf = { 0 };
	int lock, ret;

	make_log_dir();
	lock = lock_log(err, errlen);
	if (lock < 0)
		return -1;
	ret = start_log(memory, &buf, err, errlen);
	if (write_log(&buf, err, errlen) < 0)
		ret = -1;
	eventlog_buf_free(&buf);
	unlock_log(lock);
	return ret;
}

static int extend_tpm(unsigned pcr, const uint8_t digest[SHA256_LEN], char *err, size_t errlen)
{
	char why[256];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	int ret = -1;

	if (tpm) {
		ret = tpm_pcr_extend(tpm, pcr, digest, why, sizeof(why));
		tpm_close(tpm);
	}
	if (ret < 0)
		snprintf(err, errlen, "cannot extend PCR %u: %s", pcr, why);
	return ret;
}

static int append_event(unsigned pcr, uint32_t event_type, const char *description,
			const uint8_t digest[SHA256_LEN], char *err, size_t errlen)
{
	struct eventlog_buf buf = { 0 };
	size_t len;
	char *old = file_read_all(measure_log_path(), &len, EVENTLOG_MAX_SIZE);
	int ret;

	if (!old) {
		snprintf(err, errlen, "PCR %u was extended, but the event log %s cannot be read: %s",
			 pcr, measure_log_path(), strerror(errno));
		return -1;
	}
	buf.data = (uint8_t *)old;
	buf.len = buf.cap = len;
	eventlog_write_event(&buf, pcr, event_type, digest, description,
			     (uint32_t)strlen(description) + 1);
	ret = write_log(&buf, err, errlen);
	eventlog_buf_free(&buf);
	return ret;
}

int measure_digest(unsigned pcr, uint32_t event_type, const char *description,
		   const uint8_t digest[SHA256_LEN], char *err, size_t errlen)
{
	char why[256];
	int lock, ret;

	if (pcr >= TPM_PCR_COUNT) {
		snprintf(err, errlen, "PCR %u does not exist (PCRs are 0-%d)", pcr,
			 TPM_PCR_COUNT - 1);
		return -1;
	}
	/* Without the lock the TPM is still extended: a measurement is never skipped. */
	lock = lock_log(why, sizeof(why));
	ret = extend_tpm(pcr, digest, err, errlen);
	if (ret == 0 && lock < 0) {
		snprintf(err, errlen, "PCR %u was extended, but not logged: %s", pcr, why);
		return -1;
	}
	/* Logged only once the TPM has it, so the log never claims more than the TPM holds. */
	if (ret == 0)
		ret = append_event(pcr, event_type, description, digest, err, errlen);
	if (lock >= 0)
		unlock_log(lock);
	return ret;
}

int measure_data(unsigned pcr, uint32_t event_type, const char *description,
		 const void *data, size_t len, char *err, size_t errlen)
{
	uint8_t digest[SHA256_LEN];

	hash_sha256(data, len, digest);
	return measure_digest(pcr, event_type, description, digest, err, errlen);
}

int measure_file(unsigned pcr, uint32_t event_type, const char *description,
		 const char *path, char *err, size_t errlen)
{
	uint8_t digest[SHA256_LEN];

	if (hash_sha256_file(path, digest) < 0) {
		snprintf(err, errlen, "cannot measure %s into PCR %u: %s", path, pcr,
			 strerror(errno));
		return -1;
	}
	return measure_digest(pcr, event_type, description ? description : path, digest,
			      err, errlen);
}
