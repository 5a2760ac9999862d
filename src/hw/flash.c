/* flash.c - read and write the boot flash with flashrom; an emulated chip's contents live on a disk. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/kvconf.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/flash.h"
#include "i18n.h"

#define FLASH_ERR_TAIL 400

/* The first line of a sysfs attribute, without trailing blanks; "" if unreadable. */
static void read_attr(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (!fp)
		return;
	if (!fgets(buf, (int)size, fp))
		buf[0] = '\0';
	fclose(fp);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
}

/* The block device whose serial (virtio: serial; NVMe, SCSI: device/serial) is f->serial. */
static int find_disk(struct flash *f, char *err, size_t errlen)
{
	char *dir = xasprintf("%s/block", f->sys_root), *path, serial[128];
	struct dirent *d;
	DIR *dp = opendir(dir);
	int found = 0;

	if (!dp) {
		snprintf(err, errlen, _("cannot list the disks in %s: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	while (!found && (d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s/serial", dir, d->d_name);
		read_attr(path, serial, sizeof(serial));
		free(path);
		if (!serial[0]) {
			path = xasprintf("%s/%s/device/serial", dir, d->d_name);
			read_attr(path, serial, sizeof(serial));
			free(path);
		}
		if (serial[0] && !strcmp(serial, f->serial)) {
			snprintf(f->disk, sizeof(f->disk), "%s/%s", f->dev_root, d->d_name);
			found = 1;
		}
	}
	closedir(dp);
	free(dir);
	if (!found) {
		snprintf(err, errlen, _("emulated flash: no disk has the serial '%s'"), f->serial);
		return -1;
	}
	return 0;
}

int flash_open_at(struct flash *f, const char *setting, const char *sys_root,
		  const char *dev_root, const char *run_dir, char *err, size_t errlen)
{
	size_t plen = strlen(FLASH_EMULATED_PREFIX);

	memset(f, 0, sizeof(*f));
	f->sys_root = sys_root;
	f->dev_root = dev_root;
	f->run_dir = run_dir;
	if (!setting || !*setting)
		setting = FLASH_DEFAULT_PROGRAMMER;
	if (strncmp(setting, FLASH_EMULATED_PREFIX, plen)) {
		/* flashrom's own syntax: a programmer name, then :param=value,... */
		if (strlen(setting) >= sizeof(f->programmer) || strpbrk(setting, " \t\n")) {
			snprintf(err, errlen, _("board config: flash = %s is not a flashrom programmer"),
				 setting);
			return -1;
		}
		snprintf(f->programmer, sizeof(f->programmer), "%s", setting);
		return 0;
	}
	setting += plen;
	if (!*setting || strlen(setting) >= sizeof(f->serial) || strpbrk(setting, "/ ,:")) {
		snprintf(err, errlen, _("board config: flash = emulated:%s does not name a disk serial"),
			 setting);
		return -1;
	}
	snprintf(f->serial, sizeof(f->serial), "%s", setting);
	snprintf(f->image, sizeof(f->image), "%s/flash-chip.bin", run_dir);
	snprintf(f->programmer, sizeof(f->programmer), "dummy:emulate=%s,image=%s",
		 FLASH_EMULATED_CHIP, f->image);
	return find_disk(f, err, errlen);
}

int flash_open(struct flash *f, const char *setting, char *err, size_t errlen)
{
	return flash_open_at(f, setting, "/sys", "/dev", "/run/vigil", err, errlen);
}

int flash_open_board(struct flash *f, const char *board_config, char *err, size_t errlen)
{
	struct kvconf conf;
	char why[512];
	int ret;

	if (access(board_config, F_OK) < 0)
		return flash_open(f, NULL, err, errlen);
	if (kvconf_load(&conf, board_config, why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("board config %s: %s"), board_config, why);
		return -1;
	}
	ret = flash_open(f, kvconf_get(&conf, FLASH_BOARD_KEY), err, errlen);
	kvconf_free(&conf);
	return ret;
}

/* Copy len bytes from one open file to another, then flush the target to its medium. */
static int copy_bytes(int in, int out, size_t len)
{
	char buf[65536];
	size_t done = 0;
	ssize_t n, w;

	while (done < len) {
		n = read(in, buf, len - done < sizeof(buf) ? len - done : sizeof(buf));
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* shorter than the chip */
			return -1;
		}
		for (ssize_t off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0)
				return -1;
		}
		done += (size_t)n;
	}
	return fsync(out);
}

/* The emulated chip before flashrom runs: its image file, from the disk. */
static int chip_load(const struct flash *f, char *err, size_t errlen)
{
	int in, out, ret;

	if (mkdir(f->run_dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, _("cannot create %s: %s"), f->run_dir, strerror(errno));
		return -1;
	}
	in = open(f->disk, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(err, errlen, _("emulated flash %s: %s"), f->disk, strerror(errno));
		return -1;
	}
	out = open(f->image, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		snprintf(err, errlen, _("cannot create %s: %s"), f->image, strerror(errno));
		close(in);
		return -1;
	}
	ret = copy_bytes(in, out, FLASH_EMULATED_SIZE);
	if (ret < 0)
		snprintf(err, errlen, _("emulated flash %s: cannot read %u bytes: %s"), f->disk,
			 FLASH_EMULATED_SIZE, strerror(errno));
	close(in);
	if (close(out) < 0 && ret == 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), f->image, strerror(errno));
		ret = -1;
	}
	return ret;
}

