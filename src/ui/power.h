/* power.h - reboot and power off, only from inside the firmware's menu. */
#ifndef VIGIL_POWER_H
#define VIGIL_POWER_H

#include <stddef.h>

enum ui_power { UI_POWER_REBOOT, UI_POWER_OFF };

/*
 * Sync and reboot or power off. Refused (returns -1 with err) unless the menu
 * was started by "vigil init" ($VIGIL_CONSOLE set), so running "vigil menu" on
 * a workstation as root cannot switch the workstation off by accident.
 */
int ui_power(enum ui_power what, char *err, size_t errlen);

#endif
