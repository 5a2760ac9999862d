/* tpm-esys.h - shared by the TPM modules only: the ESAPI context and response-code classes. */
#ifndef VIGIL_TPM_ESYS_H
#define VIGIL_TPM_ESYS_H

#include <stdbool.h>
#include <stddef.h>
#include <tss2/tss2_esys.h>

#include "hw/tpm.h"

ESYS_CONTEXT *tpm_esys(struct tpm *tpm);
/* 1 when the TPM answers a TPM 2.0 command as a TPM 1.2 does. */
int tpm_is_version_1_2(struct tpm *tpm);

/* The response code without its handle/session/parameter number and TSS layer. */
TSS2_RC tpm_rc_base(TSS2_RC rc);
/* TPM_ERR_AUTH, TPM_ERR_LOCKOUT, ... for rc; TPM_ERR_FAIL when none fits. */
enum tpm_error tpm_rc_error(TSS2_RC rc);
/* Write "what failed: decoded rc" to err and return tpm_rc_error(rc). */
int tpm_fail(TSS2_RC rc, const char *what, char *err, size_t errlen);

/* 0 if index is an NV index handle (0x01xxxxxx), else -1 with err. */
int tpm_nv_check_handle(uint32_t index, char *err, size_t errlen);
/* 1 and *tr opened when NV index is defined, 0 when it is not, < 0 on error. */
int tpm_nv_open(ESYS_CONTEXT *esys, uint32_t index, ESYS_TR *tr, char *err, size_t errlen);
/* The index's public area (the caller Esys_Free()s *pub); < 0 with err naming the index. */
int tpm_nv_public(ESYS_CONTEXT *esys, ESYS_TR tr, uint32_t index, TPM2B_NV_PUBLIC **pub,
		  char *err, size_t errlen);

/*
 * Where the storage root key is kept between boots: in the owner's range of
 * persistent handles (TCG's registry: 0x81000000-0x8100ffff), next to the
 * 0x81000001 other tools use for theirs with another template.
 */
#define TPM_SRK_HANDLE 0x81000100u

/*
 * The storage root key to load sealed objects under: the persistent one when
 * there is one, or else created from the owner's seed (which needs the owner
 * passphrase once there is one). Release it with tpm_srk_release().
 */
int tpm_srk_load(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen);
/*
 * The key to seal under: created from the owner's seed, never taken from the
 * handle (a key someone else put there could be one whose secrets they know),
 * and made persistent at TPM_SRK_HANDLE so later boots load blobs without the
 * owner passphrase. *handle is the transient copy; release it likewise.
 */
int tpm_srk_create_persistent(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen);
void tpm_srk_release(struct tpm *tpm, ESYS_TR handle);

/*
 * Before an operation authorised by the owner hierarchy: when the TPM has an
 * owner passphrase and tpm holds none, get it from the front end's prompt
 * (tpm_set_owner_prompt()), unless !ask (operations that run before anyone
 * may type, at boot). what names the operation for the prompt and the
 * error. 0 when the operation can go ahead; TPM_ERR_AUTH with err when the
 * passphrase could not be had; -1 when the TPM could not say whether it has one.
 */
int tpm_owner_ready(struct tpm *tpm, const char *what, bool ask, char *err, size_t errlen);

#endif
