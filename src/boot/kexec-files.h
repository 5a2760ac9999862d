/* kexec-files.h - the files kexec loads: found safely under a partition, prepared in the run dir. */
#ifndef VIGIL_BOOT_KEXEC_FILES_H
#define VIGIL_BOOT_KEXEC_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/strbuf.h"

/*
 * The host path of path (relative to the partition mounted at host_root),
 * if it is a regular file that stays inside the partition: ".." stops at the
 * partition root, and a symlink leading outside it is refused. NULL with
 * the reason (naming path) in err.
 */
char *kexec_host_path(const char *host_root, const char *path, char *err, size_t errlen);

/* True if the file starts with the gzip magic (1f 8b). */
bool kexec_is_gzip(const char *host_path);

/* mkdir dir (mode 0700) unless it exists as a directory; -1 with err. */
int kexec_make_dir(const char *dir, char *err, size_t errlen);

/*
 * Write the files of in, one after the other, to out (mode 0600), each
 * padded with zeros to a multiple of 4 bytes as GRUB loads several initrds:
 * the kernel unpacks concatenated cpio archives. -1 with err naming the file.
 */
int kexec_concat_files(const struct strlist *in, const char *out, char *err, size_t errlen);

#endif
