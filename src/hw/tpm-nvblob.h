/*
 * tpm-nvblob.h - one small record in an ordinary TPM NV index: vigil's
 * sealed TOTP secret lives there, so it survives reboots and ROM updates
 * without a writable disk.
 */
#ifndef VIGIL_TPM_NVBLOB_H
#define VIGIL_TPM_NVBLOB_H

#include <stddef.h>
#include <stdint.h>

#include "hw/tpm.h"

/*
 * The index is defined at this fixed size and always rewritten whole in one
 * TPM2_NV_Write, which the TPM applies all or nothing: an interrupted write
 * leaves the old record. 768 bytes is the smallest NV buffer of common TPMs.
 */
#define TPM_NVBLOB_SIZE 768
/* The record: a 2-byte big-endian length, then the data, then zeros. */
#define TPM_NVBLOB_DATA_MAX (TPM_NVBLOB_SIZE - 2)

/*
 * Store data (len <= TPM_NVBLOB_DATA_MAX) at index, defining the index on
 * first use (owner authorisation, the owner's empty auth for now). An index
 * there with other attributes or size is an error that says so.
 */
int tpm_nvblob_write(struct tpm *tpm, uint32_t index, const uint8_t *data, size_t len,
		     char *err, size_t errlen);

/*
 * Read the record at index into buf. Returns 0, 1 when the index is not
 * defined (nothing stored yet), or -1 with err naming the index.
 */
int tpm_nvblob_read(struct tpm *tpm, uint32_t index, uint8_t *buf, size_t buflen,
		    size_t *len, char *err, size_t errlen);

/* Remove the record (undefine the index); 1 when there was none. */
int tpm_nvblob_remove(struct tpm *tpm, uint32_t index, char *err, size_t errlen);

#endif
