#!/bin/bash
# demo.sh - install what is needed, build everything, and boot the demo ROM
# with its disk image in QEMU on this terminal (quit with Ctrl-A x).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
"$VIGIL_TOP/contrib/build.sh"
"$VIGIL_TOP/contrib/demo-disk.sh"
exec "$VIGIL_TOP/contrib/qemu/run.sh" --rom "$VIGIL_OUT/coreboot.rom" \
	--disk "$VIGIL_OUT/demo-disk.img" --tpm-state "$VIGIL_OUT/demo-tpm" "$@"
