/*
 * hotp-hidraw.c - find a supported token among the kernel's hidraw devices
 * (vendor and product from sysfs, the interface from its report descriptor)
 * and talk to it: feature reports for the Nitrokey Pro family, interrupt
 * reports for the Nitrokey 3.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/hidraw.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/xmalloc.h"
#include "hw/hotp-proto.h"

#define SYSFS_HIDRAW "/sys/class/hidraw"
#define DEV_DIR "/dev"
/* hotp_verification waits this long before each answer: the Nitrokey Storage needs it. */
#define FEATURE_DELAY_MS 200
/* A Nitrokey 3 sends keepalives every 100 ms while it works, so silence means trouble. */
#define INTERRUPT_TIMEOUT_MS 3000
#define HIDRAW_MAX 256

static const struct {
	uint16_t vendor, product;
	enum hotp_token_kind kind;
} known_tokens[] = {
	{ 0x20a0, 0x4108, HOTP_TOKEN_NITROKEY_PRO },
	{ 0x20a0, 0x4109, HOTP_TOKEN_NITROKEY_STORAGE },
	{ 0x316d, 0x4c4b, HOTP_TOKEN_LIBREM_KEY },
	{ 0x20a0, 0x42b2, HOTP_TOKEN_NITROKEY_3 },
};

