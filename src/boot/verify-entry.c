/* verify-entry.c - the boot policy (verify, no keys, unverified) and the verification of an entry's partition. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "boot/discover-usb.h"
#include "boot/fsroot.h"
#include "boot/kexec.h"
#include "boot/verify-entry.h"
#include "hw/tpm-counter.h"
#include "hw/tpm.h"
#include "i18n.h"

enum boot_check boot_check_choose(bool have_keys, bool unverified, bool restricted)
{
	if (unverified)
		return restricted ? BOOT_CHECK_FORBIDDEN : BOOT_CHECK_UNVERIFIED;
	return have_keys ? BOOT_CHECK_VERIFY : BOOT_CHECK_NO_KEYS;
}

const char *boot_check_mode(enum boot_check check, int from_usb)
{
	if (check == BOOT_CHECK_UNVERIFIED)
		return KEXEC_MODE_UNVERIFIED;
	return from_usb != 0 ? KEXEC_MODE_USB : KEXEC_MODE_NORMAL;
}

int boot_entry_from_usb(const struct boot_entry *e, const char *sys_root)
{
	struct stat st;

	if (!e->host_root || !e->kernel)
		return 0;
	/* As kexec will read it: symlinks resolve inside the partition, never into ours. */
	if (fsroot_stat(e->host_root, e->kernel, &st) < 0)
		return -1;
	return usb_holds_device(sys_root, major(st.st_dev), minor(st.st_dev));
}

int verify_entry_read_counter(uint32_t nv_index, uint64_t *value, void *ctx, char *err,
			      size_t errlen)
{
	char why[256];
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	int ret;

	(void)ctx;
	if (!tpm)
		return 1;	/* no TPM (basic mode): no counter to hold anything back */
	ret = tpm_counter_exists(tpm, nv_index, err, errlen);
	if (ret == 1)
		ret = tpm_counter_read(tpm, nv_index, value, err, errlen) < 0 ? -1 : 0;
	else if (ret == 0)
		ret = 1;
	tpm_close(tpm);
	return ret;
}

enum bootverify_status verify_entry(const struct boot_entry *e, const char *gnupghome,
				    const struct manifest_walk *walk,
				    struct bootverify_result *res)
{
	struct bootverify_opts opts = {
		.gnupghome = gnupghome,
		.read_counter = verify_entry_read_counter,
	};

	if (walk)
		opts.walk = *walk;
	if (!e->host_root) {
		memset(res, 0, sizeof(*res));
		res->status = BV_ERROR;
		snprintf(res->message, sizeof(res->message),
			 _("cannot read the boot partition: entry '%s' is not on a mounted "
			   "partition"), e->name);
		return res->status;
	}
	return bootverify(e->host_root, &opts, res);
}
