#!/bin/bash
# make-live-usb.sh OUTDIR - the isolinux and GRUB menus live-build 1:20230502
# (Debian 12) writes for a one-flavour amd64 live image without installer and
# memtest, built with: lb config --bootappend-live "boot=live components quiet
# console=ttyS0" (a serial console, so tests see it boot). Its templates from
# /usr/share/live/build/bootloaders with the substitutions of
# /usr/lib/live/build/binary_syslinux and binary_grub_cfg. The kernel is
# /live/vmlinuz-$VERSION (hard-linked as /live/vmlinuz for isolinux), the
# initrd /live/initrd.img-$VERSION (and /live/initrd.img); here empty stand-ins.
set -euo pipefail
out=$1
lb=/usr/share/live/build/bootloaders
version=6.1-vigil-amd64
append_live="boot=live components quiet console=ttyS0"
append_failsafe="boot=live components memtest noapic noapm nodma nomce nolapic nosmp nosplash vga=788"

# binary_syslinux
t=$out/isolinux
mkdir -p "$t"
cp "$lb/isolinux/isolinux.cfg" "$lb"/syslinux_common/{menu,stdmenu,utilities}.cfg "$t/"
sed -e "s|@FLAVOUR@|amd64|g" -e "s|@LINUX@|/live/vmlinuz|g" -e "s|@INITRD@|/live/initrd.img|g" \
	"$lb/syslinux_common/live.cfg.in" >"$t/live.cfg"
for f in "$t"/*.cfg; do
	sed -i -e "s#@APPEND_LIVE@#$append_live#g" -e "s#@APPEND_LIVE_FAILSAFE@#$append_failsafe#g" \
		-e "s#@APPEND_INSTALL@##g" -e "s|@PROJECT@|Debian GNU/Linux|g" \
		-e "s|@DISTRIBUTION@|bookworm|g" -e "s|@VERSION@|12|g" "$f"
done
sed -i "/@OPTIONAL_INSTALLER_INCLUDE@/d" "$t/menu.cfg"
sed -i "/@OPTIONAL_MEMTEST_INCLUDE@/d" "$t/utilities.cfg"

# binary_grub_cfg
g=$out/boot/grub
mkdir -p "$g"
cp "$lb"/grub-pc/{grub,config,theme}.cfg "$g/"
live_entries=$(mktemp)
trap 'rm -f "$live_entries"' EXIT
cat >"$live_entries" <<END
menuentry "Live system (amd64)" --hotkey=l {
	linux	/live/vmlinuz-$version $append_live findiso=\${iso_path}
	initrd	/live/initrd.img-$version
}
menuentry "Live system (amd64 fail-safe mode)" {
	linux	/live/vmlinuz-$version $append_failsafe
	initrd	/live/initrd.img-$version
}
END
sed -i -e "/@LINUX_LIVE@/r $live_entries" -e "/@LINUX_LIVE@/d" "$g"/*.cfg
sed -i -e "s|@ENABLE_INSTALL_MENU@|false|" -e "s|@ENABLE_MEMTEST@|false|" "$g"/*.cfg
sed -i -e 's|//|/|g' -e 's|\ $||g' "$g"/*.cfg
echo "source /boot/grub/grub.cfg" >"$g/loopback.cfg"

# empty stand-ins for the kernel and initrd (binary_linux-image, and binary_syslinux's hard links)
mkdir -p "$out/live"
for f in "vmlinuz-$version" "initrd.img-$version" vmlinuz initrd.img; do
	: >"$out/live/$f"
done
