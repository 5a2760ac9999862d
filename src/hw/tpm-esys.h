/* tpm-esys.h - shared by the TPM modules only: the ESAPI context and response-code classes. */
#ifndef VIGIL_TPM_ESYS_H
#define VIGIL_TPM_ESYS_H

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
 * Load the owner hierarchy's storage root key (tpm2-tools' default ECC P-256
 * primary) as a transient object; the caller flushes *handle.
 */
int tpm_srk_load(struct tpm *tpm, ESYS_TR *handle, char *err, size_t errlen);

#endif
