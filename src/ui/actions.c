/* actions.c - the table of menu actions and why some are not there yet. */
#include "i18n.h"
#include "ui/actions.h"

struct action_info {
	const char *label;
	const char *missing;	/* the work that brings its backend, or NULL */
};

static const struct action_info actions[ACTION_COUNT] = {
	[ACTION_BOOT_DEFAULT] = { N_("Boot the default entry"), NULL },
	[ACTION_SET_DEFAULT] = { N_("Set the default entry"), NULL },
	[ACTION_SIGN_BOOT] = { N_("Sign /boot"),
			       N_("arrives with the key-management work (needs the owner's "
				  "smartcard and a writable /boot)") },
	[ACTION_UPDATE_FIRMWARE] = { N_("Update the firmware"),
				     N_("arrives with the firmware-update work") },
	[ACTION_MANAGE_KEYS] = { N_("Manage keys"), N_("arrives with the key-management work") },
	[ACTION_RESEAL] = { N_("Reseal the TOTP secret / disk key"),
			    N_("arrives with the TOTP and disk-key work") },
	[ACTION_INTEGRITY] = { N_("Integrity details and PCR 2 as a QR code"), NULL },
	[ACTION_EVENT_LOG] = { N_("View the TPM event log"), N_("arrives with the event-log work") },
	[ACTION_CBMEM_CONSOLE] = { N_("View the coreboot console (cbmem)"),
				   N_("arrives with the cbmem work") },
	[ACTION_FACTORY_RESET] = { N_("OEM factory reset"),
				   N_("arrives with the factory-reset wizard") },
	[ACTION_RECOVERY_SHELL] = { N_("Recovery shell"), NULL },
	[ACTION_REBOOT] = { N_("Reboot"), NULL },
	[ACTION_POWER_OFF] = { N_("Power off"), NULL },
};

const char *ui_action_label(enum ui_action_id id)
{
	return _(actions[id].label);
}

const char *ui_action_unavailable(enum ui_action_id id, size_t n_entries)
{
	if (actions[id].missing)
		return _(actions[id].missing);
	if ((id == ACTION_BOOT_DEFAULT || id == ACTION_SET_DEFAULT) && n_entries == 0)
		return _("no boot entries were found");
	return NULL;
}
