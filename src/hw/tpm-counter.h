/* tpm-counter.h - TPM NV counters: monotonic values for rollback protection. */
#ifndef VIGIL_TPM_COUNTER_H
#define VIGIL_TPM_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "hw/tpm.h"

/* Where an index is generated: the owner's NV range (TCG handle registry). */
#define TPM_COUNTER_FIRST_INDEX 0x01300000u
#define TPM_COUNTER_INDEX_RANGE 256u

/*
 * Define a counter at index (0: the first free one from TPM_COUNTER_FIRST_INDEX)
 * and increment it once so it can be read; *defined gets the index. A counter
 * with vigil's attributes already there is kept (*created = 0); an index with
 * other attributes is an error that says what it is.
 *
 * Attributes: anyone may read (authRead, empty auth), only the owner may
 * increment (ownerWrite), so software in the booted OS can neither roll the
 * counter back (no TPM can) nor bump it to deny service without owner auth.
 */
int tpm_counter_define(struct tpm *tpm, uint32_t index, uint32_t *defined, int *created,
		       char *err, size_t errlen);

/* Who may increment a counter (anyone may read): */
enum tpm_counter_writer {
	TPM_COUNTER_OWNER_WRITES,	/* the owner: rollback counters, moved when signing */
	TPM_COUNTER_ANYONE_WRITES,	/* its own empty auth: the HOTP counter, moved at
					 * every boot before anyone could type a passphrase
					 * (bumping it only costs the token a resync) */
};
/*
 * tpm_counter_define() for a given writer. A vigil counter of the other kind
 * already at index is an error, or, when replace, removed and defined anew
 * (its value does not go back: a TPM starts a new counter at the highest
 * count any of its counters has had).
 */
int tpm_counter_define_as(struct tpm *tpm, uint32_t index, enum tpm_counter_writer writer,
			  int replace, uint32_t *defined, int *created, char *err, size_t errlen);
/* 1 when index is defined, 0 when it is not, -1 when the TPM cannot say (err). */
int tpm_counter_exists(struct tpm *tpm, uint32_t index, char *err, size_t errlen);
int tpm_counter_read(struct tpm *tpm, uint32_t index, uint64_t *value,
		     char *err, size_t errlen);
/* Increment; *value (if not NULL) gets the new value. */
int tpm_counter_increment(struct tpm *tpm, uint32_t index, uint64_t *value,
			  char *err, size_t errlen);

#endif
