/* tpm-status.c - TPM presence from sysfs, state and lockout from TPM properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/tpm-esys.h"
#include "hw/tpm-status.h"

enum tpm_presence tpm_probe(const char *sysfs_class)
{
	char path[512], buf[8] = "";
	FILE *f;

	if (!sysfs_class)
		sysfs_class = "/sys/class/tpm";
	snprintf(path, sizeof(path), "%s/tpm0", sysfs_class);
	if (access(path, F_OK) != 0)
		return TPM_ABSENT;
	/* Kernels since 5.7 say it; before, only TPM 1.2 drivers expose "caps". */
	snprintf(path, sizeof(path), "%s/tpm0/tpm_version_major", sysfs_class);
	f = fopen(path, "re");
	if (f) {
		int major = fgets(buf, sizeof(buf), f) ? atoi(buf) : 0;

		fclose(f);
		return major == 1 ? TPM_VERSION_1_2 : TPM_VERSION_2_0;
	}
	snprintf(path, sizeof(path), "%s/tpm0/caps", sysfs_class);
	if (access(path, F_OK) == 0)
		return TPM_VERSION_1_2;
	snprintf(path, sizeof(path), "%s/tpm0/device/caps", sysfs_class);
	return access(path, F_OK) == 0 ? TPM_VERSION_1_2 : TPM_VERSION_2_0;
}

static int read_properties(ESYS_CONTEXT *esys, TPM2_PT first, uint32_t count,
			   TPMS_CAPABILITY_DATA **data, char *err, size_t errlen)
{
	TPMI_YES_NO more;
	TSS2_RC rc = Esys_GetCapability(esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
					TPM2_CAP_TPM_PROPERTIES, first, count, &more, data);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "reading the TPM's properties", err, errlen);
	return 0;
}

static void take(const TPMS_CAPABILITY_DATA *data, TPM2_PT property, uint32_t *value)
{
	uint32_t i;

	for (i = 0; i < data->data.tpmProperties.count; i++)
		if (data->data.tpmProperties.tpmProperty[i].property == property)
			*value = data->data.tpmProperties.tpmProperty[i].value;
}

int tpm_status_read(struct tpm *tpm, struct tpm_status *st, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TPMS_CAPABILITY_DATA *data = NULL;
	uint32_t manufacturer = 0, permanent = 0, startup = 0;
	int i, ret;

	memset(st, 0, sizeof(*st));
	ret = read_properties(esys, TPM2_PT_MANUFACTURER, 1, &data, err, errlen);
	if (ret == TPM_ERR_FAIL && tpm_is_version_1_2(tpm)) {
		snprintf(err, errlen, "the TPM does not understand TPM 2.0 commands: it is a "
			 "TPM 1.2, and vigil needs a TPM 2.0");
		return TPM_ERR_VERSION_1_2;
	}
	if (ret < 0)
		return ret;
	take(data, TPM2_PT_MANUFACTURER, &manufacturer);
	Esys_Free(data);
	for (i = 0; i < 4; i++) {
		char c = (char)(manufacturer >> (24 - 8 * i));

		st->manufacturer[i] = c >= ' ' && c <= '~' ? c : ' ';
	}
	/* PT_PERMANENT up to PT_LOCKOUT_RECOVERY are adjacent variable properties. */
	if (read_properties(esys, TPM2_PT_PERMANENT,
			    TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1, &data, err, errlen) < 0)
		return -1;
	take(data, TPM2_PT_PERMANENT, &permanent);
	take(data, TPM2_PT_STARTUP_CLEAR, &startup);
	take(data, TPM2_PT_LOCKOUT_COUNTER, &st->failed_tries);
	take(data, TPM2_PT_MAX_AUTH_FAIL, &st->max_tries);
	take(data, TPM2_PT_LOCKOUT_INTERVAL, &st->recovery_time);
	take(data, TPM2_PT_LOCKOUT_RECOVERY, &st->lockout_recovery);
	Esys_Free(data);
	st->in_lockout = (permanent & TPMA_PERMANENT_INLOCKOUT) != 0;
	st->storage_disabled = !(startup & TPMA_STARTUP_CLEAR_SHENABLE);
	st->owner_auth_set = (permanent & TPMA_PERMANENT_OWNERAUTHSET) != 0;
	st->lockout_auth_set = (permanent & TPMA_PERMANENT_LOCKOUTAUTHSET) != 0;
	return 0;
}

