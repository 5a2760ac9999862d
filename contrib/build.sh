#!/bin/bash
# build.sh - build everything from Debian's packages: the vigil program, the
# payload (Linux 6.1 + initramfs) and the coreboot ROM, into out/.
# Caches live in $VIGIL_CACHE (/var/cache/vigil); nothing unchanged is rebuilt.
# Each stage's time is printed at the end and kept in $VIGIL_OUT/build-times.
# VIGIL_UPDATE_LOCK=1 accepts installed versions that differ from contrib/vigil.lock.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
board=${VIGIL_BOARD:-qemu-q35}
jobs=$(nproc)

# Stage times (contrib/bench/foundation.sh reports them), in microseconds.
usec() { echo "${EPOCHREALTIME/./}"; }
# time_line T0 NAME: "seconds since T0 (microseconds)  NAME  (load average)";
# the machine may be shared, so the load says what the seconds are worth.
time_line() {
	local d=$(($(usec) - $1))
	printf '%6d.%d s  %-76s (load %s)\n' $((d / 1000000)) $((d / 100000 % 10)) "$2" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
# timed NAME COMMAND...: run a stage, record its time, return its status.
# Call it as a plain statement: in an `||` list, set -e would not hold
# inside the stage.
timed() {
	local name=$1 t0 rc errexit=$-
	shift
	note "$name"
	t0=$(usec)
	set +e
	(set -e; "$@")
	rc=$?
	case $errexit in *e*) set -e ;; esac
	time_line "$t0" "$name" >> "$times"
	return "$rc"
}
build_t0=$(usec)

note "setup (Debian packages, build lock, autoreconf)"
"$VIGIL_TOP/contrib/install-deps.sh"
mkdir -p "$VIGIL_OUT" "$VIGIL_CACHE"
# The kernel and coreboot build trees live in the shared cache: one build at a
# time, even from two checkouts or two output directories.
exec 9>"$VIGIL_CACHE/build.lock"
flock -w 3600 9 || die "another build holds $VIGIL_CACHE/build.lock"
(cd "$VIGIL_TOP" && [ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null 2>&1)
times=$VIGIL_OUT/build-times.tmp
time_line "$build_t0" "setup (Debian packages, build lock, autoreconf)" > "$times"

build_vigil() {
	local build=$VIGIL_OUT/build-payload root=$VIGIL_OUT/rootfs
	# No build-id: it hashes the debug info (stripped from the payload
	# later), which holds the source and build paths, so the binary would
	# change with the checkout's or $VIGIL_OUT's location.
	local args="--prefix=/usr --sysconfdir=/etc --localstatedir=/var LDFLAGS=-Wl,--build-id=none"
	# Start afresh when the build dir was made for another checkout of the
	# source or with other arguments (make would not relink for new flags).
	if ! grep -qx "abs_top_srcdir = $VIGIL_TOP" "$build/Makefile" 2>/dev/null ||
			[ "$(cat "$build/.vigil-configure" 2>/dev/null)" != "$args" ]; then
		rm -rf "$build"
		mkdir -p "$build"
		# shellcheck disable=SC2086 # a word list
		(cd "$build" && "$VIGIL_TOP/configure" -q $args)
		echo "$args" > "$build/.vigil-configure"
	fi
	make -s -C "$build" -j"$jobs"
	rm -rf "$root"
	make -s -C "$build" install-strip DESTDIR="$root" >/dev/null
	# Documentation has no use in flash.
	rm -rf "$root/usr/share/man" "$root/usr/share/doc"
	install -D -m 0644 "$VIGIL_TOP/contrib/boards/$board/board.conf" "$root/etc/vigil/board.conf"
}

# Two lanes while the kernel compiles: everything that does not need the
# kernel runs beside it (the initramfs needs only gen_init_cpio's source from
# the kernel tree, which kernel_src unpacks under a lock), so that the
# single-threaded parts of either lane (unpacking, configure scripts,
# OpenSSL's Configure, links, xz) leave no core idle.  The second lane's
# output goes to a log, printed when it is done; its stages overlap the
# kernel's, and the ROM then only assembles coreboot around the payload.
side_lane() {
	timed "coreboot tools (cbfstool, cbmem)  [beside the kernel]" \
		"$VIGIL_TOP/contrib/coreboot/build-coreboot.sh" tools
	timed "vigil for the payload  [beside the kernel]" build_vigil
	timed "Debian source rebuilds (kexec, libcrypto, libdevmapper, GnuPG, pcsc-lite, libusb)  [beside the kernel]" \
		"$VIGIL_TOP/contrib/payload/build-debsrc.sh"
	# Runs build-debsrc.sh again: a no-op now that its cache is fresh.
	timed "initramfs  [beside the kernel]" \
		"$VIGIL_TOP/contrib/payload/build-initramfs.sh" "$VIGIL_OUT/rootfs"
	timed "coreboot stages (no payload yet)  [beside the kernel]" \
		"$VIGIL_TOP/contrib/coreboot/build-coreboot.sh" stages
}
side_log=$VIGIL_OUT/build-side.log
lanes_t0=$(usec)
note "building the kernel; beside it (log: $side_log): coreboot tools, vigil, Debian source rebuilds, initramfs, coreboot stages"
side_lane >"$side_log" 2>&1 &
side_pid=$!
set +e
timed "kernel" "$VIGIL_TOP/contrib/payload/build-kernel.sh"
kernel_rc=$?
wait "$side_pid"
side_rc=$?
set -e
cat "$side_log" >&2
[ "$kernel_rc" = 0 ] || [ "$side_rc" = 0 ] || die "the kernel build failed, and so did the stages beside it (log: $side_log)"
[ "$kernel_rc" = 0 ] || die "the kernel build failed"
[ "$side_rc" = 0 ] || die "the stages beside the kernel failed (log: $side_log)"
time_line "$lanes_t0" "kernel and the stages beside it" >> "$times"

timed "coreboot ROM" "$VIGIL_TOP/contrib/coreboot/build-coreboot.sh"

time_line "$build_t0" total >> "$times"
mv -f "$times" "$VIGIL_OUT/build-times"
note "stage times:"
sed 's/^/vigil-build:   /' "$VIGIL_OUT/build-times" >&2

note "artefacts"
print_sha256 "$VIGIL_OUT/bzImage" "$VIGIL_OUT/initramfs.cpio.xz" "$VIGIL_OUT/coreboot.rom"
"$VIGIL_OUT/build-payload/vigil" pcr predict "$VIGIL_OUT/coreboot.rom"
