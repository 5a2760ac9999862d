#!/usr/bin/env bash
# check-reproducible.sh - build the payload and the ROM a second time from the
# same inputs and fail, naming each one, unless every artefact is
# bit-identical to the first build's (contrib/test.sh runs it after build.sh).
#
#   check-reproducible.sh [--compare DIR]
#
# The first build is $VIGIL_OUT (made by contrib/build.sh with $VIGIL_CACHE).
# The second runs contrib/build.sh with VIGIL_OUT=$VIGIL_OUT/repro and a new,
# empty VIGIL_CACHE in another directory (its path differs from the first's,
# so a build path that leaks into an artefact shows as a difference), which
# shares with the first cache only:
#   - the downloads (dl/: the same pinned source packages),
#   - the unpacked kernel source (read-only; the same path, so that ccache
#     can hit) and ccache.
# So, compared with the first build:
#   - rebuilt from source for real, in other paths: the Debian source
#     rebuilds (kexec, libcrypto, libdevmapper, gpg, scdaemon, pcscd,
#     libpcsclite, libusb), coreboot's tools and ROM,
#     vigil (configure, compile, install-strip), the initramfs (cpio + xz);
#   - the kernel is built in a fresh build tree (Kbuild's link, objtool,
#     compression and bzImage assembly run again), but its compiler output
#     comes from ccache when the first build compiled the same files: those
#     cache hits prove nothing about the compiler's determinism, only that
#     the rest of the kernel build is deterministic.  For the kernel's
#     compiler output see foundation.sh's clean build (an empty ccache),
#     whose bzImage must match this sha256 too.
# Not covered: another machine, another time of day, another user or umask
# (same host, same toolchain packages pinned in contrib/vigil.lock).
#
# --compare DIR compares DIR (a second build's VIGIL_OUT) without building:
# for testing the check itself.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"
. "$here/kernel-src.sh"

second=$VIGIL_OUT/repro
build=1
case ${1:-} in
"") ;;
--compare) second=${2:?--compare needs a directory}; build=0 ;;
*) die "usage: $0 [--compare DIR]" ;;
esac

# Artefacts compared: the payload, the ROM and what goes into them.
ARTEFACTS=(bzImage initramfs.cpio.xz coreboot.rom
	debsrc/kexec debsrc/libcrypto.so.3 debsrc/libdevmapper.so.1.02.1
	debsrc/gpg debsrc/scdaemon debsrc/pcscd debsrc/libpcsclite.so.1 debsrc/libusb-1.0.so.0
	cbmem cbfstool rootfs/usr/bin/vigil)
for f in "${ARTEFACTS[@]}"; do
	[ -f "$VIGIL_OUT/$f" ] || die "$VIGIL_OUT/$f missing: run contrib/build.sh first"
done

if [ $build = 1 ]; then
	kernel_src
	cache2=$(mktemp -d "${TMPDIR:-/tmp}/vigil-repro-cache.XXXXXX")
	trap 'rm -rf "$cache2"' EXIT
	mkdir -p "$VIGIL_CACHE/dl" "$VIGIL_CACHE/ccache" "$cache2/linux-$KERNEL_VERSION"
	ln -s "$VIGIL_CACHE/dl" "$cache2/dl"
	ln -s "$VIGIL_CACHE/ccache" "$cache2/ccache"
	ln -s "$KERNEL_SRC" "$cache2/linux-$KERNEL_VERSION/src"
	rm -rf "$second"
	note "second build: VIGIL_CACHE=$cache2 VIGIL_OUT=$second (log: $second.log)"
	VIGIL_CACHE=$cache2 VIGIL_OUT=$second "$VIGIL_TOP/contrib/build.sh" >"$second.log" 2>&1 ||
		{ tail -40 "$second.log" >&2; die "the second build failed (log: $second.log)"; }
	sed -n 's/^vigil-build:   /  /p' "$second.log" >&2
fi

differ=()
for f in "${ARTEFACTS[@]}"; do
	a=$(sha256sum < "$VIGIL_OUT/$f" | cut -d' ' -f1)
	b=missing
	[ ! -f "$second/$f" ] || b=$(sha256sum < "$second/$f" | cut -d' ' -f1)
	if [ "$a" = "$b" ]; then
		printf 'same     %s  %s\n' "$a" "$f"
	else
		printf 'DIFFERS  %s  %s (second build: %s)\n' "$a" "$f" "$b"
		differ+=("$f")
	fi
done
if [ "${#differ[@]}" -gt 0 ]; then
	# Which files inside the initramfs differ, to start the search.
	case " ${differ[*]} " in
	*" initramfs.cpio.xz "*)
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-repro-cpio.XXXXXX")
		for i in 1 2; do
			d=$VIGIL_OUT
			[ $i = 1 ] || d=$second
			mkdir "$tmp/$i"
			(cd "$tmp/$i" && xz -dc "$d/initramfs.cpio.xz" | cpio -idm --quiet 2>/dev/null) || true
		done
		# Contents (diff cannot compare device nodes: their lines say
		# nothing), then names, modes, owners, sizes and stamps.
		diff -rq --no-dereference "$tmp/1" "$tmp/2" | grep -v 'special file while file' |
			sed "s|$tmp/[12]||g; s/^/  initramfs: /" || true
		diff <(xz -dc "$VIGIL_OUT/initramfs.cpio.xz" | cpio -itv --quiet 2>/dev/null) \
			<(xz -dc "$second/initramfs.cpio.xz" | cpio -itv --quiet 2>/dev/null) |
			sed -n 's/^\([<>]\)/  initramfs listing \1/p' | head -20 || true
		rm -rf "$tmp" ;;
	esac
	die "not reproducible: ${differ[*]} differ between $VIGIL_OUT and $second"
fi
note "reproducible: the second build's ${#ARTEFACTS[@]} artefacts are bit-identical"
# Kept only when they differ, for the search.
[ $build = 0 ] || rm -rf "$second"
