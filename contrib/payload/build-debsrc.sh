#!/usr/bin/env bash
# build-debsrc.sh - rebuild parts of the initramfs from their Debian source
# packages without features the payload never uses, for flash space (and, for
# the smartcard stack, to run without udevd or systemd):
#
#   kexec                   kexec-tools without Xen dom0 support: no libxenctrl
#                           and seven libxen* (loading Xen is multiboot2, which
#                           needs none of them; they serve kexec *under* Xen)
#   libcrypto.so.3          OpenSSL's libcrypto holding only what its users in
#                           the initramfs call (libtss2-esys, libcryptsetup):
#                           1.9 MB instead of 4.7 MB
#   libdevmapper.so.1.02.1  lvm2's libdevmapper without SELinux labels: no
#                           libselinux and libpcre2 (the payload has no policy)
#   gpg, scdaemon           GnuPG without the TOFU trust model (no libsqlite3,
#                           1.4 MB), without readline, and a scdaemon without
#                           its internal CCID driver: it always reaches cards
#                           through pcscd (QEMU's T=0 usb-ccid needs that; real
#                           T=1 tokens work through it just as well)
#   pcscd, libpcsclite.so.1 pcsc-lite without libsystemd (and its libzstd,
#                           liblz4, liblzma, libcap, libgcrypt chain) and with
#                           libusb hotplug (polled) instead of libudev's, which
#                           needs udevd: the payload has none
#   libusb-1.0.so.0         libusb without udev: it sees devices plugged in
#                           later through the kernel's uevents (netlink), where
#                           udev's would wait for udevd's
#
# into $VIGIL_OUT/debsrc/, with SOURCES naming each file's source package for
# the initramfs manifest.  Every source package is pinned in contrib/vigil.lock
# (contrib/lib/debsrc.sh); a build is cached in $VIGIL_CACHE/debsrc/ and redone
# only when its recipe, its inputs or the toolchain change.  Output is
# bit-reproducible: fixed flags, no build-id, stripped, no build paths.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"
. "$here/../lib/debsrc.sh"

OPENSSL_OBJECTS_REGEN=0
case ${1:-} in
"") ;;
# Rebuild libcrypto from all of OpenSSL's objects and rewrite
# openssl-objects.list from what its link pulls in.
--openssl-objects) OPENSSL_OBJECTS_REGEN=1 ;;
*) die "usage: $0 [--openssl-objects]   (writes \$VIGIL_OUT/debsrc)" ;;
esac
JOBS=${VIGIL_JOBS:-$(nproc)}
CACHE=$VIGIL_CACHE/debsrc
OUT=$VIGIL_OUT/debsrc
MULTIARCH=x86_64-linux-gnu

# Compiler settings from the caller's environment must not leak into the build.
unset CFLAGS CPPFLAGS CXXFLAGS LDFLAGS CPATH C_INCLUDE_PATH LIBRARY_PATH GCC_EXEC_PREFIX CC
unset DEB_BUILD_OPTIONS MAKEFLAGS MFLAGS
export LANG=C LC_ALL=C TZ=UTC0

# Debian 12's hardening flags (dpkg-buildflags, hardening=+all) written out,
# so no host configuration changes them; the optimisation is the recipe's;
# no -g (the files are stripped) and no build-id (it would hash the build path).
HARDEN_CFLAGS="-fstack-protector-strong -Wformat -Werror=format-security"
HARDEN_CPPFLAGS="-Wdate-time -D_FORTIFY_SOURCE=2"
HARDEN_LDFLAGS="-Wl,-z,relro -Wl,-z,now -Wl,--build-id=none"

mkdir -p "$CACHE" "$OUT"
# One build at a time in the cache, also when called outside build.sh.
exec 8>"$CACHE/.build-lock"
flock 8