uint32_t tpm_lockout_seconds_left(const struct tpm_status *st)
{
	uint64_t left;

	if (!st->in_lockout)
		return 0;
	if (st->recovery_time == 0)
		return UINT32_MAX;
	/* Out of lockout once failures drop below max_tries; the current interval may be partly gone. */
	left = (uint64_t)(st->failed_tries >= st->max_tries ?
			  st->failed_tries - st->max_tries + 1 : 1) * st->recovery_time;
	return left >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)left;
}

/* Authorise with lockout_auth from now on, when given. */
static int use_lockout_auth(struct tpm *tpm, const struct secret *lockout_auth,
			    char *err, size_t errlen)
{
	return lockout_auth ? tpm_set_lockout_auth(tpm, lockout_auth, err, errlen) : 0;
}

int tpm_da_set(struct tpm *tpm, uint32_t max_tries, uint32_t recovery_time,
	       uint32_t lockout_recovery, const struct secret *lockout_auth,
	       char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TSS2_RC rc;

	if (use_lockout_auth(tpm, lockout_auth, err, errlen) < 0)
		return -1;
	rc = Esys_DictionaryAttackParameters(esys, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD,
					     ESYS_TR_NONE, ESYS_TR_NONE, max_tries,
					     recovery_time, lockout_recovery);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "setting the dictionary-attack parameters", err, errlen);
	return 0;
}

int tpm_da_reset(struct tpm *tpm, const struct secret *lockout_auth, char *err, size_t errlen)
{
	ESYS_CONTEXT *esys = tpm_esys(tpm);
	TSS2_RC rc;

	if (use_lockout_auth(tpm, lockout_auth, err, errlen) < 0)
		return -1;
	rc = Esys_DictionaryAttackLockReset(esys, ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD,
					    ESYS_TR_NONE, ESYS_TR_NONE);
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "resetting the dictionary-attack lockout", err, errlen);
	return 0;
}

static int change_auth(struct tpm *tpm, ESYS_TR hierarchy, const struct secret *new_auth,
		       const char *what, char *err, size_t errlen)
{
	TPM2B_AUTH value = { 0 };
	TSS2_RC rc;

	if (new_auth->len > TPM_HIERARCHY_AUTH_MAX) {
		snprintf(err, errlen, "the passphrase is longer than %d bytes",
			 TPM_HIERARCHY_AUTH_MAX);
		return -1;
	}
	memcpy(value.buffer, new_auth->data, new_auth->len);
	value.size = (UINT16)new_auth->len;
	rc = Esys_HierarchyChangeAuth(tpm_esys(tpm), hierarchy, ESYS_TR_PASSWORD, ESYS_TR_NONE,
				      ESYS_TR_NONE, &value);
	explicit_bzero(&value, sizeof(value));
	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, what, err, errlen);
	return 0;
}

int tpm_take_ownership(struct tpm *tpm, const struct secret *new_auth, char *err, size_t errlen)
{
	ESYS_TR srk;
	int ret;

	ret = change_auth(tpm, ESYS_TR_RH_OWNER, new_auth,
			  "setting the owner hierarchy's passphrase", err, errlen);
	if (ret < 0)
		return ret;
	if (tpm_set_owner_auth(tpm, new_auth, err, errlen) < 0)
		return -1;
	ret = change_auth(tpm, ESYS_TR_RH_LOCKOUT, new_auth,
			  "setting the lockout hierarchy's passphrase (the owner's is set)",
			  err, errlen);
	if (ret < 0)
		return ret;
	if (tpm_set_lockout_auth(tpm, new_auth, err, errlen) < 0)
		return -1;
	/* What was sealed before must still open at boot, where nobody types this passphrase. */
	ret = tpm_srk_create_persistent(tpm, &srk, err, errlen);
	if (ret == 0)
		tpm_srk_release(tpm, srk);
	return ret;
}

int tpm_clear(struct tpm *tpm, char *err, size_t errlen)
{
	TSS2_RC rc = Esys_Clear(tpm_esys(tpm), ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD,
				ESYS_TR_NONE, ESYS_TR_NONE);

	if (rc != TSS2_RC_SUCCESS)
		return tpm_fail(rc, "clearing the TPM with the lockout passphrase", err, errlen);
	tpm_set_owner_auth(tpm, NULL, err, errlen);
	tpm_set_lockout_auth(tpm, NULL, err, errlen);
	return 0;
}
