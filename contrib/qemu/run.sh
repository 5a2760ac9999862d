#!/bin/bash
# run.sh - boot a vigil ROM in QEMU (q35, TCG) with a software TPM 2.0 (swtpm),
# the serial console on this terminal and a VGA device for screendumps.
# Every process it starts is ended when it exits, on Ctrl-A x, Ctrl-C or hangup.
set -euo pipefail

usage() {
	cat <<USAGE
Usage: contrib/qemu/run.sh [options]
  --rom FILE         coreboot ROM (default: out/coreboot.rom), read-only
  --flash FILE       a ROM file as the machine's writable flash: booted from, and
                     what vigil writes to the flash (vigil flash, the menu's
                     firmware update) lands in FILE for the next power-on
  --disk FILE        disk image attached as a virtio disk (raw or qcow2; repeatable)
  --usb FILE         disk image attached as a USB stick (repeatable)
  --tpm-state DIR    keep the TPM's state in DIR across runs (default: a fresh TPM)
  --no-tpm           boot without a TPM
  --card HOST:PORT   a USB smartcard reader (usb-ccid) whose card is served by the
                     VSCard server at HOST:PORT, which must be listening already
                     (tests/card/vscard.py --listen HOST:PORT); QEMU's reader is
                     T=0 only: serve a T=0 card
  --monitor SOCKET   QEMU monitor on a unix socket (for screendump, quit)
  --memory MB        guest memory (default 1024)
  --snapshot         do not write to the disk images
  -h, --help         this text
Quit QEMU with Ctrl-A x.
USAGE
}

top=$(cd "$(dirname "$0")/../.." && pwd)
rom=${VIGIL_OUT:-$top/out}/coreboot.rom
tpm_state= no_tpm=0 monitor= memory=1024 snapshot=0 flash= card=
disks=() usbs=()
while [ $# -gt 0 ]; do
	case $1 in
	--rom) rom=$2; shift 2 ;;
	--flash) flash=$2; rom=$2; shift 2 ;;
	--disk) disks+=("$2"); shift 2 ;;
	--usb) usbs+=("$2"); shift 2 ;;
	--tpm-state) tpm_state=$2; shift 2 ;;
	--no-tpm) no_tpm=1; shift ;;
	--card) card=$2; shift 2 ;;
	--monitor) monitor=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--snapshot) snapshot=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	esac
done
[ -f "$rom" ] || { echo "run.sh: no ROM at $rom (build it with contrib/build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/vigil-qemu.XXXXXX)
swtpm_pid= qemu_pid=
cleanup() {
	trap - EXIT INT TERM HUP
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
	[ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

args=(-M q35 -accel tcg -m "$memory" -bios "$rom" -no-reboot
	-display none -device VGA -serial mon:stdio
	-device virtio-rng-pci)
# KVM is broken on these hosts: coreboot dies at the reset vector. TCG only.

if [ "$no_tpm" = 0 ]; then
	state=${tpm_state:-$work/tpm}
	mkdir -p "$state"
	swtpm socket --tpm2 --tpmstate dir="$state" \
		--ctrl type=unixio,path="$work/swtpm.sock" \
		--log file="$work/swtpm.log",level=1 &
	swtpm_pid=$!
	for _ in $(seq 50); do [ -S "$work/swtpm.sock" ] && break; sleep 0.1; done
	[ -S "$work/swtpm.sock" ] || { echo "run.sh: swtpm did not start" >&2; cat "$work/swtpm.log" >&2; exit 1; }
	args+=(-chardev socket,id=chrtpm,path="$work/swtpm.sock"
		-tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0)
fi
# QEMU cannot give a 16 MiB ROM writable flash (pflash stops at 8 MiB; no
# ICH SPI controller), so the board config's "flash = emulated:vigil-flash"
# has flashrom emulate the chip over this disk, which is the ROM file itself.
if [ -n "$flash" ]; then
	args+=(-drive file="$flash",if=none,id=flash,format=raw
		-device virtio-blk-pci,drive=flash,serial=vigil-flash)
fi
[ -n "$monitor" ] && args+=(-monitor unix:"$monitor",server,nowait)
[ "$snapshot" = 1 ] && args+=(-snapshot)
i=0
for d in "${disks[@]}"; do
	args+=(-drive file="$d",if=virtio,format="$(qemu-img info --output=json "$d" | sed -n 's/.*"format": "\(.*\)".*/\1/p')")
done
if [ ${#usbs[@]} -gt 0 ] || [ -n "$card" ]; then
	args+=(-device qemu-xhci,id=xhci)
	for d in "${usbs[@]}"; do
		args+=(-drive if=none,id=usb$i,file="$d",format=raw -device usb-storage,bus=xhci.0,drive=usb$i)
		i=$((i + 1))
	done
fi
# QEMU connects to the card's server (libcacard's VSCard protocol) at start.
if [ -n "$card" ]; then
	case $card in
	*:*) ;;
	*) echo "run.sh: --card wants HOST:PORT, not $card" >&2; exit 2 ;;
	esac
	args+=(-device usb-ccid,bus=xhci.0,id=ccid
		-chardev socket,id=vsc,host="${card%:*}",port="${card##*:}"
		-device ccid-card-passthru,chardev=vsc)
fi

# In the background so the traps can end it; a background job's stdin is
# /dev/null unless redirected, and the serial console needs this terminal.
qemu-system-x86_64 "${args[@]}" <&0 &
qemu_pid=$!
wait "$qemu_pid" || true
qemu_pid=