# Build tools and headers: perl runs OpenSSL's Configure, libudev-dev is
# libdevmapper's udev synchronisation.
BUILD_DEPS="gcc-12 binutils libc6-dev make perl libudev-dev"
# A recipe's own build dependencies (headers of the libraries it links, tools):
# part of its inputs only, so that a new one rebuilds only that recipe.
GNUPG_DEPS="libgcrypt20-dev libgpg-error-dev libassuan-dev libksba-dev libnpth0-dev zlib1g-dev libbz2-dev"
PCSC_DEPS="flex libusb-1.0-0-dev"
# shellcheck disable=SC2086
for p in $BUILD_DEPS $GNUPG_DEPS $PCSC_DEPS; do lock_check_deb "$p"; done
# shellcheck disable=SC2086
TOOLCHAIN=$(dpkg-query -W -f='${Package} ${Version}\n' $BUILD_DEPS)
# shellcheck disable=SC2086
deps_versions() { dpkg-query -W -f='${Package} ${Version}\n' "$@"; }

## Recipes: each runs in a fresh copy of the patched source tree (the current
## directory) and leaves its files in $1.

# kexec-tools as Debian configures it (no zlib, no lzma on amd64), minus Xen.
recipe_kexec_tools() {
	./configure --prefix=/usr --sbindir=/sbin --without-xen --without-zlib --without-lzma \
		CFLAGS="-O2 $HARDEN_CFLAGS -ffile-prefix-map=$PWD=." CPPFLAGS="$HARDEN_CPPFLAGS" \
		LDFLAGS="$HARDEN_LDFLAGS" >configure.log 2>&1 || { tail -20 configure.log; return 1; }
	make -j"$JOBS" >make.log 2>&1 || { tail -30 make.log; return 1; }
	readelf -d build/sbin/kexec | grep -q 'NEEDED.*libxen' && { echo "kexec still links Xen libraries"; return 1; }
	strip -o "$1/kexec" build/sbin/kexec
}

# Users of libcrypto in the initramfs: libcrypto exports exactly the symbols
# they import (build-initramfs.sh checks that every symbol resolves).
CRYPTO_USERS="libtss2-esys.so.0:libtss2-esys-3.0.2-0:amd64 libcryptsetup.so.12:libcryptsetup12:amd64"
crypto_symbols() {
	local u lib
	for u in $CRYPTO_USERS; do
		lib=/usr/lib/$MULTIARCH/${u%%:*}
		[ -f "$lib" ] || die "$lib missing (apt-get install ${u#*:})"
		nm -D --undefined-only "$lib" | awk '$2 ~ /@OPENSSL_/ {print $2}'
	done | sort -u
}

# OpenSSL's libcrypto: algorithms and subsystems nobody in the payload uses
# are configured out; the static library, compiled with one section per
# function, is then linked into libcrypto.so.3 exporting only the symbols
# its users import, and the linker drops every function they cannot reach.
# Kept for libcryptsetup's userspace crypto: AES (all modes), SHA-1/2/3,
# BLAKE2, RIPEMD-160, HMAC, PBKDF2; for libtss2-esys also RSA and EC.  No
# error strings (neither user prints OpenSSL's errors).  C code at -Os: the
# hot paths (AES, SHA) are assembler either way, and PBKDF2 runs as fast.
OPENSSL_OFF="no-tests no-legacy no-module no-dso no-engine no-async no-autoload-config
	no-ssl no-tls no-dtls no-srtp no-psk no-srp no-ct no-ocsp no-cms no-ts no-rfc3779 no-cmp
	no-comp no-zlib no-sock no-ktls no-ui-console no-multiblock no-deprecated
	no-afalgeng no-padlockeng no-devcryptoeng no-capieng no-loadereng
	no-aria no-bf no-camellia no-cast no-chacha no-poly1305 no-des no-dh no-dsa no-ec2m
	no-gost no-idea no-md4 no-mdc2 no-rc2 no-rc4 no-rc5 no-seed no-siphash no-siv
	no-sm2 no-sm3 no-sm4 no-whirlpool no-scrypt no-ocb no-err"

