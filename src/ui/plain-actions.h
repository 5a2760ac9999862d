/* plain-actions.h - the plain menu's actions besides booting: TOTP reseal, the viewers, signing /boot. */
#ifndef VIGIL_PLAIN_ACTIONS_H
#define VIGIL_PLAIN_ACTIONS_H

struct ui_session;

/* Confirm, seal a new TOTP secret, show it once, wait for Enter, clear the screen. */
void plain_totp_reseal(struct ui_session *s);
/* The event log under the verdict of replaying it against the TPM. */
void plain_event_log(struct ui_session *s);
/* coreboot's console from CBMEM. */
void plain_cbmem_console(struct ui_session *s);
/* Sign the default entry's partition, asking for the PIN on this terminal. */
void plain_sign(struct ui_session *s);

#endif
