/* seal-pcrs.c - PCR values at menu time: the TPM's, with PCR 4 taken back to before boot modes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/seal-pcrs.h"
#include "i18n.h"

/* The prefix measure.c's callers give boot-mode events ("boot mode: recovery"). */
#define BOOT_MODE_EVENT "boot mode: "

static int is_boot_mode_event(const struct eventlog_event *ev)
{
	size_t n = strlen(BOOT_MODE_EVENT);

	return ev->pcr == MEASURE_PCR_BOOT_MODE && ev->type == EV_IPL && ev->data_len >= n &&
	       memcmp(ev->data, BOOT_MODE_EVENT, n) == 0;
}

static int pcr4_at_menu(const struct eventlog *log, const uint8_t now[SHA256_LEN],
			const char *log_path, uint8_t out[SHA256_LEN], char *err, size_t errlen)
{
	uint8_t all[SHA256_LEN] = { 0 }, before[SHA256_LEN] = { 0 };
	char want[SHA256_HEX_LEN + 1], got[SHA256_HEX_LEN + 1];
	int seen_mode = 0;
	size_t i;

	for (i = 0; i < log->count; i++) {
		const struct eventlog_event *ev = &log->events[i];

		if (ev->pcr != MEASURE_PCR_BOOT_MODE || ev->type == EV_NO_ACTION)
			continue;
		if (is_boot_mode_event(ev))
			seen_mode = 1;
		hash_sha256_extend(all, ev->sha256);
		if (!seen_mode)
			hash_sha256_extend(before, ev->sha256);
	}
	if (memcmp(all, now, SHA256_LEN) != 0) {
		hash_hex(all, SHA256_LEN, got);
		hash_hex(now, SHA256_LEN, want);
		snprintf(err, errlen, "%s does not account for PCR 4: its events give %s, the "
			 "TPM has %s", log_path, got, want);
		return -1;
	}
	memcpy(out, before, SHA256_LEN);
	return 0;
}

int seal_pcrs_expected(struct tpm *tpm, uint32_t mask, const char *log_path,
		       tpm_pcr_values out, char *err, size_t errlen)
{
	struct eventlog log = { 0 };
	int ret;

	if (tpm_pcr_read_mask(tpm, mask, out, err, errlen) < 0)
		return -1;
	if (!(mask & (1u << MEASURE_PCR_BOOT_MODE)))
		return 0;
	if (access(log_path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (eventlog_load(log_path, &log, err, errlen) < 0)
		return -1;
	ret = pcr4_at_menu(&log, out[MEASURE_PCR_BOOT_MODE], log_path,
			   out[MEASURE_PCR_BOOT_MODE], err, errlen);
	eventlog_free(&log);
	return ret;
}

const char *seal_pcr_meaning(unsigned pcr)
{
	switch (pcr) {
	case 0:
	case 1:
	case 3:
		return _("firmware code or configuration");
	case 2:
		return _("firmware: coreboot stages and the vigil payload");
	case 4:
		return _("boot mode (a boot, the recovery shell or an unverified boot happened)");
	case 6:
		return _("the LUKS headers on the disks (a keyslot or a disk changed)");
	case 7:
		return _("vigil's ROM files: public keys and settings");
	default:
		return _("measurements");
	}
}
