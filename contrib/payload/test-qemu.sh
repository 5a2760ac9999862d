#!/usr/bin/env bash
# test-qemu.sh - boot $VIGIL_OUT/bzImage in QEMU (q35, TCG, swtpm TPM 2.0)
# with an initramfs made by build-initramfs.sh around a stand-in vigil (a
# shell script run as /init), and check the payload's tools inside the guest.
# Leaves $VIGIL_OUT/initramfs.cpio.xz alone (builds into a scratch dir).
# Environment: VIGIL_TEST_KEXEC_KERNEL=vmlinuz to kexec (default: bzImage),
# VIGIL_TEST_LOG=FILE keeps the serial log, VIGIL_TEST_TIMEOUT (600 s).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"

[ -f "$VIGIL_OUT/bzImage" ] || die "$VIGIL_OUT/bzImage missing: run contrib/payload/build-kernel.sh"
for t in qemu-system-x86_64:qemu-system-x86 swtpm:swtpm mke2fs:e2fsprogs sfdisk:fdisk mkfs.vfat:dosfstools mcopy:mtools; do
	command -v "${t%%:*}" >/dev/null || die "${t%%:*} missing (apt-get install ${t#*:})"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-qemu.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# Stand-in vigil: runs the checks as PID 1, then powers off.  Each check
# prints "VIGILTEST <name> ok" or "... FAIL"; the host greps for them.
root=$work/root
mkdir -p "$root/usr/bin" "$root/boot"
# kexec target: an OS kernel (e.g. Debian's vmlinuz) or, by default, the
# payload kernel itself.  kexec_file_load (kexec -s) takes only relocatable
# kernels (XLF_CAN_BE_LOADED_ABOVE_4G), which the payload kernel is not.
target=${VIGIL_TEST_KEXEC_KERNEL:-$VIGIL_OUT/bzImage}
cp "$target" "$root/boot/vmlinuz"
xlf=$(od -An -tu1 -j $((0x236)) -N 1 "$target" | tr -d ' ')
[ $((xlf & 2)) = 2 ] && echo relocatable > "$root/boot/vmlinuz.relocatable"
# Its initramfs: static busybox as /init, printing the last marker
# (/dev/console comes from the kernel's built-in default initramfs).
mkdir -p "$work/kx/bin"
cp /bin/busybox "$work/kx/bin/busybox"
printf '#!/bin/busybox sh\necho "VIGILTEST kexec-boot ok"\n/bin/busybox poweroff -f\n' > "$work/kx/init"
chmod 755 "$work/kx/init"
(cd "$work/kx" && printf '%s\n' bin bin/busybox init | cpio -o -H newc --quiet) |
	xz --check=crc32 --lzma2=dict=1MiB > "$root/boot/initrd.xz"
cat > "$root/usr/bin/vigil" <<'EOF'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin HOME=/tmp GNUPGHOME=/tmp/gnupg
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
check() { name=$1; shift; if "$@"; then echo "VIGILTEST $name ok"; else echo "VIGILTEST $name FAIL"; fi; }
echo "VIGILTEST sh ok"
uname -a
check gpg gpg --version
check gpg-agent gpg-agent --version
check scdaemon /usr/lib/gnupg/scdaemon --version
check gpgconf gpgconf --list-components
check cryptsetup cryptsetup --version
check kexec kexec --version
check flashrom flashrom --version
if [ -e /usr/sbin/cbmem ]; then check cbmem sh -c 'cbmem --version; true'; fi
check tpm0 test -c /dev/tpm0
check tpmrm0 test -c /dev/tpmrm0
check tpm2 grep -qx 2 /sys/class/tpm/tpm0/tpm_version_major
check hwrng grep -q tpm /sys/class/misc/hw_random/rng_available
check coreboot-bus test -d /sys/bus/coreboot
check rtc test -c /dev/rtc0
check virtio-rng grep -q virtio /sys/class/misc/hw_random/rng_available
check at-keyboard grep -q "AT Translated Set 2 keyboard" /sys/class/input/input*/name
for hcd in xhci_hcd ehci-pci uhci_hcd ohci-pci; do
	check "$hcd" sh -c "ls /sys/bus/pci/drivers/$hcd | grep -q :"
