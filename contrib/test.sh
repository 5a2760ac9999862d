#!/bin/bash
# test.sh - the whole test suite, as the README and CI run it (as root on Debian 12):
# unit tests (plain and ASan/UBSan), translations, make distcheck, then the
# payload and ROM build, a second build that must match it bit for bit, and
# the integration tests in QEMU + swtpm.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${VIGIL_OUT:-$top/out}
jobs=$(nproc)

step() { printf '\n=== %s\n' "$*"; }

step "Debian packages"
"$top/contrib/install-deps.sh"

step "autoreconf"
(cd "$top" && autoreconf -fi >/dev/null 2>&1) || (cd "$top" && autoreconf -fi)

step "coreboot's cbfstool and cbmem (the ROM and flash tests use cbfstool)"
VIGIL_OUT=$out "$top/contrib/coreboot/build-coreboot.sh" tools
# Without it those tests would skip; with it they run against the real tool.
export VIGIL_CBFSTOOL=$out/cbfstool

step "unit tests"
mkdir -p "$out/build-host"
(cd "$out/build-host" && "$top/configure" -q && make -s -j"$jobs" && make -s check -j"$jobs") || {
	cat "$out"/build-host/tests/unit/*.log 2>/dev/null | tail -50; exit 1; }

step "unit tests under ASan and UBSan"
mkdir -p "$out/build-asan"
(cd "$out/build-asan" &&
	"$top/configure" -q CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" &&
	make -s -j"$jobs" && make -s check -j"$jobs") || {
	cat "$out"/build-asan/tests/unit/*.log 2>/dev/null | tail -50; exit 1; }

step "menu in a pty (tmux + pexpect)"
(cd "$out/build-host" && make -s check-ui)

step "translations complete"
"$top/tests/check-translations.sh" "$top/po"

step "make distcheck"
(cd "$out/build-host" && make -s distcheck >"$out/distcheck.log" 2>&1) || { tail -40 "$out/distcheck.log"; exit 1; }
echo "distcheck passed"

step "fuzz targets (short runs)"
"$top/contrib/fuzz.sh" "${VIGIL_FUZZ_SECONDS:-15}"

step "payload and ROM (contrib/build.sh)"
"$top/contrib/build.sh"

step "reproducible build: a second build from the same inputs, bit for bit"
"$top/contrib/payload/check-reproducible.sh"

step "OpenPGP card model against real gpg (tests/card)"
# After the build: one test boots the payload kernel with the card in QEMU.
(cd "$top" && /usr/bin/python3 -m pytest -v -p no:cacheprovider tests/card)

step "integration tests: the ROM in QEMU + swtpm"
# Debian's python3 carries python3-pytest and python3-pexpect.
cd "$top"
/usr/bin/python3 -m pytest -v -p no:cacheprovider tests/integration
