/*
 * actions.h - the menu's actions. Those whose backend does not exist yet are
 * listed with the reason, never hidden and never faked.
 */
#ifndef VIGIL_ACTIONS_H
#define VIGIL_ACTIONS_H

#include <stddef.h>

enum ui_action_id {
	ACTION_BOOT_DEFAULT,
	ACTION_SET_DEFAULT,
	ACTION_SIGN_BOOT,
	ACTION_UPDATE_FIRMWARE,
	ACTION_MANAGE_KEYS,
	ACTION_RESEAL,
	ACTION_INTEGRITY,
	ACTION_EVENT_LOG,
	ACTION_CBMEM_CONSOLE,
	ACTION_FACTORY_RESET,
	ACTION_SETTINGS,
	ACTION_RECOVERY_SHELL,
	ACTION_REBOOT,
	ACTION_POWER_OFF,
	ACTION_COUNT
};

/* Label of an action, translated. */
const char *ui_action_label(enum ui_action_id id);

struct ui_session;

/* Why the action cannot be used now in session s (translated), or NULL when it can. */
const char *ui_action_unavailable(enum ui_action_id id, const struct ui_session *s);

#endif