# Only the objects of libcrypto.a that this link pulls in are compiled (490
# of 659 in OpenSSL 3.0.20: the others are never linked).
# openssl-objects.list names them, with a key of the inputs that decide the
# set (OpenSSL's version, the options above, the users' symbols); a full
# build writes it:
#   contrib/payload/build-debsrc.sh --openssl-objects
# The archive keeps the full library's member order, so the linker pulls
# the same members in the same order: libcrypto.so.3 is bit-identical to
# the one linked from the whole libcrypto.a.  A stale list fails the build
# with that command: a key that differs, an object OpenSSL no longer has,
# a symbol the link misses, or members the link pulled other than the list.
OPENSSL_OBJECTS=$here/openssl-objects.list
openssl_objects_key() {
	{ echo "openssl $DEBSRC_VERSION"; echo "$OPENSSL_OFF"; crypto_symbols; } | sha256sum | cut -d' ' -f1
}
# The members of libcrypto.a in the order OpenSSL's Makefile archives them.
openssl_lib_objects() {
	awk '/^libcrypto\.a:/ { p = 1 } p { for (i = 1; i <= NF; i++) if ($i ~ /\.o$/) print $i } p && !/\\$/ { exit }' Makefile
}
openssl_stale() {
	echo "contrib/payload/openssl-objects.list is stale: $*"
	echo "regenerate it (a full OpenSSL build, then commit the file): contrib/payload/build-debsrc.sh --openssl-objects"
}

recipe_openssl() {
	local syms s other objs key
	# In-tree build: sources compile under relative names, so neither
	# __FILE__ nor the compiler flags recorded in buildinf.h hold a path.
	# shellcheck disable=SC2086 # OPENSSL_OFF is a word list
	./Configure linux-x86_64 no-shared --prefix=/usr --openssldir=/usr/lib/ssl \
		--libdir=lib/$MULTIARCH $OPENSSL_OFF \
		-Os -fPIC -ffunction-sections -fdata-sections -fstack-protector-strong $HARDEN_CPPFLAGS \
		>configure.log 2>&1 || { tail -20 configure.log; return 1; }
	openssl_lib_objects > all-objects.txt
	[ -s all-objects.txt ] || { echo "no libcrypto.a objects in OpenSSL's Makefile"; return 1; }
	# The link map names members by file name only.
	other=$(sed 's|.*/||' all-objects.txt | sort | uniq -d)
	[ -z "$other" ] || { echo "libcrypto.a members share a name: ${other//$'\n'/ }"; return 1; }
	key=$(openssl_objects_key)
	if [ "$OPENSSL_OBJECTS_REGEN" = 1 ]; then
		cp all-objects.txt objects.txt
	else
		[ -f "$OPENSSL_OBJECTS" ] || { openssl_stale "it is missing"; return 1; }
		[ "$(awk '$1 == "key" {print $2}' "$OPENSSL_OBJECTS")" = "$key" ] ||
			{ openssl_stale "it was made for other inputs (OpenSSL version, OPENSSL_OFF or the symbols libcrypto's users import)"; return 1; }
		grep -v -e '^#' -e '^key ' "$OPENSSL_OBJECTS" | sort > listed.txt
		other=$(sort all-objects.txt | comm -23 listed.txt -)
		[ -z "$other" ] || { openssl_stale "not objects of libcrypto.a: ${other//$'\n'/ }"; return 1; }
		grep -Fxf listed.txt all-objects.txt > objects.txt
	fi
	mapfile -t objs < objects.txt
	# The generated headers first (as `make libcrypto.a` would), then the
	# objects, each with its own generated assembler source.
	{ make -j"$JOBS" build_generated && make -j"$JOBS" "${objs[@]}"; } >make.log 2>&1 ||
		{ tail -30 make.log; return 1; }
	# As OpenSSL's Makefile archives it (ARFLAGS=qc, then ranlib).
	rm -f libcrypto.a
	ar qc libcrypto.a "${objs[@]}" && ranlib libcrypto.a
	syms=$(crypto_symbols)
	# The users' version node: anything else would need a matching map.
	other=$(grep -v '@OPENSSL_3\.0\.0$' <<<"$syms" || true)
	[ -z "$other" ] || { echo "libcrypto users need symbol versions other than OPENSSL_3.0.0: ${other//$'\n'/ }"; return 1; }
	{
		echo 'OPENSSL_3.0.0 {'
		echo ' global:'
		for s in $syms; do echo "  ${s%@*};"; done
		echo ' local: *;'
		echo '};'
	} > vigil-libcrypto.map
	# -u pulls each exported symbol's object out of the archive; the map
	# file says which members the link pulled.
	# shellcheck disable=SC2046,SC2086 # word lists
	if ! gcc -shared -o libcrypto.so.3 -Wl,-soname,libcrypto.so.3 \
		-Wl,--version-script=vigil-libcrypto.map -Wl,--gc-sections -Wl,--no-undefined \
		-Wl,-z,noexecstack $HARDEN_LDFLAGS -Wl,-Map=link.map \
		$(for s in $syms; do printf -- '-Wl,-u,%s ' "${s%@*}"; done) libcrypto.a -pthread \
		>link.log 2>&1; then
		cat link.log
		if grep -qE 'undefined (reference|symbol)|symbol not defined|failed: symbol' link.log; then
			openssl_stale "the link misses symbols (above) that objects outside the list define"
		fi
		return 1
	fi
	sed -n 's/^libcrypto\.a(\(.*\))$/\1/p' link.map | sort -u > pulled.txt
	if [ "$OPENSSL_OBJECTS_REGEN" = 1 ]; then
		{
			echo "# openssl-objects.list - the objects of OpenSSL's libcrypto.a that the link"
			echo "# of vigil's libcrypto.so.3 pulls in; build-debsrc.sh compiles only these."
			echo "# Generated by contrib/payload/build-debsrc.sh --openssl-objects (do not edit)."
			echo "key $key"
			awk 'NR == FNR { pulled[$0] = 1; next } { n = $0; sub(/.*\//, "", n) } n in pulled' pulled.txt all-objects.txt | sort
		} > "$1/openssl-objects.list"
	else
		# Every listed object is used: a list that outgrew the link costs time.
		other=$(sed 's|.*/||' listed.txt | sort | comm -3 - pulled.txt)
		[ -z "$other" ] || { openssl_stale "it and the link's members differ: ${other//$'\n'/ }"; return 1; }
	fi
	strip -o "$1/libcrypto.so.3" libcrypto.so.3
}

