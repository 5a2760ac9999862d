/* power.c - reboot or power off the machine from the menu. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/power.h"

int ui_power(enum ui_power what, char *err, size_t errlen)
{
	if (!getenv("VIGIL_CONSOLE")) {
		snprintf(err, errlen, _("refused: this menu was not started by vigil init "
					"(not running as the firmware's menu)"));
		return -1;
	}
	sync();
	reboot(what == UI_POWER_REBOOT ? RB_AUTOBOOT : RB_POWER_OFF);
	snprintf(err, errlen, what == UI_POWER_REBOOT ? _("reboot failed: %s") :
		 _("power off failed: %s"), strerror(errno));
	return -1;
}
