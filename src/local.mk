# src: the vigil program and its subcommands (one file each)
vigil_SOURCES += src/main.c src/cmd.h src/i18n.h src/cmd-progress.c src/cmd-progress.h \
	src/cmd-init.c src/cmd-menu.c src/cmd-pcr.c \
	src/cmd-sign.c src/cmd-verify.c
libvigil_a_SOURCES += src/consoles.c src/consoles.h
vigil_SOURCES += src/cmd-totp.c src/cmd-tpm.c src/cmd-tpm-owner.c src/cmd-tpm-owner.h
vigil_SOURCES += src/cmd-rom.c src/cmd-flash.c
vigil_SOURCES += src/cmd-hotp.c
vigil_SOURCES += src/cmd-measure.c