# lvm2's libdevmapper with Debian's configuration of it (device node owner,
# group and mode, run directories, udev synchronisation, the SONAME),
# without SELinux, at -Os like Debian's installer build of it.
recipe_lvm2() {
	./configure --prefix=/usr --sysconfdir=/etc --localstatedir=/var --runstatedir=/run \
		--libdir=/lib/$MULTIARCH --sbindir=/sbin --with-usrlibdir=/usr/lib/$MULTIARCH \
		--with-optimisation=-Os --with-device-uid=0 --with-device-gid=6 --with-device-mode=0660 \
		--with-default-pid-dir=/run --with-default-run-dir=/run/lvm \
		--with-default-locking-dir=/run/lock/lvm --with-udev-prefix=/ \
		--enable-udev_sync --disable-selinux --disable-readline --disable-blkid_wiping \
		--disable-systemd-journal --disable-app-machineid \
		CFLAGS="$HARDEN_CFLAGS -ffile-prefix-map=$PWD=." CPPFLAGS="$HARDEN_CPPFLAGS" \
		LDFLAGS="$HARDEN_LDFLAGS" >configure.log 2>&1 || { tail -20 configure.log; return 1; }
	make -j"$JOBS" libdm LIB_VERSION_DM=1.02.1 >make.log 2>&1 || { tail -30 make.log; return 1; }
	readelf -d libdm/ioctl/libdevmapper.so.1.02.1 | grep -q 'NEEDED.*libselinux' &&
		{ echo "libdevmapper still links libselinux"; return 1; }
	strip -o "$1/libdevmapper.so.1.02.1" libdm/ioctl/libdevmapper.so.1.02.1
}

