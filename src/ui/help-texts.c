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
"Actions that are listed but dimmed are not available yet; selecting one\n"
"says which work brings it.\n"
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
"keys are installed it needs the owner's passphrase. Entering it is\n"
"recorded in the TPM (PCR 4), so secrets sealed to the normal boot stay\n"
"sealed until the next restart.\n"
"\n"
"Keys: type the passphrase and Enter; Ctrl-X cancels.\n") },
};

const char *help_title(enum help_topic topic)
{
	return _(helps[topic].title);
}

const char *help_text(enum help_topic topic)
{
	return _(helps[topic].text);
}
