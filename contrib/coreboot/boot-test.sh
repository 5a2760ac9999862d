#!/usr/bin/env bash
# boot-test.sh - boot a ROM headless in QEMU q35 (TCG) with a fresh swtpm TPM 2.0,
# keep the serial log, and check coreboot's PCR 2 measurements against
# pcr2-reference.py (and the PCR 2 value, if the guest prints it).
#
#   boot-test.sh [ROM [LOG]]     defaults: $VIGIL_OUT/coreboot.rom, $VIGIL_OUT/coreboot-boot.log
#   VIGIL_BOOT_TIMEOUT=seconds   (default 240) QEMU is stopped after this long
#
# QEMU is stopped early once the guest has printed PCR 2 or powered off.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rom=${1:-$VIGIL_OUT/coreboot.rom}
log=${2:-$VIGIL_OUT/coreboot-boot.log}
timeout=${VIGIL_BOOT_TIMEOUT:-240}
[ -f "$rom" ] || die "no ROM: $rom"

work=$(mktemp -d /tmp/vigil-boot-test.XXXXXX)
swtpm_pid= qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
	[ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# No startup flag: coreboot sends TPM2_Startup itself, as on real hardware.
mkdir -p "$work/tpm"
swtpm socket --tpm2 --tpmstate dir="$work/tpm" \
	--ctrl type=unixio,path="$work/swtpm.sock" --log file="$work/swtpm.log" &
swtpm_pid=$!
for _ in $(seq 50); do [ -S "$work/swtpm.sock" ] && break; sleep 0.1; done
[ -S "$work/swtpm.sock" ] || { cat "$work/swtpm.log" >&2; die "swtpm did not start"; }

: > "$log"
# KVM is broken on these hosts: TCG only.
qemu-system-x86_64 -M q35 -accel tcg -m 1G -bios "$rom" -no-reboot \
	-display none -monitor none -serial file:"$log" \
	-chardev socket,id=chrtpm,path="$work/swtpm.sock" \
	-tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis,tpmdev=tpm0 \
	</dev/null &
qemu_pid=$!
note "booting $(basename "$rom") (serial log: $log)"

# Poll: a guest that printed PCR 2 is done with us; one that powers off ends QEMU.
for _ in $(seq "$timeout"); do
	kill -0 "$qemu_pid" 2>/dev/null || break
	grep -aEq '(pcr-sha256/2|PCR ?2)\b\W{0,3}[0-9a-fA-F]{64}' "$log" && { sleep 2; break; }
	sleep 1
done
kill "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=

grep -aE 'TPM|TCPA|CRTM' "$log" | tr -d '\r' | head -60 >&2 || true
python3 "$VIGIL_TOP/contrib/coreboot/pcr2-reference.py" "$rom" --log "$log"
