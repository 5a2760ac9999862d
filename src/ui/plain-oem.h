/* plain-oem.h - the OEM factory-reset wizard as plain lines (serial consoles, dumb terminals). */
#ifndef VIGIL_PLAIN_OEM_H
#define VIGIL_PLAIN_OEM_H

struct ui_session;

/* Walk the steps that can run here, each explained and confirmed; retry or skip a failed one. */
void plain_oem_wizard(struct ui_session *s);

#endif
