#!/usr/bin/env bash
# build-coreboot.sh - coreboot for vigil, from Debian's coreboot source package.
#
#   build-coreboot.sh tools   cbfstool + cbmem -> $VIGIL_OUT (the initramfs needs cbmem)
#   build-coreboot.sh stages  all of the ROM but the payload (not needed yet), unassembled
#   build-coreboot.sh rom     QEMU q35 ROM with the Linux payload -> $VIGIL_OUT/coreboot.rom
#   build-coreboot.sh all     both (default)
#   build-coreboot.sh clean   drop the patched tree and build dirs (keeps downloads)
#   build-coreboot.sh repro   two clean ROM builds, fail unless bit-identical
#
# Inputs: contrib/vigil.lock pins the source package version and sha256 of its
# files, and the host toolchain packages. The payload is $VIGIL_OUT/bzImage and
# $VIGIL_OUT/initramfs.cpio.xz (override: VIGIL_COREBOOT_KERNEL/_INITRD).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/debsrc.sh"

HERE=$VIGIL_TOP/contrib/coreboot
PATCHES=$HERE/patches
DEFCONFIG=$HERE/qemu-q35.defconfig
JOBS=${VIGIL_JOBS:-$(nproc)}
KERNEL=${VIGIL_COREBOOT_KERNEL:-$VIGIL_OUT/bzImage}
INITRD=${VIGIL_COREBOOT_INITRD:-$VIGIL_OUT/initramfs.cpio.xz}

# Compiler settings from the caller's environment must not leak into the build.
unset CFLAGS CPPFLAGS LDFLAGS CPATH C_INCLUDE_PATH LIBRARY_PATH GCC_EXEC_PREFIX
export LANG=C LC_ALL=C TZ=UTC0

# --- source package --------------------------------------------------------

# The pinned version (contrib/lib/debsrc.sh: fetch, checks, extraction).
cb_version() { debsrc_version coreboot; }

fetch_source() { debsrc_fetch coreboot "$1"; }

# Pristine tree, extracted once per version (dpkg-source also applies Debian's
# own patch: vboot without -Werror).
extract_source() {
	debsrc_extract coreboot "$1" "$CB_DIR/src"
	[ -f "$CB_DIR/src/src/mainboard/emulation/qemu-q35/Kconfig" ] ||
		die "coreboot $1 has no src/mainboard/emulation/qemu-q35"
}

