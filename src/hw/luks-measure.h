/*
 * luks-measure.h - once per boot, before the menu: the header of every LUKS
 * device on the machine's disks into PCR 6, so a secret sealed to PCR 6 (a
 * disk key) is released only while the headers are the ones it was sealed
 * with: a keyslot added or a header swapped changes the PCR.
 */
#ifndef VIGIL_LUKS_MEASURE_H
#define VIGIL_LUKS_MEASURE_H

#include <stdio.h>

#include "boot/discover.h"
#include "boot/strbuf.h"

#define LUKS_MEASURE_PCR 6
/* Made when this boot's measurement starts; /run is a tmpfs, so it lasts one boot. */
#define LUKS_MEASURE_MARK "/run/vigil/luks-measured"
#define LUKS_MEASURE_TMPDIR "/run/vigil"	/* header backups, in RAM, removed at once */

struct luks_measure_options {
	const struct discover_options *discover;	/* NULL: the disks as the menu finds them */
	const char *mark;				/* NULL: LUKS_MEASURE_MARK */
	const char *tmpdir;				/* NULL: LUKS_MEASURE_TMPDIR */
};

enum luks_measure_status {
	LUKS_MEASURE_DONE,	/* every LUKS header found (maybe none) is in PCR 6 and the log */
	LUKS_MEASURE_ALREADY,	/* measured earlier this boot: nothing extended again */
	LUKS_MEASURE_NO_TPM,	/* basic mode: no TPM to measure into */
	LUKS_MEASURE_FAILED,	/* something could not be read or measured: problems says what */
};

struct luks_measure_report {
	size_t headers;			/* LUKS headers measured */
	struct strlist measured;	/* a line per event extended, in order, with its digest */
	struct strlist problems;	/* each naming the device or file */
};

/*
 * Measure each LUKS header found (discover_device_nodes(), then libblkid's
 * crypto_LUKS) into PCR 6: SHA-256 of its backup (hw/luks-header.h) as the
 * digest, "LUKS header: UUID=<uuid> (<device>)" as the event, in the order
 * of the UUIDs (then device names), so the PCR does not depend on the order
 * the kernel found the disks in.
 *
 * Fail closed: a device that libblkid calls LUKS but whose header cannot be
 * read is not left out, which would make PCR 6 look as if that device were
 * not there (or, for the only one, as if the machine had no LUKS at all):
 * the event "unreadable LUKS header: <device>" is measured in its place,
 * its SHA-256 the digest, so PCR 6 has a value no readable header gives. A
 * device that cannot even be probed is measured the same way as
 * "unreadable device: <device>", as it may hold a header. The mark is made
 * before the first extend, so a run that stops half way is not repeated on
 * top of itself; a second run in the same boot extends nothing.
 */
enum luks_measure_status luks_measure_boot(const struct luks_measure_options *opt,
					   struct luks_measure_report *rep);

void luks_measure_report_free(struct luks_measure_report *rep);

/*
 * For init (PID 1): luks_measure_boot() in a child process, so that a crash
 * in libcryptsetup or libblkid on a hostile header cannot take PID 1 down,
 * then its problems and a summary on out, each line starting with prefix.
 * When the child dies before it is done, PCR 6 is extended here with "LUKS
 * header measurement did not finish" (fail closed, as above).
 */
enum luks_measure_status luks_measure_isolated(const struct luks_measure_options *opt,
					       FILE *out, const char *prefix);

/* The report as lines on out, each starting with prefix; the measured events too if details. */
void luks_measure_print(const struct luks_measure_report *rep, enum luks_measure_status status,
			FILE *out, const char *prefix, int details);

#endif