/* After flashrom wrote the emulated chip: its image back onto the disk. */
static int chip_store(const struct flash *f, char *err, size_t errlen)
{
	int in, out, ret;

	in = open(f->image, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(err, errlen, _("emulated flash: %s: %s"), f->image, strerror(errno));
		return -1;
	}
	out = open(f->disk, O_WRONLY | O_CLOEXEC);
	if (out < 0) {
		snprintf(err, errlen, _("emulated flash %s: %s"), f->disk, strerror(errno));
		close(in);
		return -1;
	}
	ret = copy_bytes(in, out, FLASH_EMULATED_SIZE);
	if (ret < 0)
		snprintf(err, errlen, _("emulated flash %s: cannot write it: %s"), f->disk,
			 strerror(errno));
	close(in);
	if (close(out) < 0 && ret == 0) {
		snprintf(err, errlen, _("emulated flash %s: %s"), f->disk, strerror(errno));
		ret = -1;
	}
	return ret;
}

/*
 * Progress from flashrom -V while it writes: "Reading old flash chip
 * contents", then a token "0xSTART-0xEND:S" (or :E, :W, :EW) per erase
 * block, then "Verifying flash". Tokens may arrive split across reads.
 */
struct write_watch {
	char tok[48];		/* the current token, up to a blank or comma */
	size_t len;
	uint64_t size;		/* of the image, for the blocks' share */
	uint64_t shown;		/* last percent reported */
	flash_progress_fn fn;
	void *ctx;
};

static void report(struct write_watch *w, uint64_t percent)
{
	if (percent <= w->shown && w->shown)
		return;
	w->shown = percent;
	w->fn(percent, 100, w->ctx);
}

static void token_done(struct write_watch *w)
{
	uint64_t start, end;

	w->tok[w->len] = '\0';
	if (!strcmp(w->tok, "Reading"))
		report(w, 2);
	else if (!strcmp(w->tok, "Verifying"))
		report(w, 90);
	else if (w->size && sscanf(w->tok, "0x%" SCNx64 "-0x%" SCNx64 ":", &start, &end) == 2 &&
		 end < w->size)
		report(w, 5 + 85 * (end + 1) / w->size);
	w->len = 0;
}

static void watch_output(void *ctx, const char *data, size_t len)
{
	struct write_watch *w = ctx;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = data[i];

		if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
			if (w->len)
				token_done(w);
		} else if (w->len < sizeof(w->tok) - 1) {
			w->tok[w->len++] = c;
		}
	}
}

/* flashrom -p PROGRAMMER [-V] OP path; err holds its last words on failure. */
static int run_flashrom(const struct flash *f, const char *op, const char *path,
			const char *what, struct write_watch *watch, char *err, size_t errlen)
{
	char tail[FLASH_ERR_TAIL], *nl;
	char *plain[] = { "flashrom", "-p", (char *)f->programmer, (char *)op, (char *)path, NULL };
	char *verbose[] = { "flashrom", "-V", "-p", (char *)f->programmer, (char *)op,
			    (char *)path, NULL };
	int rc = watch ? spawn_wait_output_watch(verbose, watch_output, watch, tail, sizeof(tail))
		       : spawn_wait_output_tail(plain, tail, sizeof(tail));

	if (rc == 0)
		return 0;
	/* flashrom says what went wrong on its last lines. */
	while ((nl = strrchr(tail, '\n')) && nl[1] == '\0')
		*nl = '\0';
	if (rc < 0)
		snprintf(err, errlen, _("cannot run flashrom: %s"), strerror(errno));
	else
		snprintf(err, errlen, _("flashrom could not %s the flash (programmer %s, exit %d): %s"),
			 what, f->programmer, rc, tail[0] ? tail : _("no message"));
	return -1;
}

int flash_read(const struct flash *f, const char *path, char *err, size_t errlen)
{
	int ret;

	if (f->serial[0] && chip_load(f, err, errlen) < 0)
		return -1;
	/* Start without the file, so that a failed read leaves none. */
	if (unlink(path) < 0 && errno != ENOENT) {
		snprintf(err, errlen, _("cannot replace %s: %s"), path, strerror(errno));
		return -1;
	}
	ret = run_flashrom(f, "-r", path, _("read"), NULL, err, errlen);
	if (f->serial[0])
		unlink(f->image);
	if (ret == 0 && chmod(path, 0600) < 0) {
		snprintf(err, errlen, _("%s: %s"), path, strerror(errno));
		ret = -1;
	}
	return ret;
}

int flash_write(const struct flash *f, const char *path, char *err, size_t errlen)
{
	return flash_write_progress(f, path, NULL, NULL, err, errlen);
}

int flash_write_progress(const struct flash *f, const char *path, flash_progress_fn fn,
			 void *ctx, char *err, size_t errlen)
{
	struct write_watch watch = { .fn = fn, .ctx = ctx };
	struct stat st;
	int ret;

	if (fn) {
		watch.size = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
		fn(0, 100, ctx);
	}
	if (f->serial[0] && chip_load(f, err, errlen) < 0)
		return -1;
	ret = run_flashrom(f, "-w", path, _("write"), fn ? &watch : NULL, err, errlen);
	/* Even a failed write may have changed the chip: the disk gets what flashrom left. */
	if (f->serial[0]) {
		char why[256];

		if (chip_store(f, why, sizeof(why)) < 0 && ret == 0) {
			snprintf(err, errlen, "%s", why);
			ret = -1;
		}
		unlink(f->image);
	}
	if (ret == 0 && fn)
		fn(100, 100, ctx);
	return ret;
}
