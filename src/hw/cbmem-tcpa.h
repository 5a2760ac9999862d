/* cbmem-tcpa.h - coreboot 4.15's measurement log (the CBMEM "TCPA" table) as TCG events. */
#ifndef VIGIL_CBMEM_TCPA_H
#define VIGIL_CBMEM_TCPA_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "hw/cbmem.h"
#include "hw/eventlog.h"

/* The name field of coreboot's struct tcpa_entry (TCPA_PCR_HASH_NAME). */
#define TCPA_NAME_LEN 50

/* One measurement coreboot made: "FMAP: FMAP", "CBFS: fallback/payload", ... */
struct tcpa_entry {
	uint32_t pcr;
	uint8_t digest[SHA256_LEN];
	char name[TCPA_NAME_LEN];	/* NUL-terminated */
};

/*
 * Read the TCPA table from CBMEM. Returns 1 with a new array of entries
 * (free it), 0 when coreboot has no such table (built without measured boot),
 * or -1 with err naming the entry that is wrong: vigil needs SHA-256 digests
 * (a TPM 2.0), so a SHA-1 entry is an error, not something to skip.
 */
int cbmem_tcpa_read(const struct cbmem_source *src, struct tcpa_entry **entries,
		    size_t *count, char *err, size_t errlen);

/* The same, from the bytes of the table (tcpa_table header and entries). */
int cbmem_tcpa_parse(const uint8_t *table, size_t len, struct tcpa_entry **entries,
		     size_t *count, char *err, size_t errlen);

/*
 * Append the entries to a log as TCG_PCR_EVENT2s of type EV_POST_CODE, the
 * PC Client type for firmware code and data measured by the platform firmware,
 * with coreboot's entry name (and its NUL) as the event data. The digests are
 * those coreboot extended, so a replay gives the TPM's PCR values.
 */
void cbmem_tcpa_to_eventlog(const struct tcpa_entry *entries, size_t count,
			    struct eventlog_buf *buf);

#endif
