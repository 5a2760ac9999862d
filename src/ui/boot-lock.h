/*
 * boot-lock.h - one boot at a time: the VT and the serial console each run a
 * menu, and both count down to the default entry. Two kexec loads at once
 * spoil each other, so the first console to start a boot holds the lock and
 * the others say who has it.
 */
#ifndef VIGIL_BOOT_LOCK_H
#define VIGIL_BOOT_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#define BOOT_LOCK_PATH "/run/vigil/boot.lock"

/*
 * Take the lock at path (NULL: BOOT_LOCK_PATH) for console who (NULL: this
 * console's name is unknown). Returns a descriptor to pass to
 * boot_lock_release, or -1: err says which console holds it, or why the
 * lock could not be made.
 */
int boot_lock_take(const char *path, const char *who, char *err, size_t errlen);
void boot_lock_release(int fd);

/*
 * The countdown to the default entry runs on every console, and a key on
 * any of them stops it everywhere: the console that got the key leaves a
 * mark next to the boot lock (path NULL: BOOT_LOCK_PATH), naming itself;
 * the others look for it at each tick. The mark lasts until power-off (/run
 * is a tmpfs), so a restarted menu does not count down again either.
 */
void boot_countdown_stop(const char *path, const char *who);
/* True when some console stopped the countdown; who (may be NULL) gets its name. */
bool boot_countdown_stopped(const char *path, char *who, size_t wholen);

#endif
