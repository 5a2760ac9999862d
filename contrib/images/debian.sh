#!/bin/bash
# debian.sh - build a raw disk image with a real Debian bookworm for the boot tests.
#
# Usage: contrib/images/debian.sh [--xen]
# Prints the image path on stdout. The image is made by debootstrap from
# Debian's archive (minbase, linux-image-amd64, initramfs-tools, systemd-sysv,
# grub-pc; with --xen also xen-hypervisor-4.17-amd64 and -common): MBR, partition 1 = /boot
# (ext4), partition 2 = / (ext4); grub.cfg is written by Debian's own
# grub-mkconfig. A systemd unit prints "vigil-test: debian reached multi-user"
# on the console (ttyS0; hvc0 -> Xen's com1 in dom0, which also prints
# "vigil-test: xen dom0 reached multi-user").
# Images are cached in $VIGIL_CACHE/images, keyed by a hash of this recipe.
# Needs root, loop devices and partx (no device-mapper, no udev needed).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

variant=plain
case ${1:-} in
--xen) variant=xen ;;
"") ;;
*) die "usage: $0 [--xen]" ;;
esac

MIRROR=${VIGIL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
MARKER="vigil-test: debian reached multi-user"
XEN_MARKER="vigil-test: xen dom0 reached multi-user"
recipe_hash=$(cat "$0" "$VIGIL_TOP/contrib/lib/common.sh" | sha256sum | cut -c1-16)
images=$VIGIL_CACHE/images
img=$images/debian-$SUITE-$variant-$recipe_hash.img
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "building $img needs root (loop devices, mount, chroot)"
for tool in debootstrap sfdisk partx losetup mkfs.ext4; do
	command -v "$tool" >/dev/null || die "$tool is missing (apt-get install debootstrap fdisk util-linux e2fsprogs)"
done
mkdir -p "$images" "$images/debs"

work=$(mktemp -d /tmp/vigil-image.XXXXXX)
root=$work/root
loop=
# Undo every mount and the loop device whatever happens; the image is
# renamed into the cache only after everything succeeded.
cleanup() {
	local m
	trap - EXIT INT TERM
	if [ -d "$root" ]; then
		for m in $(awk -v r="$root" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do
			umount -l "$m" 2>/dev/null || true
		done
	fi
	if [ -n "$loop" ]; then
		partx -d "$loop" 2>/dev/null || true
		losetup -d "$loop" 2>/dev/null || true
	fi
	rm -rf "$work"
	rm -f "$img.tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

note "debian image ($variant): partitioning"
truncate -s 3G "$img.tmp"
sfdisk -q "$img.tmp" <<'PART'
label: dos
start=2048, size=614400, type=83, bootable
type=83
PART
loop=$(losetup -f --show "$img.tmp")
# losetup -P makes no partition nodes on these hosts; partx does.
partx -a "$loop"
for p in 1 2; do
	for _ in $(seq 50); do [ -b "${loop}p$p" ] && break; sleep 0.1; done
	[ -b "${loop}p$p" ] || die "no ${loop}p$p after partx -a"
done
mkfs.ext4 -q -L debian-boot "${loop}p1"
mkfs.ext4 -q -L debian-root "${loop}p2"
boot_uuid=$(blkid -s UUID -o value "${loop}p1")
root_uuid=$(blkid -s UUID -o value "${loop}p2")

mkdir -p "$root"
mount "${loop}p2" "$root"
mkdir -p "$root/boot"
mount "${loop}p1" "$root/boot"

packages=linux-image-amd64,initramfs-tools,zstd,systemd-sysv,grub-pc
# xen-hypervisor-common (recommended, so apt would install it) makes Xen the
# GRUB default through /etc/default/grub.d/xen.cfg.
[ "$variant" = xen ] && packages=$packages,xen-hypervisor-4.17-amd64,xen-hypervisor-common
note "debian image ($variant): debootstrap $SUITE ($packages)"
DEBIAN_FRONTEND=noninteractive debootstrap --variant=minbase --include="$packages" \
	--cache-dir="$images/debs" "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
	{ tail -30 "$work/debootstrap.log" >&2; cat "$root/debootstrap/debootstrap.log" >&2 2>/dev/null || true; die "debootstrap failed"; }

note "debian image ($variant): configuring"
cat >"$root/etc/fstab" <<FSTAB
UUID=$root_uuid / ext4 errors=remount-ro 0 1
UUID=$boot_uuid /boot ext4 defaults 0 2
FSTAB
echo vigil-test >"$root/etc/hostname"
# Passwordless root: a throwaway test system, handy when a test fails.
chroot "$root" passwd -d root >/dev/null
# zstd: the initrd unpacks ~40% faster under TCG than gzip.
echo "COMPRESS=zstd" >"$root/etc/initramfs-tools/conf.d/vigil-test"

cat >"$root/etc/systemd/system/vigil-test-marker.service" <<UNIT
[Unit]
Description=Tell the vigil test suite that multi-user was reached
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/bin/echo "$MARKER"
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
UNIT
cat >"$root/etc/systemd/system/vigil-test-xen-marker.service" <<UNIT
[Unit]
Description=Tell the vigil test suite that this is Xen's dom0
After=multi-user.target
ConditionPathExists=/sys/hypervisor/type
[Service]
Type=oneshot
ExecStart=/bin/echo "$XEN_MARKER"
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf ../vigil-test-marker.service "$root/etc/systemd/system/multi-user.target.wants/"
ln -sf ../vigil-test-xen-marker.service "$root/etc/systemd/system/multi-user.target.wants/"

sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=1/' \
	-e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0"/' "$root/etc/default/grub"
if [ "$variant" = xen ]; then
	# Xen owns the serial port: it logs to com1, dom0's console is hvc0.
	cat >>"$root/etc/default/grub" <<'XEN'
GRUB_CMDLINE_XEN="console=com1 com1=115200,8n1"
GRUB_CMDLINE_LINUX_XEN_REPLACE="console=hvc0"
XEN
fi

# The chroot's own /dev: device nodes for the disk and the by-uuid links
# grub-mkconfig needs to write root=UUID= (the host has no udev).
mount -t tmpfs -o mode=0755 vigil-dev "$root/dev"
for n in null:1:3 zero:1:5 random:1:8 urandom:1:9 tty:5:0 console:5:1; do
	IFS=: read -r name major minor <<<"$n"
	mknod -m 0666 "$root/dev/$name" c "$major" "$minor"
done
for dev in "$loop" "${loop}p1" "${loop}p2"; do
	mknod -m 0660 "$root$dev" b $((0x$(stat -c %t "$dev"))) $((0x$(stat -c %T "$dev")))
done
mkdir -p "$root/dev/disk/by-uuid" "$root/dev/pts"
ln -s "../..${loop#/dev}p1" "$root/dev/disk/by-uuid/$boot_uuid"
ln -s "../..${loop#/dev}p2" "$root/dev/disk/by-uuid/$root_uuid"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"

in_chroot() {
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		LANG=C.UTF-8 "$@"
}
note "debian image ($variant): initramfs (zstd) and grub"
in_chroot update-initramfs -u -k all >"$work/initramfs.log" 2>&1 ||
	{ cat "$work/initramfs.log" >&2; die "update-initramfs failed"; }
in_chroot grub-install --target=i386-pc "$loop" >"$work/grub-install.log" 2>&1 ||
	{ cat "$work/grub-install.log" >&2; die "grub-install failed"; }
in_chroot grub-mkconfig -o /boot/grub/grub.cfg >"$work/grub-mkconfig.log" 2>&1 ||
	{ cat "$work/grub-mkconfig.log" >&2; die "grub-mkconfig failed"; }
grep -q "search --no-floppy --fs-uuid --set=root $boot_uuid" "$root/boot/grub/grub.cfg" ||
	die "grub.cfg does not search the /boot partition by UUID (see $root/boot/grub/grub.cfg)"
grep -q "root=UUID=$root_uuid" "$root/boot/grub/grub.cfg" ||
	die "grub.cfg does not name the root file system by UUID"
in_chroot apt-get clean

sync
for m in $(awk -v r="$root" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do
	umount "$m"
done
partx -d "$loop"
losetup -d "$loop"
loop=
mv "$img.tmp" "$img"
note "debian image ($variant): $img"
echo "$img"
