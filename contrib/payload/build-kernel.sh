#!/usr/bin/env bash
# build-kernel.sh - build vigil's payload kernel: $VIGIL_OUT/bzImage.
# Source: Debian's linux-source-6.1 (pinned in contrib/vigil.lock).
# Config: tinyconfig + contrib/payload/kernel.config + olddefconfig.
# Usage: build-kernel.sh [--clean]   (--clean deletes the build dir first)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"
. "$here/kernel-src.sh"

FRAGMENT=$here/kernel.config
JOBS=${VIGIL_JOBS:-2}
# ROM space is finite; the payload kernel must stay well under this.
MAX_BYTES=${VIGIL_KERNEL_MAX_BYTES:-3145728}

clean=0
case "${1:-}" in
--clean) clean=1 ;;
"") ;;
*) die "usage: $0 [--clean]" ;;
esac

kernel_src
BUILD=$KERNEL_DIR/build
CONFDIR=$KERNEL_DIR/config
# One kernel build at a time in this tree.
exec 8>"$KERNEL_DIR/.build-lock"
flock 8
[ "$clean" = 1 ] && rm -rf "$BUILD"

# Reproducible build: fixed stamps, user, host and build number; LOCALVERSION
# set (empty) so setlocalversion never appends "+"; C locale for date(1).
export LC_ALL=C
KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$SOURCE_DATE_EPOCH")
export KBUILD_BUILD_TIMESTAMP
export KBUILD_BUILD_USER=vigil KBUILD_BUILD_HOST=vigil KBUILD_BUILD_VERSION=1
export LOCALVERSION=
# Compiler flags or toolchain from the caller's environment would change
# the image.
unset KCFLAGS KCPPFLAGS KAFLAGS CROSS_COMPILE LLVM KBUILD_OUTPUT KCONFIG_CONFIG
export CCACHE_DIR=$VIGIL_CACHE/ccache
# Depend mode: a cache miss runs the compiler once (the default mode runs
# the preprocessor first to hash its output: 18% more CPU on a cold build);
# hits are looked up by the sources and headers the compiler read, which
# Kbuild's -Wp,-MMD lists.  The compiler's arguments, so the objects, are
# the same either way.
export CCACHE_DEPEND=1
# No base_dir (from ccache.conf or the caller): ccache would hand the
# compiler relative paths, and __FILE__ would change in the objects.
export CCACHE_BASEDIR=

# Same make variables for config and build: Kconfig probes the compiler.
kmake() {
	make -C "$KERNEL_SRC" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# check_config CONFIG: every option kernel.config sets must have survived
# olddefconfig with that value; "is not set" also accepts an absent symbol
# (a symbol whose dependencies are off is n without appearing in .config).
check_config() {
	local dropped
	dropped=$(awk '
		FNR == NR {
			if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) final[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1)
			else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) final[$2] = "n"
			next
		}
		/^CONFIG_[A-Za-z0-9_]+=/ {
			i = index($0, "="); sym = substr($0, 1, i - 1); want = substr($0, i + 1)
			if (!(sym in final) || final[sym] != want)
				printf "  %s=%s (got %s)\n", sym, want, (sym in final) ? final[sym] : "absent"
			next
		}
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ {
			if ((($2) in final) && final[$2] != "n") printf "  %s not set (got %s)\n", $2, final[$2]
		}' "$1" "$FRAGMENT")
	[ -z "$dropped" ] || die "kernel config dropped options of contrib/payload/kernel.config (unmet dependencies?):
$dropped"
}

# Regenerate .config only when its inputs change, in a side directory, and
# replace the build's .config only if the result differs: an untouched
# .config keeps the incremental build a no-op.
stamp=$({ sha256sum < "$FRAGMENT"; echo "$KERNEL_VERSION"; gcc --version | head -1; echo tinyconfig+fragment+olddefconfig; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$BUILD/.config" ] || [ "$(cat "$BUILD/.vigil-config-stamp" 2>/dev/null)" != "$stamp" ]; then
	note "generating kernel config: tinyconfig + kernel.config + olddefconfig"
	mkdir -p "$CONFDIR" "$BUILD"
	rm -f "$CONFDIR/.config"
	{
		kmake O="$CONFDIR" tinyconfig
		# Later assignments win: the fragment overrides tinyconfig.
		cat "$FRAGMENT" >> "$CONFDIR/.config"
		kmake O="$CONFDIR" olddefconfig
	} > "$CONFDIR/config.log" 2>&1 || { tail -n 30 "$CONFDIR/config.log" >&2; die "kernel config failed, see $CONFDIR/config.log"; }
	check_config "$CONFDIR/.config"
	cmp -s "$CONFDIR/.config" "$BUILD/.config" || cp "$CONFDIR/.config" "$BUILD/.config"
	echo "$stamp" > "$BUILD/.vigil-config-stamp"
fi
check_config "$BUILD/.config"

note "building kernel in $BUILD (-j$JOBS)"
kmake O="$BUILD" -j"$JOBS" bzImage

img=$BUILD/arch/x86/boot/bzImage
size=$(stat -c %s "$img")
[ "$size" -le "$MAX_BYTES" ] || die "bzImage is $size bytes, over the $MAX_BYTES byte budget"

mkdir -p "$VIGIL_OUT"
# Copy only on change, so consumers' timestamps stay meaningful.
for f in "$img:bzImage" "$BUILD/.config:bzImage.config"; do
	if ! cmp -s "${f%%:*}" "$VIGIL_OUT/${f#*:}"; then
		cp "${f%%:*}" "$VIGIL_OUT/${f#*:}.tmp.$$"
		mv -f "$VIGIL_OUT/${f#*:}.tmp.$$" "$VIGIL_OUT/${f#*:}"
	fi
done
note "bzImage: $size bytes"
print_sha256 "$VIGIL_OUT/bzImage"
