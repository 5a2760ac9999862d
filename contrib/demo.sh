#!/bin/bash
# demo.sh - install what is needed, build everything, and boot the demo ROM
# with its disk image in QEMU on this terminal (quit with Ctrl-A x).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
"$VIGIL_TOP/contrib/build.sh"
"$VIGIL_TOP/contrib/demo-disk.sh"
# The demo machine's flash: a copy of the ROM that the firmware's own
# updates, keys and settings are written to, kept across runs like its TPM;
# a new build replaces it.
flash=$VIGIL_OUT/demo-flash.rom
rom_sum=$(sha256sum < "$VIGIL_OUT/coreboot.rom")
if [ ! -f "$flash" ] || [ "$(cat "$flash.from" 2>/dev/null)" != "$rom_sum" ]; then
	cp "$VIGIL_OUT/coreboot.rom" "$flash.tmp"
	mv -f "$flash.tmp" "$flash"
	echo "$rom_sum" > "$flash.from"
	note "the demo machine's flash is a fresh copy of the ROM: $flash"
fi
exec "$VIGIL_TOP/contrib/qemu/run.sh" --flash "$flash" \
	--disk "$VIGIL_OUT/demo-disk.img" --tpm-state "$VIGIL_OUT/demo-tpm" "$@"
