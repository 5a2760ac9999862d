# src/hw: TPM, ROM images (FMAP/CBFS), flash, cbmem, disks
libvigil_a_SOURCES += \
	src/hw/cbfs.c src/hw/cbfs.h \
	src/hw/pcr-predict.c src/hw/pcr-predict.h \
	src/hw/tpm.c src/hw/tpm.h
libvigil_a_SOURCES += \
	src/hw/tpm-esys.h \
	src/hw/tpm-owner.c \
	src/hw/tpm-flush.c src/hw/tpm-flush.h \
	src/hw/tpm-srk.c \
	src/hw/tpm-seal.c src/hw/tpm-seal.h src/hw/tpm-seal-store.c \
	src/hw/tpm-nv.c src/hw/tpm-counter.c src/hw/tpm-counter.h \
	src/hw/tpm-nvblob.c src/hw/tpm-nvblob.h \
	src/hw/tpm-status.c src/hw/tpm-status.h
# measured boot: the TCG event log, coreboot's CBMEM log, measure_*()
libvigil_a_SOURCES += \
	src/hw/eventlog.c src/hw/eventlog-parse.c src/hw/eventlog.h src/hw/eventlog-format.h \
	src/hw/eventlog-check.c src/hw/eventlog-check.h \
	src/hw/cbmem.c src/hw/cbmem.h src/hw/cbmem-tcpa.c src/hw/cbmem-tcpa.h \
	src/hw/measure.c src/hw/measure.h \
	src/hw/seal-pcrs.c src/hw/seal-pcrs.h
# the owner's files in the ROM (vigil/keys.asc, vigil/settings): read, edit, measure at boot
libvigil_a_SOURCES += \
	src/hw/rom.c src/hw/rom.h src/hw/romfiles.c src/hw/romfiles.h \
	src/hw/romsettings.c src/hw/romsettings.h src/hw/romkeys.c src/hw/romkeys.h \
	src/hw/romedit.c src/hw/romedit.h src/hw/romboot.c src/hw/romboot.h \
	src/hw/romedit-settings.c src/hw/romedit-settings.h \
	src/hw/romedit-keys.c src/hw/romedit-keys.h
# the boot flash through flashrom, and firmware updates that keep the owner's files
libvigil_a_SOURCES += \
	src/hw/flash.c src/hw/flash.h src/hw/romupdate.c src/hw/romupdate.h \
	src/hw/flash-update.c src/hw/flash-update.h src/hw/flash-edit.c src/hw/flash-edit.h \
	src/hw/flash-predict.c src/hw/flash-predict.h
# HOTP with a USB token (Nitrokey Pro/Storage/3, Librem Key) and a TPM-kept counter
libvigil_a_SOURCES += \
	src/hw/hotp-token.c src/hw/hotp-token.h src/hw/hotp-proto.h \
	src/hw/hotp-nkpro.c src/hw/hotp-nk3.c src/hw/hotp-hidraw.c \
	src/hw/hotp-check.c src/hw/hotp-check.h
# the event log and its TPM check as text ("vigil pcr log/check", the menu's viewer)
libvigil_a_SOURCES += src/hw/eventlog-text.c src/hw/eventlog-text.h
# a boot partition made writable only while it is signed
libvigil_a_SOURCES += src/hw/remount.c src/hw/remount.h
# LUKS headers into PCR 6 once per boot, before the menu
libvigil_a_SOURCES += src/hw/luks-header.c src/hw/luks-header.h \
	src/hw/luks-measure.c src/hw/luks-measure.h
