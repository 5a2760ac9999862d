/* discover-usb.h - wait for the disks of USB storage devices the kernel is still scanning. */
#ifndef VIGIL_BOOT_DISCOVER_USB_H
#define VIGIL_BOOT_DISCOVER_USB_H

#include <stddef.h>

#include "boot/strbuf.h"

#define USB_STORAGE_DIR "/sys/bus/usb/drivers/usb-storage"
#define USB_SETTLE_MS 5000

/* USB storage interfaces bound in dir (usb-storage's sysfs directory) that have no disk yet. */
size_t usb_disks_pending(const char *dir);

/*
 * usb-storage binds a stick's interface, then scans its SCSI bus only after
 * a delay (usb-storage.delay_use, a second by default): a stick plugged in
 * at power-on may have no disk yet when the menu looks. Wait up to max_ms
 * for every interface bound in dir to have one; the ones still without
 * become a warning. Returns how many are still pending.
 */
size_t usb_wait_for_disks(const char *dir, unsigned max_ms, struct strlist *warnings);

#endif
