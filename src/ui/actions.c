/* actions.c - the table of menu actions and why some are not there yet. */
#include "i18n.h"
#include "ui/actions.h"
#include "ui/session.h"

struct action_info {
	const char *label;
	const char *missing;	/* the work that brings its backend, or NULL */
};

static const struct action_info actions[ACTION_COUNT] = {
	[ACTION_BOOT_DEFAULT] = { N_("Boot the default entry"), NULL },
	[ACTION_SET_DEFAULT] = { N_("Set the default entry"), NULL },
	[ACTION_SIGN_BOOT] = { N_("Sign /boot"), NULL },
	[ACTION_UPDATE_FIRMWARE] = { N_("Update the firmware"), NULL },
	/* Lists and shows; adding and removing keys arrive with writing the flash. */
	[ACTION_MANAGE_KEYS] = { N_("Manage keys"), NULL },
	/* The disk key joins this action with the disk-key work: label it "... / disk key" then. */
	[ACTION_RESEAL] = { N_("Reseal the TOTP secret"), NULL },
	[ACTION_INTEGRITY] = { N_("Integrity details and PCR 2 as a QR code"), NULL },
	[ACTION_EVENT_LOG] = { N_("View the TPM event log"), NULL },
	[ACTION_CBMEM_CONSOLE] = { N_("View the coreboot console (cbmem)"), NULL },
	/* Its steps that need a backend still to come are not shown (oem-wizard.c). */
	[ACTION_FACTORY_RESET] = { N_("OEM factory reset"), NULL },
	[ACTION_SETTINGS] = { N_("Settings in the flash"), NULL },
	[ACTION_RECOVERY_SHELL] = { N_("Recovery shell"), NULL },
	[ACTION_REBOOT] = { N_("Reboot"), NULL },
	[ACTION_POWER_OFF] = { N_("Power off"), NULL },
};

const char *ui_action_label(enum ui_action_id id)
{
	return _(actions[id].label);
}

const char *ui_action_unavailable(enum ui_action_id id, const struct ui_session *s)
{
	if (actions[id].missing)
		return _(actions[id].missing);
	switch (id) {
	case ACTION_BOOT_DEFAULT:
	case ACTION_SET_DEFAULT:
		return s->entries.count ? NULL : _("no boot entries were found");
	case ACTION_SIGN_BOOT:
		if (!s->entries.count)
			return _("no boot entries were found");
		return s->cfg.keyring ? NULL : _("no keys in the ROM: the owner's public key must "
						 "be there to check the new signature");
	case ACTION_RECOVERY_SHELL:
		return s->cfg.restricted ? _("this machine is restricted (restricted = yes): no "
					     "recovery shell") : NULL;
	case ACTION_SETTINGS:
		return s->cfg.restricted ? _("this machine is restricted (restricted = yes): its "
					     "settings change only in a ROM file written from "
					     "another machine") : NULL;
	case ACTION_RESEAL:
		if (s->integrity.basic)
			return _("basic mode (basic = yes): the TPM is not used");
		if (s->integrity.tpm == UI_TPM_ABSENT)
			return _("needs a TPM");
		return s->integrity.tpm == UI_TPM_LOCKOUT ? _("the TPM is in lockout") : NULL;
	default:
		return NULL;
	}
}