# Patched copy of the pristine tree. It is rebuilt whenever the patch set
# changes, so patch -p1 always runs on pristine files (re-runs stay clean).
patched_tree() {
	local stamp want p
	want=$(cat "$PATCHES"/*.patch | sha256sum | cut -d' ' -f1)
	stamp=$TREE/.vigil-patches
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return 0
	fi
	note "patched tree: $TREE"
	rm -rf "$TREE" "$CB_DIR"/build-*
	cp -a "$CB_DIR/src" "$TREE"
	for p in "$PATCHES"/*.patch; do
		patch -d "$TREE" -p1 --quiet --forward --no-backup-if-mismatch < "$p" ||
			die "patch $(basename "$p") does not apply"
	done
	echo "$want" > "$stamp"
}

locate() {
	CB_VERSION=$(cb_version)
	CB_DIR=$VIGIL_CACHE/coreboot-$CB_VERSION
	TREE=$CB_DIR/tree
}

prepare() {
	locate
	fetch_source "$CB_VERSION"
	extract_source "$CB_VERSION"
	patched_tree
	# The tree is no git checkout: keep git from finding one around it
	# (coreboot would take that repository's revision).
	export GIT_CEILING_DIRECTORIES=$CB_DIR
	mkdir -p "$VIGIL_OUT"
}

# --- tools -----------------------------------------------------------------

build_tools() {
	lock_check_deb gcc-12
	lock_check_deb libc6-dev
	lock_check_deb binutils
	local b=$CB_DIR/build-tools
	mkdir -p "$b/cbfstool" "$b/cbmem"
	note "building cbfstool"
	# cbfstool runs on the host and in the initramfs (firmware updates keep
	# the owner's files with it), which has glibc anyway: linked
	# dynamically. The prefix map keeps the tree path out of assert()
	# strings; the build-id would hash debug info that holds build paths.
	# make does not see changed flags: a change of them relinks.
	local tool_ldflags="-Wl,--build-id=none"
	if [ "$(cat "$b/cbfstool/.vigil-flags" 2>/dev/null)" != "$tool_ldflags" ]; then
		rm -f "$b/cbfstool/cbfstool"
		echo "$tool_ldflags" > "$b/cbfstool/.vigil-flags"
	fi
	HOSTCFLAGS="-ffile-prefix-map=$TREE/=" make -s -C "$TREE/util/cbfstool" -j"$JOBS" objutil="$b" \
		TOOLLDFLAGS="$tool_ldflags" cbfstool >"$b/cbfstool.log" 2>&1 ||
		{ tail -30 "$b/cbfstool.log"; die "cbfstool build failed (log: $b/cbfstool.log)"; }
	note "building cbmem"
	# cbmem runs in the initramfs, which has glibc anyway: linked
	# dynamically it is 44 KB instead of 786 KB. make does not see changed
	# flags, so a change of them starts cbmem's build afresh.
	local cflags="-O2 -ffile-prefix-map=$TREE/=" ldflags="-Wl,--build-id=none"
	if [ "$(cat "$b/cbmem/.vigil-flags" 2>/dev/null)" != "$cflags $ldflags" ]; then
		rm -f "$b/cbmem/cbmem" "$b/cbmem"/*.o
		echo "$cflags $ldflags" > "$b/cbmem/.vigil-flags"
	fi
	# CFLAGS/LDFLAGS from the environment so the Makefile's += flags stay.
	CFLAGS=$cflags LDFLAGS=$ldflags \
		make -s -C "$b/cbmem" -f "$TREE/util/cbmem/Makefile" \
		VPATH="$TREE/util/cbmem" ROOT="$TREE/src" cbmem >"$b/cbmem.log" 2>&1 ||
		{ tail -30 "$b/cbmem.log"; die "cbmem build failed (log: $b/cbmem.log)"; }
	# Stripped: debug info would carry build paths.
	strip -o "$VIGIL_OUT/cbfstool" "$b/cbfstool/cbfstool"
	strip -o "$VIGIL_OUT/cbmem" "$b/cbmem/cbmem"
	touch -d "@$SOURCE_DATE_EPOCH" "$VIGIL_OUT/cbfstool" "$VIGIL_OUT/cbmem"
}

# --- ROM -------------------------------------------------------------------

# Copy only on change, so an unchanged payload keeps its mtime (no rebuild).
stage() {
	cmp -s "$1" "$2" || cp -f "$1" "$2"
}

# rom_config: the ROM's .config in $obj (the build dir), checked.
rom_config() {
	lock_check_deb gcc-12
	lock_check_deb binutils
	lock_check_deb lib32gcc-12-dev
	lock_check_deb acpica-tools
	obj=$CB_DIR/build-qemu-q35
	local want
	mkdir -p "$obj/payload"

	# The .config lands in the ROM (CBFS "config"), so payload paths are
	# relative to the tree: the ROM does not depend on where VIGIL_CACHE is.
	want=$obj/vigil-defconfig
	{
		cat "$DEFCONFIG"
		echo 'CONFIG_PAYLOAD_FILE="../build-qemu-q35/payload/bzImage"'
		echo 'CONFIG_LINUX_INITRD="../build-qemu-q35/payload/initramfs.cpio.xz"'
	} > "$want.new"
	if ! cmp -s "$want.new" "$want" || [ ! -f "$obj/.config" ]; then
		cp "$want.new" "$obj/.config"
		make -s -C "$TREE" obj="$obj" DOTCONFIG="$obj/.config" olddefconfig \
			>"$obj/olddefconfig.log" 2>&1 ||
			{ cat "$obj/olddefconfig.log"; die "make olddefconfig failed"; }
		mv "$want.new" "$want"
	else
		rm -f "$want.new"
	fi
	# Kconfig drops what it cannot satisfy; every line we set must survive.
	local line bad=0
	while IFS= read -r line; do
		case $line in CONFIG_*) ;; *) continue ;; esac
		grep -qxF -- "$line" "$obj/.config" || { note "lost in .config: $line"; bad=1; }
	done < "$want"
	[ $bad = 0 ] || die "config fragment did not survive olddefconfig"
}

# build_stages: what the ROM holds besides the payload (coreboot's stages,
# the DSDT, the CMOS option table) and the host tools that assemble it, so
# that build.sh can compile them while the kernel builds; build_rom then
# only assembles the ROM around the payload.
build_stages() {
	rom_config
	local prefix targets t
	prefix=$(sed -n 's/^CONFIG_CBFS_PREFIX="\(.*\)"$/\1/p' "$obj/.config")
	[ -n "$prefix" ] || die "no CONFIG_CBFS_PREFIX in $obj/.config"
	targets="$obj/cbfs/$prefix/bootblock.bin $obj/cbfs/$prefix/romstage.elf"
	# The host tools a full build makes (coreboot's Makefile: CBFSTOOL ...).
	for t in cbfstool ifittool ifwitool cse_fpt cse_serger; do targets+=" $obj/util/cbfstool/$t"; done
	grep -qx 'CONFIG_HAVE_RAMSTAGE=y' "$obj/.config" && targets+=" $obj/cbfs/$prefix/ramstage.elf"
	grep -qx 'CONFIG_POSTCAR_STAGE=y' "$obj/.config" && targets+=" $obj/cbfs/$prefix/postcar.elf"
	grep -qx 'CONFIG_HAVE_ACPI_TABLES=y' "$obj/.config" && targets+=" $obj/dsdt.aml"
	grep -qx 'CONFIG_HAVE_OPTION_TABLE=y' "$obj/.config" && targets+=" $obj/cmos_layout.bin"
	note "building coreboot $CB_VERSION stages for qemu-q35 in $obj"
	# shellcheck disable=SC2086 # a word list
	make -C "$TREE" -j"$JOBS" obj="$obj" DOTCONFIG="$obj/.config" $targets \
		>"$obj/stages.log" 2>&1 ||
		{ tail -40 "$obj/stages.log"; die "coreboot stages build failed (log: $obj/stages.log)"; }
}

build_rom() {
	[ -f "$KERNEL" ] || die "no kernel: $KERNEL (build it first, or set VIGIL_COREBOOT_KERNEL)"
	[ -f "$INITRD" ] || die "no initramfs: $INITRD (build it first, or set VIGIL_COREBOOT_INITRD)"
	rom_config
	stage "$KERNEL" "$obj/payload/bzImage"
	stage "$INITRD" "$obj/payload/initramfs.cpio.xz"

	note "building coreboot $CB_VERSION for qemu-q35 in $obj"
	make -C "$TREE" -j"$JOBS" obj="$obj" DOTCONFIG="$obj/.config" \
		>"$obj/build.log" 2>&1 ||
		{ tail -40 "$obj/build.log"; die "coreboot build failed (log: $obj/build.log)"; }
	cp -f "$obj/coreboot.rom" "$VIGIL_OUT/coreboot.rom"
	touch -d "@$SOURCE_DATE_EPOCH" "$VIGIL_OUT/coreboot.rom"
	"$obj/cbfstool" "$VIGIL_OUT/coreboot.rom" layout -w >&2
	"$obj/cbfstool" "$VIGIL_OUT/coreboot.rom" print -k >&2
}

clean() {
	note "removing $CB_DIR/tree and $CB_DIR/build-*"
	rm -rf "$CB_DIR/tree" "$CB_DIR"/build-*
}

# --- main ------------------------------------------------------------------

mode=${1:-all}
case $mode in
tools)
	prepare
	build_tools
	print_sha256 "$VIGIL_OUT/cbfstool" "$VIGIL_OUT/cbmem"
	;;
stages)
	prepare
	build_stages
	;;
rom)
	prepare
	build_rom
	print_sha256 "$VIGIL_OUT/coreboot.rom"
	;;
all)
	prepare
	build_tools
	build_rom
	print_sha256 "$VIGIL_OUT/cbfstool" "$VIGIL_OUT/cbmem" "$VIGIL_OUT/coreboot.rom"
	;;
clean)
	locate
	clean
	;;
repro)
	locate
	clean; prepare; build_rom
	first=$(sha256sum < "$VIGIL_OUT/coreboot.rom")
	cp -f "$VIGIL_OUT/coreboot.rom" "$CB_DIR/coreboot.rom.first"
	clean; prepare; build_rom
	second=$(sha256sum < "$VIGIL_OUT/coreboot.rom")
	[ "$first" = "$second" ] ||
		die "two clean builds differ (first ROM kept in $CB_DIR/coreboot.rom.first)"
	rm -f "$CB_DIR/coreboot.rom.first"
	note "two clean builds are bit-identical"
	print_sha256 "$VIGIL_OUT/coreboot.rom"
	;;
*)
	die "usage: $0 [tools|stages|rom|all|clean|repro]"
	;;
esac
