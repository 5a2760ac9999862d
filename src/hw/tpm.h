/* tpm.h - the TPM 2.0 through libtss2's ESAPI (device or simulator TCTI). */
#ifndef VIGIL_TPM_H
#define VIGIL_TPM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

struct tpm;

/*
 * Open the TPM named by tcti ("device:/dev/tpmrm0", "swtpm:port=2321", ...);
 * NULL means $VIGIL_TCTI or, failing that, the kernel's resource manager.
 * Returns NULL and writes the reason to err.
 */
struct tpm *tpm_open(const char *tcti, char *err, size_t errlen);
void tpm_close(struct tpm *tpm);

int tpm_pcr_read(struct tpm *tpm, unsigned pcr, uint8_t out[SHA256_LEN],
		 char *err, size_t errlen);
int tpm_pcr_extend(struct tpm *tpm, unsigned pcr, const uint8_t digest[SHA256_LEN],
		   char *err, size_t errlen);

#endif
