/* help-texts.c - one help text per screen, written for someone at the console. */
#include "i18n.h"
#include "ui/help-texts.h"

struct help {
	const char *title;
	const char *text;
};

static const struct help helps[HELP_TOPICS] = {
	[HELP_MAIN] = { N_("Help: the boot menu"), N_(
"The header shows whether this machine is still the one you set up:\n"
"  Firmware  the firmware's measurement in the TPM (PCR 2).\n"
"  TOTP      a code the TPM releases only to unchanged firmware: compare\n"
"            it with the code your phone shows before typing anything.\n"
"  HOTP      the same check through a USB security token.\n"
"Each says 'verified', 'unknown' or 'TAMPERED' in words and in colour.\n"
"\n"
"Boot entries come from the GRUB, syslinux and BLS configs found; the\n"
"default one is marked with '*'. When a timeout is set the default boots\n"
"by itself: any key stops the countdown.\n"
"\n"
"Actions that are dimmed cannot be used now; selecting one says why (no\n"
"TPM, no keys in the ROM, or the work that brings it).\n"
"\n"
"Keys:\n"
"  Up/Down or k/j   move             Enter   open the entry or action\n"
"  e                edit the selected entry's command line for one boot\n"
"  d                make the selected entry the default for this boot\n"
"  b                boot the default entry\n"
"  i                integrity details     h   this help\n"
"  x or q           leave a screen or this help\n") },
	[HELP_PREVIEW] = { N_("Help: a boot entry"), N_(
"What booting this entry will load: the kernel (or Xen and its modules),\n"
"the initrds and the kernel command line, with the file they came from.\n"
"\n"
"When the ROM holds keys, booting first checks every file of the partition\n"
"against its signed manifest (and the TPM rollback counter) and refuses on\n"
"any difference, naming the file. Without keys it boots and says it is\n"
"not verified.\n"
"\n"
"'Boot unverified' skips the check. It is recorded in the TPM (PCR 4), so\n"
"secrets sealed to a verified boot stay sealed; a restricted machine does\n"
"not offer it.\n"
"\n"
"Keys: b or Enter boot it, u boot it unverified, e edit its command line\n"
"for this boot, d make it the default for this boot, x or q back.\n") },
	[HELP_BOOT] = { N_("Help: booting"), N_(
"The boot did not start: above are the plan (kernel, initrds and command\n"
"line for kexec), each step taken and why it stopped: the verification's\n"
"cause and file, or kexec's own words. Nothing was started.\n"
"\n"
"When the verification refused it, u boots it unverified anyway (recorded\n"
"in PCR 4) unless the machine is restricted.\n"
"\n"
"Keys: u boot unverified (when offered), x or q back to the menu.\n") },
	[HELP_EDIT] = { N_("Help: editing the command line"), N_(
"The change applies to this boot only and is never saved. A boot with an\n"
"edited command line is unverified and recorded in the TPM (PCR 4), so\n"
"secrets sealed to a verified boot stay sealed.\n"
"\n"
"Keys: Left/Right, Home/End (or Ctrl-A/Ctrl-E) move; Backspace and\n"
"Delete erase; Enter boots with this command line; Ctrl-X cancels;\n"
"F1 shows this help.\n") },
	[HELP_INTEGRITY] = { N_("Help: integrity details"), N_(
"The whole firmware measurement (PCR 2) and the state of the TPM, TOTP\n"
"and HOTP checks, with the reason wherever something is unknown.\n"
"\n"
"To check PCR 2 against the value 'vigil pcr predict ROM' computes for\n"
"the firmware image you built, press r for a QR code of it.\n"
"\n"
"Keys: r QR code of PCR 2, x or q back.\n") },
	[HELP_QR] = { N_("Help: QR code"), N_(
"Scan the code with a phone. On a terminal without UTF-8 it is drawn with\n"
"two characters per module and may need a larger terminal.\n"
"\n"
"Keys: x or q back.\n") },
	[HELP_RECOVERY] = { N_("Help: recovery shell"), N_(
"The recovery shell is a root shell in the firmware. When the owner's\n"
"keys are installed it needs the owner's passphrase, or the owner's\n"
"OpenPGP card: it signs a fresh challenge that the ROM's keys must verify.\n"
"Entering it is recorded in the TPM (PCR 4), so secrets sealed to the\n"
"normal boot stay sealed until the next restart.\n"
"\n"
"Keys: type the passphrase (or the card's PIN) and Enter; Enter with\n"
"nothing typed switches to the card; Ctrl-X cancels.\n") },
	[HELP_EVENT_LOG] = { N_("Help: TPM event log"), N_(
"Every measurement made since power-on: coreboot's (firmware, PCR 2) and\n"
"vigil's (boot mode PCR 4, LUKS headers PCR 6, the ROM's keys and\n"
"settings PCR 7), with the SHA-256 digest of each. vigil's kernel cannot\n"
"load modules, so PCR 5 (kernel modules) stays empty.\n"
"\n"
"At the top, the log is replayed and compared with the TPM's PCRs, as\n"
"'vigil pcr check' does: a PCR that differs was extended by something\n"
"the log does not record. The booted OS receives the same log.\n"
"\n"
"Keys: Up/Down, PgUp/PgDn, Home/End scroll; x or q back.\n") },
	[HELP_CBMEM] = { N_("Help: coreboot console"), N_(
"What coreboot printed while it started this machine, kept in memory\n"
"(CBMEM), as 'cbmem -c' shows it. It opens at the end, where the latest\n"
"lines are; errors and warnings from the firmware are found here.\n"
"\n"
"Keys: Up/Down, PgUp/PgDn, Home/End scroll; x or q back.\n") },
	[HELP_TOTP] = { N_("Help: enrolling the TOTP secret"), N_(
"The TPM holds a new secret that it releases only to this firmware in\n"
"this state (PCRs 0-4 and 7). Your authenticator app computes the same\n"
"six-digit code from it every 30 seconds; the header shows the TPM's.\n"
"When the two agree, the firmware is the one you enrolled.\n"
"\n"
"Scan the QR code, or type the secret by hand (the spaces do not matter).\n"
"The secret is shown only now: leaving this screen wipes it, and the old\n"
"secret no longer works, so remove the old entry from your app.\n"
"\n"
"Keys: Enter or x done.\n") },
	[HELP_SIGN] = { N_("Help: signing /boot"), N_(
"Signing records every file of the default entry's partition (its size\n"
"and SHA-256) in vigil/manifest and signs that list with the owner's key,\n"
"usually on an OpenPGP card. Boots are then verified against it. Sign\n"
"only after an update you made yourself.\n"
"\n"
"The partition is writable only while the signature is written, and\n"
"read-only again afterwards. The old signature stays valid until the new\n"
"one is complete and checked.\n"
"\n"
"The card's PIN (or the key's passphrase) is asked here and handed to\n"
"GnuPG once; it is never stored. A wrong one stops the signing (a card\n"
"locks after three wrong PINs): choose Sign /boot again to retry.\n"
"\n"
"Keys: type the PIN and Enter; Ctrl-X cancels.\n") },
	[HELP_SETTINGS] = { N_("Help: settings in the flash"), N_(
"The owner's settings are a file in the flash (vigil/settings). They count\n"
"from the next start, which measures them into PCR 7: after a change the\n"
"menu offers a new TOTP secret sealed for that start, so the phone shows\n"
"the right code then.\n"
"\n"
"A value is checked before the flash is written; an empty value removes\n"
"the setting (its default applies). The flash is read, changed on a copy\n"
"and written back with flashrom, which verifies it; a failure leaves it\n"
"as it was. A restricted machine's settings change only in a ROM file\n"
"written from another machine.\n"
"\n"
"Keys: Up/Down choose, Enter changes the setting, x goes back. Editing:\n"
"Left/Right, Home/End, Backspace; Enter saves; Ctrl-X cancels.\n") },
};

const char *help_title(enum help_topic topic)
{
	return _(helps[topic].title);
}

const char *help_text(enum help_topic topic)
{
	return _(helps[topic].text);
}
