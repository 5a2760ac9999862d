/* discover-usb.h - USB storage: wait for the disks the kernel is still scanning, tell a file on USB. */
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

/*
 * Is block device major:minor on USB? Its sysfs node (sys_root/dev/block/M:m,
 * sys_root NULL: "/sys") leads through a USB bus ("usbN") for a stick or a
 * USB disk, partition or whole disk alike; a loop device is where its backing
 * file is (an ISO image on a stick), a device-mapper one where its slaves
 * are. 1 on USB, 0 not (also for a device sysfs does not list as a block
 * device: tmpfs, overlay), -1 when it cannot be told (sysfs or a backing
 * file unreadable, loops nested too deep).
 */
int usb_holds_device(const char *sys_root, unsigned major, unsigned minor);

#endif
