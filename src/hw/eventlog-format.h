/* eventlog-format.h - byte layout of the TCG log header, shared by its writer and reader. */
#ifndef VIGIL_EVENTLOG_FORMAT_H
#define VIGIL_EVENTLOG_FORMAT_H

/* TCG_PCClientPCREvent: pcrIndex, eventType, SHA-1 digest, eventDataSize. */
#define SPEC_ID_SHA1_LEN 20
#define SPEC_ID_EVENT_HEAD_LEN (4 + 4 + SPEC_ID_SHA1_LEN + 4)

/* TCG_EfiSpecIDEvent up to and including numberOfAlgorithms. */
#define SPEC_ID_SIGNATURE "Spec ID Event03"
#define SPEC_ID_SIGNATURE_LEN 16	/* with its NUL */
#define SPEC_ID_FIXED_LEN (SPEC_ID_SIGNATURE_LEN + 4 + 1 + 1 + 1 + 1 + 4)
#define SPEC_ID_ALG_LEN 4		/* algorithmId, digestSize */
#define SPEC_ID_PLATFORM_CLIENT 0
#define SPEC_ID_UINTN_32 1
#define SPEC_ID_UINTN_64 2

/* TCG_PCR_EVENT2 up to digests.count. */
#define EVENT2_HEAD_LEN (4 + 4 + 4)

/* An EV_NO_ACTION event that sets PCR 0's reset value (TPM2_Startup locality). */
#define STARTUP_LOCALITY_SIGNATURE "StartupLocality"
#define STARTUP_LOCALITY_SIGNATURE_LEN 16	/* with its NUL */

#endif