# GnuPG as Debian configures it (paths, large secure memory, the agent's S2K
# calibration), building only gpg and scdaemon, without: the TOFU trust model
# (SQLite), readline (gpg's prompts read plain lines), scdaemon's own CCID
# driver (PC/SC only), TLS, LDAP and NLS (the payload has no message catalogs).
recipe_gnupg2() {
	./configure --prefix=/usr --sysconfdir=/etc --localstatedir=/var --libexecdir=/usr/lib/gnupg \
		--enable-large-secmem --with-agent-s2k-calibration=300 \
		--disable-sqlite --without-readline --disable-ccid-driver \
		--disable-gpgsm --disable-dirmngr --disable-doc --disable-gpgtar --disable-wks-tools \
		--disable-ldap --disable-gnutls --disable-ntbtls --disable-nls \
		CFLAGS="-O2 $HARDEN_CFLAGS -ffile-prefix-map=$PWD=." CPPFLAGS="$HARDEN_CPPFLAGS" \
		LDFLAGS="$HARDEN_LDFLAGS" >configure.log 2>&1 || { tail -20 configure.log; return 1; }
	# Only the libraries the two programs link (no test programs, no kbxutil).
	{
		make -j"$JOBS" -C common libcommon.a libcommonpth.a libgpgrl.a &&
			make -j"$JOBS" -C regexp libregexp.a && make -j"$JOBS" -C kbx libkeybox.a &&
			make -j"$JOBS" -C g10 gpg && make -j"$JOBS" -C scd scdaemon
	} >make.log 2>&1 || { tail -30 make.log; return 1; }
	readelf -d g10/gpg | grep -qE 'NEEDED.*(libsqlite3|libreadline)' &&
		{ echo "gpg still links libsqlite3 or libreadline"; return 1; }
	readelf -d scd/scdaemon | grep -q 'NEEDED.*libusb' &&
		{ echo "scdaemon still has its CCID driver (links libusb)"; return 1; }
	strip -o "$1/gpg" g10/gpg
	strip -o "$1/scdaemon" scd/scdaemon
}

# pcsc-lite as Debian configures it (driver and IPC directories), without
# libsystemd, polkit and serial readers, with libusb hotplug: pcscd polls the
# USB bus every second, as libccid does not signal hotplug itself.
recipe_pcsc_lite() {
	./configure --prefix=/usr --sysconfdir=/etc --localstatedir=/var \
		--enable-usbdropdir=/usr/lib/pcsc/drivers --enable-ipcdir=/run/pcscd \
		--disable-libsystemd --disable-libudev --enable-libusb --disable-polkit \
		--disable-serial --disable-documentation --disable-static \
		CFLAGS="-O2 $HARDEN_CFLAGS -ffile-prefix-map=$PWD=." CPPFLAGS="$HARDEN_CPPFLAGS" \
		LDFLAGS="$HARDEN_LDFLAGS" >configure.log 2>&1 || { tail -20 configure.log; return 1; }
	make -j"$JOBS" -C src pcscd libpcsclite.la >make.log 2>&1 || { tail -30 make.log; return 1; }
	readelf -d src/pcscd | grep -qE 'NEEDED.*(libsystemd|libudev)' &&
		{ echo "pcscd still links libsystemd or libudev"; return 1; }
	strip -o "$1/pcscd" src/pcscd
	strip -o "$1/libpcsclite.so.1" "src/.libs/$(readlink src/.libs/libpcsclite.so.1)"
}

# libusb without udev (Debian enables it): the Linux backend then scans sysfs
# and follows the kernel's uevents itself.
recipe_libusb_1_0() {
	./configure --prefix=/usr --disable-udev --disable-static \
		CFLAGS="-O2 $HARDEN_CFLAGS -ffile-prefix-map=$PWD=." CPPFLAGS="$HARDEN_CPPFLAGS" \
		LDFLAGS="$HARDEN_LDFLAGS" >configure.log 2>&1 || { tail -20 configure.log; return 1; }
	make -j"$JOBS" -C libusb >make.log 2>&1 || { tail -30 make.log; return 1; }
	readelf -d libusb/.libs/libusb-1.0.so.0 | grep -q 'NEEDED.*libudev' &&
		{ echo "libusb still links libudev"; return 1; }
	strip -o "$1/libusb-1.0.so.0" "libusb/.libs/$(readlink libusb/.libs/libusb-1.0.so.0)"
}