static int feature_send(void *ctx, const uint8_t report[HOTP_REPORT_LEN], char *err,
			size_t errlen)
{
	struct hotp_token *t = ctx;
	uint8_t buf[1 + HOTP_REPORT_LEN] = { 0 };	/* report ID 0: unnumbered */
	int n;

	memcpy(buf + 1, report, HOTP_REPORT_LEN);
	n = ioctl(t->fd, HIDIOCSFEATURE(sizeof(buf)), buf);
	explicit_bzero(buf, sizeof(buf));
	if (n < 0) {
		snprintf(err, errlen, "sending a feature report to %s: %s", t->path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int feature_receive(void *ctx, uint8_t report[HOTP_REPORT_LEN], char *err,
			   size_t errlen)
{
	struct hotp_token *t = ctx;
	uint8_t buf[1 + HOTP_REPORT_LEN] = { 0 };
	int n;

	sleep_ms(FEATURE_DELAY_MS);
	n = ioctl(t->fd, HIDIOCGFEATURE(sizeof(buf)), buf);
	if (n < 0) {
		snprintf(err, errlen, "reading a feature report from %s: %s", t->path,
			 strerror(errno));
		return -1;
	}
	if (n != (int)sizeof(buf)) {
		snprintf(err, errlen, "%s returned a feature report of %d bytes, not %zu",
			 t->path, n, sizeof(buf));
		return -1;
	}
	memcpy(report, buf + 1, HOTP_REPORT_LEN);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static int interrupt_send(void *ctx, const uint8_t report[HOTP_REPORT_LEN], char *err,
			  size_t errlen)
{
	struct hotp_token *t = ctx;
	uint8_t buf[1 + HOTP_REPORT_LEN] = { 0 };
	ssize_t n;

	memcpy(buf + 1, report, HOTP_REPORT_LEN);
	do
		n = write(t->fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	explicit_bzero(buf, sizeof(buf));
	if (n != (ssize_t)sizeof(buf)) {
		snprintf(err, errlen, "writing a report to %s: %s", t->path,
			 n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}

static int interrupt_receive(void *ctx, uint8_t report[HOTP_REPORT_LEN], char *err,
			     size_t errlen)
{
	struct hotp_token *t = ctx;
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
	ssize_t n;
	int r;

	do
		r = poll(&pfd, 1, INTERRUPT_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r <= 0) {
		snprintf(err, errlen, "no answer from %s within %d s%s%s", t->path,
			 INTERRUPT_TIMEOUT_MS / 1000, r < 0 ? ": " : "",
			 r < 0 ? strerror(errno) : "");
		return -1;
	}
	do
		n = read(t->fd, report, HOTP_REPORT_LEN);
	while (n < 0 && errno == EINTR);
	if (n != HOTP_REPORT_LEN) {
		snprintf(err, errlen, "reading a report from %s: %s", t->path,
			 n < 0 ? strerror(errno) : "short report");
		return -1;
	}
	return 0;
}

/* "HID_ID=0003:000020A0:00004108" in the device's uevent: bus, vendor, product. */
static int read_ids(const char *sysfs_dir, const char *name, unsigned *vendor,
		    unsigned *product)
{
	char path[512], *text, *line;
	unsigned bus;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s/device/uevent", sysfs_dir, name);
	text = file_read_all(path, NULL, 64 * 1024);
	if (!text)
		return -1;
	line = strstr(text, "HID_ID=");
	if (line && sscanf(line, "HID_ID=%x:%x:%x", &bus, vendor, product) == 3)
		ret = 0;
	free(text);
	return ret;
}

/*
 * Walk the report descriptor's short items: does it declare a feature report
 * (the Nitrokey Pro family's command channel), and the FIDO usage page
 * 0xF1D0 (the Nitrokey 3's CTAPHID interface)?
 */
static void scan_descriptor(const uint8_t *d, size_t len, bool *feature, bool *fido)
{
	size_t i = 0;

	*feature = *fido = false;
	while (i < len) {
		uint8_t prefix = d[i];
		size_t size = (prefix & 3) == 3 ? 4 : prefix & 3;

		if (prefix == 0xfe) {	/* long item: size in the next byte */
			if (i + 1 >= len)
				break;
			i += 3 + d[i + 1];
			continue;
		}
		if (i + 1 + size > len)
			break;
		if ((prefix & 0xfc) == 0xb0)
			*feature = true;
		if ((prefix & 0xfc) == 0x04 && size == 2 && d[i + 1] == 0xd0 && d[i + 2] == 0xf1)
			*fido = true;
		i += 1 + size;
	}
}

/* Does hidrawN belong to a supported token, and is it the interface vigil talks to? */
static int match(const char *sysfs_dir, const char *name, enum hotp_token_kind *kind)
{
	char path[512], *desc;
	unsigned vendor, product;
	bool feature, fido;
	size_t i, len;

	if (read_ids(sysfs_dir, name, &vendor, &product) < 0)
		return 0;
	for (i = 0; i < sizeof(known_tokens) / sizeof(known_tokens[0]); i++)
		if (known_tokens[i].vendor == vendor && known_tokens[i].product == product)
			break;
	if (i == sizeof(known_tokens) / sizeof(known_tokens[0]))
		return 0;
	*kind = known_tokens[i].kind;
	snprintf(path, sizeof(path), "%s/%s/device/report_descriptor", sysfs_dir, name);
	desc = file_read_all(path, &len, 64 * 1024);
	/* No descriptor to read (an older kernel): trust the IDs. */
	if (!desc)
		return 1;
	scan_descriptor((const uint8_t *)desc, len, &feature, &fido);
	free(desc);
	return *kind == HOTP_TOKEN_NITROKEY_3 ? fido : feature;
}

static int by_number(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	long nx = strtol(x + strlen("hidraw"), NULL, 10);
	long ny = strtol(y + strlen("hidraw"), NULL, 10);

	return (nx > ny) - (nx < ny);
}

int hotp_token_open(struct hotp_token *t, const char *sysfs_dir, const char *dev_dir,
		    char *err, size_t errlen)
{
	static const struct hotp_transport feature_io = { feature_send, feature_receive, NULL };
	static const struct hotp_transport interrupt_io = { interrupt_send, interrupt_receive,
							    NULL };
	char *names[HIDRAW_MAX];
	enum hotp_token_kind kind;
	size_t count = 0, i;
	struct dirent *de;
	DIR *dir;
	int ret = HOTP_ERR_NO_TOKEN;

	sysfs_dir = sysfs_dir ? sysfs_dir : SYSFS_HIDRAW;
	dev_dir = dev_dir ? dev_dir : DEV_DIR;
	dir = opendir(sysfs_dir);
	if (!dir) {
		snprintf(err, errlen, "no HOTP token found: %s: %s (a kernel without "
			 "CONFIG_HIDRAW has none)", sysfs_dir, strerror(errno));
		return HOTP_ERR_NO_TOKEN;
	}
	while ((de = readdir(dir)) && count < HIDRAW_MAX)
		if (!strncmp(de->d_name, "hidraw", 6))
			names[count++] = xstrdup(de->d_name);
	closedir(dir);
	/* hidraw0 before hidraw10: the same token on every run. */
	qsort(names, count, sizeof(names[0]), by_number);
	snprintf(err, errlen, "no HOTP token found: none of the %zu HID devices is a "
		 "Nitrokey Pro, Nitrokey Storage, Nitrokey 3 or Librem Key", count);
	for (i = 0; i < count; i++) {
		if (!match(sysfs_dir, names[i], &kind))
			continue;
		hotp_token_attach(t, kind, kind == HOTP_TOKEN_NITROKEY_3 ? &interrupt_io :
				  &feature_io);
		t->io.ctx = t;
		snprintf(t->path, sizeof(t->path), "%s/%s", dev_dir, names[i]);
		t->fd = open(t->path, O_RDWR | O_CLOEXEC);
		if (t->fd < 0) {
			snprintf(err, errlen, "cannot open %s (%s): %s", t->path,
				 hotp_token_name(kind), strerror(errno));
			ret = HOTP_ERR_FAIL;
		} else {
			err[0] = 0;
			ret = 0;
		}
		break;
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	return ret;
}
