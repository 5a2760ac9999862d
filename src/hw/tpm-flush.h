/* tpm-flush.h - leave the TPM empty for the next OS: no transient object, no loaded session. */
#ifndef VIGIL_TPM_FLUSH_H
#define VIGIL_TPM_FLUSH_H

#include <stddef.h>

/*
 * The TCTI that sees every connection's objects: $VIGIL_TCTI when set (a
 * simulator has no resource manager), else the raw device (the kernel's
 * resource manager, /dev/tpmrm0, shows each connection only its own).
 */
#define TPM_RAW_TCTI "device:/dev/tpm0"

/*
 * Flush every transient object and every loaded or saved session in the
 * TPM reached through tcti (NULL: as above). *flushed (may be NULL) gets
 * how many there were. 0, or -1 with err naming the handle that would not go.
 */
int tpm_flush_transients(const char *tcti, unsigned *flushed, char *err, size_t errlen);

#endif