# Extra inputs of a recipe beyond its source and the toolchain.
# shellcheck disable=SC2086 # word lists
inputs_gnupg2() { deps_versions $GNUPG_DEPS; }
# shellcheck disable=SC2086
inputs_pcsc_lite() { deps_versions $PCSC_DEPS; }
inputs_libusb_1_0() { :; }
inputs_kexec_tools() { :; }
inputs_openssl() {
	echo "$OPENSSL_OFF" "regen=$OPENSSL_OBJECTS_REGEN"
	crypto_symbols
	declare -f crypto_symbols openssl_objects_key openssl_lib_objects openssl_stale
	[ "$OPENSSL_OBJECTS_REGEN" = 1 ] || cat "$OPENSSL_OBJECTS" 2>/dev/null || true
}
inputs_lvm2() { :; }

## Driver

# rebuild PKG FILE...: build source package PKG with recipe_PKG unless the
# cache holds FILEs from the same recipe and inputs; install them in $OUT.
declare -a SOURCES=()
rebuild() {
	local pkg=$1 fn=${1//[-.]/_} v dir stamp want f rc t0
	shift
	v=$(debsrc_version "$pkg")
	dir=$CACHE/$pkg-${v#*:}
	want=$({
		echo "$pkg $v"
		echo "$TOOLCHAIN"
		echo "$HARDEN_CFLAGS $HARDEN_CPPFLAGS $HARDEN_LDFLAGS"
		declare -f "recipe_$fn" "inputs_$fn"
		"inputs_$fn"
	} | sha256sum | cut -d' ' -f1)
	stamp=$dir/out/.vigil-stamp
	if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		debsrc_fetch "$pkg" "$v"
		debsrc_extract "$pkg" "$v" "$dir/src"
		note "building $pkg $v from source (log: $dir/build)"
		t0=$SECONDS
		rm -rf "$dir/build" "$dir/out"
		cp -a "$dir/src" "$dir/build"
		mkdir -p "$dir/out"
		# A plain statement, so that set -e holds inside the recipe.
		set +e
		(
			set -e
			cd "$dir/build"
			export DEBSRC_VERSION=$v
			"recipe_$fn" "$dir/out"
		)
		rc=$?
		set -e
		[ "$rc" = 0 ] || die "building $pkg $v from source failed (tree: $dir/build)"
		for f in "$@"; do
			[ -f "$dir/out/$f" ] || die "$pkg: the recipe made no $f"
			# Reproducible means path-free: no cache or tree path in the file.
			if grep -qaF "$dir/build" "$dir/out/$f"; then die "$pkg: $f holds the build path $dir/build"; fi
		done
		echo "$want" > "$stamp"
		note "built $pkg in $((SECONDS - t0)) s"
	fi
	for f in "$@"; do
		# Copy only on change, so an unchanged file keeps its mtime.
		cmp -s "$dir/out/$f" "$OUT/$f" || cp -f "$dir/out/$f" "$OUT/$f"
		SOURCES+=("$f src:$pkg=$v")
	done
}

if [ "$OPENSSL_OBJECTS_REGEN" = 1 ]; then
	rebuild openssl libcrypto.so.3
	v=$(debsrc_version openssl)
	cp "$CACHE/openssl-${v#*:}/out/openssl-objects.list" "$OPENSSL_OBJECTS"
	note "wrote $OPENSSL_OBJECTS ($(grep -c '\.o$' "$OPENSSL_OBJECTS") objects): commit it"
	exit 0
fi
rebuild kexec-tools kexec
rebuild openssl libcrypto.so.3
rebuild lvm2 libdevmapper.so.1.02.1
rebuild gnupg2 gpg scdaemon
rebuild pcsc-lite pcscd libpcsclite.so.1
rebuild libusb-1.0 libusb-1.0.so.0

printf '%s\n' "${SOURCES[@]}" > "$OUT/SOURCES.tmp"
mv -f "$OUT/SOURCES.tmp" "$OUT/SOURCES"
note "debsrc: $(printf '%s ' "${SOURCES[@]%% *}")in $OUT"
