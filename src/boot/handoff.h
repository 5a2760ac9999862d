/*
 * handoff.h - what vigil hands to the OS it boots: a cpio appended to the
 * Linux (or Xen dom0) initrd, unpacked by the kernel into the initramfs at
 *   /vigil/eventlog.bin  the complete TCG event log (coreboot's measurements,
 *                        then vigil's, up to the boot mode of this boot), so
 *                        the OS can replay PCRs 0-7 and attest the chain.
 * The OS's initramfs must copy it elsewhere before switching root if the
 * running system should keep it (an initramfs-tools hook can: see the man page).
 */
#ifndef VIGIL_BOOT_HANDOFF_H
#define VIGIL_BOOT_HANDOFF_H

#include <stddef.h>

#define HANDOFF_CPIO_NAME "handoff.cpio"
#define HANDOFF_LOG_NAME "vigil/eventlog.bin"

/*
 * Write the handoff cpio to path with the event log at log_path. A missing log
 * (no TPM: basic mode) gives an archive with only the directory; any other
 * read error fails, naming the file.
 */
int handoff_write(const char *path, const char *log_path, char *err, size_t errlen);

#endif
