/* session.h - what every front end of the menu works with: settings, entries, integrity. */
#ifndef VIGIL_SESSION_H
#define VIGIL_SESSION_H

#include <stddef.h>

#include "boot/discover.h"
#include "boot/entry.h"
#include "ui/integrity.h"
#include "ui/recovery.h"
#include "ui/ui-config.h"

struct ui_session {
	struct ui_config cfg;
	struct boot_entry_list entries;
	struct discovery disc;		/* the disks the entries are on, mounted while the menu runs */
	size_t default_entry;		/* index; meaningless while there are no entries */
	struct ui_integrity integrity;
	struct ui_otp_backend otp;	/* filled as the OTP backends arrive */
	struct recovery_gate gate;	/* the recovery shell's ways in */
	const char *console;		/* "/dev/ttyS0", or NULL when unknown */
	const char *memory;		/* where CBMEM is read: /dev/mem, or an image (tests) */
	const char *boot_lock;		/* NULL: BOOT_LOCK_PATH (tests point elsewhere) */
	char notice[512];		/* a start-up problem to show (bad config, theme) */
};

/* Load entries and ask the backends; cfg must be filled already. */
void ui_session_open(struct ui_session *s);
void ui_session_close(struct ui_session *s);

#endif
