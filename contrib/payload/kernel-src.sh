# kernel-src.sh - locate and unpack Debian's linux-source-6.1 (sourced by
# build-kernel.sh and build-initramfs.sh, after contrib/lib/common.sh).
# Sets KERNEL_PKG, KERNEL_VERSION, KERNEL_DIR, KERNEL_SRC.

KERNEL_PKG=linux-source-6.1
KERNEL_TARBALL=/usr/src/$KERNEL_PKG.tar.xz

# kernel_src: check the package and tarball against the lock, unpack once
# into $VIGIL_CACHE/linux-<version>/src (never modified afterwards: builds use O=).
kernel_src() {
	lock_check_deb "$KERNEL_PKG"
	[ -f "$KERNEL_TARBALL" ] || die "$KERNEL_TARBALL missing (apt-get install $KERNEL_PKG)"
	lock_check_sha256 "$KERNEL_PKG.tar.xz" "$KERNEL_TARBALL"
	KERNEL_VERSION=$(dpkg-query -W -f='${Version}' "$KERNEL_PKG")
	KERNEL_VERSION=${KERNEL_VERSION#*:}
	KERNEL_DIR=$VIGIL_CACHE/linux-$KERNEL_VERSION
	KERNEL_SRC=$KERNEL_DIR/src
	mkdir -p "$KERNEL_DIR"
	# Serialise concurrent unpacks only: readers of src need no lock, src
	# appears by rename once complete and is never written afterwards.
	exec 9>"$KERNEL_DIR/.unpack-lock"
	flock 9
	if [ ! -f "$KERNEL_SRC/Makefile" ]; then
		note "unpacking $KERNEL_TARBALL into $KERNEL_SRC"
		rm -rf "$KERNEL_SRC" "$KERNEL_SRC.tmp"
		mkdir -p "$KERNEL_SRC.tmp"
		tar -xJf "$KERNEL_TARBALL" -C "$KERNEL_SRC.tmp" --strip-components=1 --no-same-owner
		# Rename last, so an interrupted unpack is never taken for a good one.
		mv "$KERNEL_SRC.tmp" "$KERNEL_SRC"
	fi
	exec 9>&-
}
