/* measure.h - measured boot: extend a PCR and record the event in the running TCG log. */
#ifndef VIGIL_MEASURE_H
#define VIGIL_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

/* The boot mode ("normal", "usb", "unverified", "recovery"): what may unseal depends on it. */
#define MEASURE_PCR_BOOT_MODE 4

/* The running log; it is handed to the booted OS with the rest of the chain. */
#define MEASURE_LOG_DEFAULT "/run/vigil/eventlog.bin"

/* Use path for the log (tests); NULL goes back to MEASURE_LOG_DEFAULT. */
void measure_set_log_path(const char *path);
const char *measure_log_path(void);

/*
 * Start a new log, replacing any old one: the Spec ID header, then the
 * measurements coreboot made, read from CBMEM through memory (CBMEM_DEVMEM,
 * or a memory image in tests; NULL for none). Returns 0 when coreboot's
 * events are in; 1 when the log was written without them (err says why, and
 * so does a note in the log header, so the OS sees it too); -1 with
 * err if the log could not be written.
 */
int measure_init(const char *memory, char *err, size_t errlen);

/*
 * Extend PCR pcr with SHA-256(data) and append an event of event_type whose
 * data is description (and its NUL): vigil's own measurements are EV_IPL, the
 * PC Client type for what the boot loader measures. The TPM is extended
 * first, so a log that cannot be written never leaves a measurement out of
 * the TPM; a failure of either returns -1 with err naming the PCR and what.
 */
int measure_data(unsigned pcr, uint32_t event_type, const char *description,
		 const void *data, size_t len, char *err, size_t errlen);

/* The same for the contents of the file at path (description NULL: path). */
int measure_file(unsigned pcr, uint32_t event_type, const char *description,
		 const char *path, char *err, size_t errlen);

/* The same for a digest computed elsewhere (a LUKS header, say). */
int measure_digest(unsigned pcr, uint32_t event_type, const char *description,
		   const uint8_t digest[SHA256_LEN], char *err, size_t errlen);

#endif