done
# Disks on each bus; USB mass storage shows up a few seconds late.
disk_on() { for b in /sys/block/sd*; do case $(readlink -f "$b") in *"$1"*) echo "/dev/${b##*/}"; return 0 ;; esac; done; return 1; }
for _ in $(seq 30); do disk_on /usb >/dev/null && break; sleep 1; done
read_hello() { mount -o ro -t "$2" "$1" /mnt && grep -q vigil /mnt/hello.txt; r=$?; umount /mnt; return $r; }
check nvme-ext4 read_hello /dev/nvme0n1 ext4
check virtio-blk-gpt test -b /dev/vda1
check sata-mbr-ext2 read_hello "$(disk_on /ata)1" ext2
check usb-storage-vfat read_hello "$(disk_on /usb)" vfat
check usb-keyboard grep -q "QEMU USB Keyboard" /sys/class/input/input*/name
# GnuPG end to end: agent over a unix socket, key generation, sign, verify.
mkdir -m 700 /tmp/gnupg
check gpg-genkey gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key test@vigil ed25519 sign never
echo hello > /tmp/msg
check gpg-sign gpg --batch --pinentry-mode loopback --passphrase '' -s /tmp/msg
check gpg-verify gpg --batch --verify /tmp/msg.gpg
# LUKS2 on a loop device: dm-crypt, AF_ALG, argon2id, aes-xts.
dd if=/dev/zero of=/tmp/disk bs=1M count=32 2>/dev/null
losetup /dev/loop0 /tmp/disk
echo -n secret > /tmp/key
check luks-format cryptsetup luksFormat -q --type luks2 --pbkdf argon2id --pbkdf-memory 65536 --pbkdf-force-iterations 4 --key-file /tmp/key /dev/loop0
check luks-open cryptsetup open --key-file /tmp/key /dev/loop0 t
check luks-io sh -c 'test -b /dev/mapper/t && echo payload | dd of=/dev/mapper/t conv=fsync 2>/dev/null && dd if=/dev/mapper/t bs=7 count=1 2>/dev/null | grep -q payload'
check luks-close cryptsetup close t
# kexec: file-based and classic loads, then boot the loaded kernel.
if [ -e /boot/vmlinuz.relocatable ]; then
	check kexec-file-load kexec -s -l /boot/vmlinuz --initrd=/boot/initrd.xz --append="console=ttyS0 panic=-1"
	check kexec-file-unload kexec -s -u
fi
check kexec-load kexec -l /boot/vmlinuz --initrd=/boot/initrd.xz --append="console=ttyS0 panic=-1"
echo "VIGILTEST done"
kexec -e
echo "VIGILTEST kexec-e FAIL"
poweroff -f
EOF
chmod 755 "$root/usr/bin/vigil"

# Scratch output dir: the real cbmem if there is one, else none.
mkdir -p "$work/out"
[ -f "$VIGIL_OUT/cbmem" ] && cp "$VIGIL_OUT/cbmem" "$work/out/cbmem"
VIGIL_OUT=$work/out VIGIL_NO_CBMEM=1 "$here/build-initramfs.sh" "$root" >/dev/null

# Disk images: ext4 on NVMe, GPT on virtio, MBR + ext2 on SATA, vfat on USB.
img=$work/img
mkdir -p "$img/files"
echo vigil > "$img/files/hello.txt"
truncate -s 8M "$img/nvme" "$img/virtio" "$img/sata"
mke2fs -q -F -t ext4 -d "$img/files" "$img/nvme"
printf 'label: gpt\nsize=4M, type=linux\n' | sfdisk -q "$img/virtio"
echo 'start=2048, type=83' | sfdisk -q "$img/sata"
mke2fs -q -F -t ext2 -d "$img/files" -E offset=1048576 "$img/sata" 6144
mkfs.vfat -C "$img/usb" 8192 >/dev/null
mcopy -i "$img/usb" "$img/files/hello.txt" ::hello.txt

mkdir -p "$work/tpm"
swtpm socket --tpm2 --tpmstate dir="$work/tpm" --ctrl type=unixio,path="$work/tpm/sock" &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/tpm/sock" ] && break; sleep 0.1; done

log=$work/serial.log
note "booting in QEMU (TCG), serial log: ${VIGIL_TEST_LOG:-$log}"
# KVM is unusable here: TCG only.  -no-reboot turns a panic reboot into an exit.
timeout "${VIGIL_TEST_TIMEOUT:-600}" qemu-system-x86_64 -M q35 -accel tcg -smp 2 -m 1G -nographic -no-reboot \
	-kernel "$VIGIL_OUT/bzImage" -initrd "$work/out/initramfs.cpio.xz" -append "console=ttyS0" \
	-chardev socket,id=chrtpm,path="$work/tpm/sock" -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0 \
	-device virtio-rng-pci \
	-drive if=none,id=nvme,format=raw,file="$img/nvme" -device nvme,serial=vigil,drive=nvme \
	-drive if=none,id=virtio,format=raw,file="$img/virtio" -device virtio-blk-pci,drive=virtio \
	-drive if=none,id=sata,format=raw,file="$img/sata" -device ide-hd,bus=ide.0,drive=sata \
	-device qemu-xhci,id=xhci -device usb-kbd,bus=xhci.0 \
	-drive if=none,id=usb,format=raw,file="$img/usb" -device usb-storage,bus=xhci.0,drive=usb \
	-device usb-ehci -device piix3-usb-uhci -device pci-ohci \
	</dev/null >"$log" 2>&1 &
pids+=($!)
wait "${pids[-1]}" || note "qemu exited with status $?"
tr -d '\r' < "$log" > "$log.txt"
[ -z "${VIGIL_TEST_LOG:-}" ] || cp "$log.txt" "$VIGIL_TEST_LOG"

grep '^VIGILTEST' "$log.txt" >&2 || true
fail=$(grep -c '^VIGILTEST .* FAIL' "$log.txt" || true)
for want in sh "done" kexec-boot; do
	grep -q "^VIGILTEST $want" "$log.txt" || { note "missing: $want"; fail=$((fail + 1)); }
done
[ "$fail" = 0 ] || die "QEMU test: $fail check(s) failed (serial log: ${VIGIL_TEST_LOG:-lost; set VIGIL_TEST_LOG=FILE})"
note "QEMU test passed"
