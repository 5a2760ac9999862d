/*
 * seal-pcrs.h - the PCR values a firmware secret is sealed to: those the
 * TPM has while vigil's menu runs, whenever the sealing happens.
 */
#ifndef VIGIL_SEAL_PCRS_H
#define VIGIL_SEAL_PCRS_H

#include <stddef.h>
#include <stdint.h>

#include "hw/tpm.h"

/*
 * Fill out[pcr] for every PCR in mask. All come from the TPM except PCR 4
 * (boot mode): that one is replayed from the event log at log_path up to the
 * first boot-mode event vigil recorded, so sealing from the recovery shell
 * (PCR 4 extended with "recovery") still seals to the menu's state. The log
 * must account for the TPM's PCR 4 as a whole, or sealing fails: a secret
 * sealed to a guess would never unseal. With no log at log_path (a host with
 * a simulator) PCR 4 is taken from the TPM.
 */
int seal_pcrs_expected(struct tpm *tpm, uint32_t mask, const char *log_path,
		       tpm_pcr_values out, char *err, size_t errlen);

/* What a change of pcr means for the owner: "firmware (coreboot and payload)", ... */
const char *seal_pcr_meaning(unsigned pcr);

#endif
