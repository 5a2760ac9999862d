# src/boot: boot config parsers (GRUB, syslinux, BLS) and the entry model
libvigil_a_SOURCES += \
	src/boot/strbuf.c src/boot/strbuf.h \
	src/boot/entry.c src/boot/entry.h \
	src/boot/partition.h \
	src/boot/fsroot.c src/boot/fsroot.h \
	src/boot/grubenv.c src/boot/grubenv.h \
	src/boot/bls.c src/boot/bls.h \
	src/boot/syslinux.c src/boot/syslinux.h \
	src/boot/parser.c src/boot/parser.h \
	src/boot/grub/script.h \
	src/boot/grub/lexer.c src/boot/grub/lexer.h \
	src/boot/grub/parser.c src/boot/grub/parser.h \
	src/boot/grub/env.c src/boot/grub/env.h \
	src/boot/grub/interp.c src/boot/grub/interp.h \
	src/boot/grub/builtins.c src/boot/grub/test.c src/boot/grub/wildcard.c \
	src/boot/grub/grub.h
libvigil_a_SOURCES += src/boot/json.c src/boot/json.h
# the subcommand that lists what these parsers find
vigil_SOURCES += src/cmd-entries.c
# device discovery, read-only mounts and kexec (Linux, Xen multiboot2)
libvigil_a_SOURCES += \
	src/boot/discover.c src/boot/discover.h \
	src/boot/discover-probe.c src/boot/discover-probe.h \
	src/boot/discover-usb.c src/boot/discover-usb.h \
	src/boot/mount.c src/boot/mount.h \
	src/boot/kexec.c src/boot/kexec.h \
	src/boot/kexec-cmdline.c src/boot/kexec-cmdline.h \
	src/boot/kexec-files.c src/boot/kexec-files.h \
	src/boot/cpio.c src/boot/cpio.h src/boot/handoff.c src/boot/handoff.h \
	src/boot/verify-entry.c src/boot/verify-entry.h
# the subcommand that boots an entry
vigil_SOURCES += src/cmd-boot.c
