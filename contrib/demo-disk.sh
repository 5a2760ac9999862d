#!/bin/bash
# demo-disk.sh - make out/demo-disk.img: a GPT disk whose ext4 boot partition
# holds a small "demo OS" (vigil's own kernel and a busybox initramfs that
# announces itself) and a GRUB config naming it, so the demo has something to
# find and boot. Built without root: mke2fs -d fills the file system.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
img=$VIGIL_OUT/demo-disk.img
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -f "$VIGIL_OUT/bzImage" ] || die "no $VIGIL_OUT/bzImage: run contrib/build.sh first"
[ -f "$img" ] && [ "$img" -nt "$VIGIL_OUT/bzImage" ] && [ "$img" -nt "$0" ] && exit 0

# The demo OS: busybox as /init printing a marker the tests wait for.
mkdir -p "$work/os/bin" "$work/os/proc" "$work/os/sys" "$work/os/dev"
cp /bin/busybox "$work/os/bin/busybox"
ln -s busybox "$work/os/bin/sh"
cat > "$work/os/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
echo "vigil-demo-os: booted with: $(/bin/busybox cat /proc/cmdline)"
# What vigil handed over: the event log (base64) and the TPM's PCRs 0-7 to replay it against.
if [ -f /vigil/eventlog.bin ]; then
	echo "vigil-demo-os: eventlog begin"
	/bin/busybox base64 /vigil/eventlog.bin
	echo "vigil-demo-os: eventlog end"
fi
for n in 0 1 2 3 4 5 6 7; do
	f=/sys/class/tpm/tpm0/pcr-sha256/$n
	[ -r $f ] && echo "vigil-demo-os: pcr $n $(/bin/busybox cat $f)"
done
echo "vigil-demo-os: ready"
exec /bin/sh
INIT
chmod +x "$work/os/init"
(cd "$work/os" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --reproducible --quiet) |
	# vigil's kernel unpacks xz only (CRC32: the kernel checks no other).
	xz --check=crc32 -9 > "$work/initrd.img-demo"

mkdir -p "$work/boot/grub"
cp "$VIGIL_OUT/bzImage" "$work/boot/vmlinuz-demo"
cp "$work/initrd.img-demo" "$work/boot/initrd.img-demo"
cat > "$work/boot/grub/grub.cfg" <<'CFG'
# GRUB configuration of the vigil demo disk (the last console= is /dev/console: the serial one)
set default=0
set timeout=5
menuentry 'Demo OS' --id demo {
	linux /vmlinuz-demo console=tty0 console=ttyS0 vigil.demo=1
	initrd /initrd.img-demo
}
menuentry 'Demo OS (verbose)' --id demo-verbose {
	linux /vmlinuz-demo console=tty0 console=ttyS0 loglevel=7
	initrd /initrd.img-demo
}
CFG
find "$work/boot" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# 64 MiB disk, GPT with one partition from 1 MiB: the boot partition.
rm -f "$img.tmp"
truncate -s 64M "$img.tmp"
sfdisk -q "$img.tmp" <<'PART'
label: gpt
label-id: 5E6F1C2A-0D3B-4C55-9C1E-7A1D0B0E0001
start=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5E6F1C2A-0D3B-4C55-9C1E-7A1D0B0E0002, name=boot
PART
truncate -s 62M "$work/boot.ext4"
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mke2fs -q -t ext4 -L demo-boot \
	-U 0c0ffee0-0000-4000-8000-000000000001 -E hash_seed=0c0ffee0-0000-4000-8000-000000000002 \
	-d "$work/boot" "$work/boot.ext4"
dd if="$work/boot.ext4" of="$img.tmp" bs=1M seek=1 conv=notrunc status=none
mv "$img.tmp" "$img"
note "demo disk: $img"
