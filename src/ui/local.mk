# src/ui: the menus and screens (the UI calls backends; never the reverse)
libvigil_a_SOURCES += \
	src/ui/plain-menu.c src/ui/plain-menu.h \
	src/ui/headless.c src/ui/headless.h \
	src/ui/session.c src/ui/session.h \
	src/ui/ui-config.c src/ui/ui-config.h \
	src/ui/boot-sources.c src/ui/boot-sources.h \
	src/ui/boot-plan.c src/ui/boot-plan.h \
	src/ui/boot-run.c src/ui/boot-run.h src/ui/boot-lock.c src/ui/boot-lock.h \
	src/ui/otp-backends.c src/ui/otp-backends.h \
	src/ui/integrity.c src/ui/integrity.h \
	src/ui/recovery.c src/ui/recovery.h \
	src/ui/recovery-card.c \
	src/ui/power.c src/ui/power.h \
	src/ui/stick-files.c src/ui/stick-files.h \
	src/ui/keys-edit.c src/ui/keys-edit.h \
	src/ui/firmware.c src/ui/firmware.h src/ui/plain-firmware.c \
	src/ui/settings-save.c src/ui/settings-save.h \
	src/ui/actions.c src/ui/actions.h \
	src/ui/countdown.c src/ui/countdown.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/theme.c src/ui/theme.h \
	src/ui/help-texts.c src/ui/help-texts.h \
	src/ui/widget-text.c src/ui/widget-text.h \
	src/ui/widget-progress.c src/ui/widget-progress.h \
	src/ui/widget-qr.c src/ui/widget-qr.h
# the ncurses front end: one file per screen
libvigil_a_SOURCES += \
	src/ui/nc-ui.c src/ui/nc-ui.h src/ui/nc-screens.h \
	src/ui/nc-theme.c \
	src/ui/nc-terminal.c \
	src/ui/nc-main.c \
	src/ui/nc-firmware.c \
	src/ui/nc-pager.c \
	src/ui/nc-preview.c \
	src/ui/nc-boot.c \
	src/ui/nc-edit.c \
	src/ui/nc-integrity.c \
	src/ui/nc-qr.c \
	src/ui/nc-recovery.c \
	src/ui/nc-secret.c \
	src/ui/nc-confirm.c
# the menu's own actions over backends: TOTP reseal, the log viewers, signing /boot
libvigil_a_SOURCES += \
	src/ui/totp-reseal.c src/ui/totp-reseal.h \
	src/ui/viewers.c src/ui/viewers.h \
	src/ui/boot-sign.c src/ui/boot-sign.h \
	src/ui/plain-actions.c src/ui/plain-actions.h \
	src/ui/nc-totp.c \
	src/ui/nc-viewers.c \
	src/ui/nc-sign.c
# the OEM factory-reset wizard: its steps, then one front end each
libvigil_a_SOURCES += \
	src/ui/oem-wizard.c src/ui/oem-wizard.h \
	src/ui/plain-oem.c src/ui/plain-oem.h \
	src/ui/nc-oem.c
# "Manage keys": the ROM keyring's keys
libvigil_a_SOURCES += src/ui/keys-view.c src/ui/keys-view.h src/ui/nc-keys.c
# "Settings in the flash": the owner's settings listed and changed, one front end each
libvigil_a_SOURCES += \
	src/ui/settings-edit.c src/ui/settings-edit.h \
	src/ui/plain-settings.c \
	src/ui/nc-settings.c
