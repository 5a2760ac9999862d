#!/bin/bash
# make-live-isolinux.sh OUTDIR - the isolinux menu live-build 1:20230502 (Debian 12,
# package live-build) writes for a one-flavour amd64 image with the text installer
# and memtest: its templates from /usr/share/live/build/bootloaders with the
# substitutions of /usr/lib/live/build/binary_syslinux and lb's default options.
set -euo pipefail
out=$1
lb=/usr/share/live/build/bootloaders
mkdir -p "$out/isolinux" "$out/live" "$out/install"
cp "$lb/isolinux/isolinux.cfg" "$lb"/syslinux_common/*.cfg "$lb/syslinux_common/live.cfg.in" "$out/isolinux/"
t=$out/isolinux
mv "$t/install_text.cfg" "$t/install.cfg"
rm -f "$t/install_gui.cfg"
sed -e "s|@FLAVOUR@|amd64|g" -e "s|@LINUX@|/live/vmlinuz|g" -e "s|@INITRD@|/live/initrd.img|g" \
	"$t/live.cfg.in" >"$t/live.cfg"
rm "$t/live.cfg.in"
for f in "$t"/*.cfg; do
	sed -i -e "s#@APPEND_LIVE@#boot=live components quiet splash#g" \
		-e "s#@APPEND_LIVE_FAILSAFE@#boot=live components memtest noapic noapm nodma nomce nolapic nosmp nosplash vga=788#g" \
		-e "s#@APPEND_INSTALL@##g" -e "s|@PROJECT@|Debian GNU/Linux|g" \
		-e "s|@DISTRIBUTION@|bookworm|g" -e "s|@VERSION@|12|g" "$f"
done
sed -i -e "s|@KERNEL_DI@|/install/vmlinuz|" -e "s|@INITRD_DI@|/install/initrd.gz|" "$t/install.cfg"
sed -i -e "s#@MEMTEST_VERSION@#memtest86+#g" -e "s#@MEMTEST@#/live/memtest#g" "$t/memtest.cfg"
sed -i "s#@OPTIONAL_INSTALLER_INCLUDE@#include install.cfg#g" "$t/menu.cfg"
sed -i "s#@OPTIONAL_MEMTEST_INCLUDE@#include memtest.cfg#g" "$t/utilities.cfg"
for f in live/vmlinuz live/initrd.img live/memtest install/vmlinuz install/initrd.gz; do
	: >"$out/$f"
done
