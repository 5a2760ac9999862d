/* verify-entry.h - before kexec: may this entry boot, and is its partition what the owner signed? */
#ifndef VIGIL_VERIFY_ENTRY_H
#define VIGIL_VERIFY_ENTRY_H

#include <stdbool.h>

#include "boot/entry.h"
#include "crypto/bootverify.h"

/* What happens before a boot. */
enum boot_check {
	BOOT_CHECK_VERIFY,	/* keys in the ROM: verify, boot only if it passes */
	BOOT_CHECK_NO_KEYS,	/* no keys in the ROM: nothing to verify against, boot */
	BOOT_CHECK_UNVERIFIED,	/* the user chose an unverified boot: measured as such */
	BOOT_CHECK_FORBIDDEN,	/* an unverified boot, but the config is restricted */
};

/*
 * The check for a boot: have_keys when the ROM keyring is in use,
 * unverified when the user asked for it (or edited the command line).
 */
enum boot_check boot_check_choose(bool have_keys, bool unverified, bool restricted);

/*
 * The boot mode measured into PCR 4 when the check lets the boot go on
 * (kexec.h). from_usb is boot_entry_from_usb()'s answer. Precedence:
 * "unverified" wins, from USB or not: it already says that nothing was
 * checked, and a secret sealed to "usb" (for a stick the owner trusts) must
 * not unseal for an unverified boot of some stick. Otherwise a kernel from
 * USB is "usb", and one whose device cannot be told (-1) too, never
 * "normal": the booted OS and the TPM's policies tell a boot from a stick
 * from one of the installed system.
 */
const char *boot_check_mode(enum boot_check check, int from_usb);

/*
 * Is e's kernel file (resolved inside host_root, as kexec reads it) on a USB
 * device, as usb_holds_device() in boot/discover-usb.h tells (sys_root NULL:
 * "/sys")? 1 yes, 0 no (also for an entry on no mounted partition: nothing
 * to boot), -1 cannot tell (the kernel cannot be found, say).
 */
int boot_entry_from_usb(const struct boot_entry *e, const char *sys_root);

/*
 * Verify the partition e was found on against the keyring in gnupghome;
 * a rollback counter the signed manifest names is read from the TPM (no
 * TPM, or an unreadable counter, fails). walk may be NULL. Returns the
 * status, also in res (res->message says what and which file).
 */
enum bootverify_status verify_entry(const struct boot_entry *e, const char *gnupghome,
				    const struct manifest_walk *walk,
				    struct bootverify_result *res);

/*
 * bootverify's read_counter from the TPM: 0 with *value, 1 when there is no
 * such counter (or no TPM at all: basic mode), -1 with err when the TPM
 * cannot tell, which refuses the boot.
 */
int verify_entry_read_counter(uint32_t nv_index, uint64_t *value, void *ctx, char *err,
			      size_t errlen);

#endif
