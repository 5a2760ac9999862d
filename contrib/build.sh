#!/bin/bash
# build.sh - build everything from Debian's packages: the vigil program, the
# payload (Linux 6.1 + initramfs) and the coreboot ROM, into out/.
# Caches live in $VIGIL_CACHE (/var/cache/vigil); nothing unchanged is rebuilt.
# VIGIL_UPDATE_LOCK=1 accepts installed versions that differ from contrib/vigil.lock.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
board=${VIGIL_BOARD:-qemu-q35}
jobs=$(nproc)

"$VIGIL_TOP/contrib/install-deps.sh"
mkdir -p "$VIGIL_OUT" "$VIGIL_CACHE"
# The kernel and coreboot build trees live in the shared cache: one build at a
# time, even from two checkouts or two output directories.
exec 9>"$VIGIL_CACHE/build.lock"
flock -w 3600 9 || die "another build holds $VIGIL_CACHE/build.lock"

note "autoreconf"
(cd "$VIGIL_TOP" && [ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null 2>&1)

note "coreboot tools (cbfstool, cbmem)"
"$VIGIL_TOP/contrib/coreboot/build-coreboot.sh" tools

note "kernel"
"$VIGIL_TOP/contrib/payload/build-kernel.sh"

note "vigil for the payload"
build=$VIGIL_OUT/build-payload
root=$VIGIL_OUT/rootfs
mkdir -p "$build"
# Reconfigure when the build dir was made for another checkout of the source.
if ! grep -qx "abs_top_srcdir = $VIGIL_TOP" "$build/Makefile" 2>/dev/null; then
	(cd "$build" && "$VIGIL_TOP/configure" -q --prefix=/usr --sysconfdir=/etc --localstatedir=/var)
fi
make -s -C "$build" -j"$jobs"
rm -rf "$root"
make -s -C "$build" install-strip DESTDIR="$root" >/dev/null
# Documentation has no use in flash.
rm -rf "$root/usr/share/man" "$root/usr/share/doc"
install -D -m 0644 "$VIGIL_TOP/contrib/boards/$board/board.conf" "$root/etc/vigil/board.conf"

note "initramfs"
"$VIGIL_TOP/contrib/payload/build-initramfs.sh" "$root"

note "coreboot ROM"
"$VIGIL_TOP/contrib/coreboot/build-coreboot.sh"

note "artefacts"
print_sha256 "$VIGIL_OUT/bzImage" "$VIGIL_OUT/initramfs.cpio.xz" "$VIGIL_OUT/coreboot.rom"
"$VIGIL_OUT/build-payload/vigil" pcr predict "$VIGIL_OUT/coreboot.rom"
