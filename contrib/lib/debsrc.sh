# shellcheck shell=bash
# debsrc.sh - Debian source packages for vigil's builds (sourced after common.sh).
# A source package is pinned in contrib/vigil.lock by its version ("deb-src
# PKG VERSION") and the sha256 of every file its .dsc lists; downloads are
# kept in $VIGIL_CACHE/dl.  apt-get checks the files against the signed
# Sources index; the lock makes a later, different upload fail loudly.

DEBSRC_DL=$VIGIL_CACHE/dl
DEBSRC_LIST=/etc/apt/sources.list.d/vigil-deb-src.sources

# Add a deb-src entry for bookworm on the mirror the machine already uses.
ensure_deb_src() {
	if apt-get indextargets --format '$(RELEASE)' 'Created-By: Sources' 2>/dev/null |
			grep -qx bookworm; then
		return 0
	fi
	local uri
	uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
	[ -n "$uri" ] || die "no URIs: line in /etc/apt/sources.list.d/debian.sources"
	[ -w /etc/apt/sources.list.d ] || die "need root to add $DEBSRC_LIST"
	note "adding deb-src for bookworm ($uri) in $DEBSRC_LIST"
	cat > "$DEBSRC_LIST" <<-EOF
	# Added by vigil contrib/lib/debsrc.sh: Debian source packages.
	Types: deb-src
	URIs: $uri
	Suites: bookworm
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	apt-get update -qq >&2
}

# debsrc_version PKG: the pinned version; VIGIL_UPDATE_LOCK=1 (or no pin yet)
# records the archive's newest instead.
debsrc_version() {
	local pkg=$1 v
	v=$(lock_get deb-src "$pkg")
	if [ -z "$v" ] || [ "${VIGIL_UPDATE_LOCK:-0}" = 1 ]; then
		ensure_deb_src
		v=$(apt-cache showsrc "$pkg" | awk '$1=="Version:" {print $2}' | sort -V | tail -1)
		[ -n "$v" ] || die "apt-cache showsrc $pkg found nothing"
		lock_check deb-src "$pkg" "$v"
	fi
	echo "$v"
}

# debsrc_dsc PKG VERSION: path of the .dsc (epoch dropped, as in the archive).
debsrc_dsc() { echo "$DEBSRC_DL/${1}_${2#*:}.dsc"; }

# Files listed in a .dsc's Checksums-Sha256 section.
debsrc_files() {
	awk '/^Checksums-Sha256:/ {s=1; next} /^[^ ]/ {s=0} s && NF==3 {print $3}' "$1"
}

# debsrc_fetch PKG VERSION: download once, then check every file against the lock.
debsrc_fetch() {
	local pkg=$1 v=$2 dsc f have=1
	dsc=$(debsrc_dsc "$pkg" "$v")
	mkdir -p "$DEBSRC_DL"
	if [ -f "$dsc" ]; then
		for f in $(debsrc_files "$dsc"); do [ -f "$DEBSRC_DL/$f" ] || have=0; done
	else
		have=0
	fi
	if [ $have = 0 ]; then
		ensure_deb_src
		apt-cache showsrc "$pkg" 2>/dev/null | grep -qxF "Version: $v" || apt-get update -qq >&2
		note "apt-get source --download-only $pkg=$v"
		# apt checks each file against the signed Sources index.
		(cd "$DEBSRC_DL" && apt-get source -qq --download-only "$pkg=$v") ||
			die "apt-get source $pkg=$v failed (is $pkg $v still in the archive? deb-src: $DEBSRC_LIST)"
	fi
	lock_check_sha256 "$(basename "$dsc")" "$dsc"
	for f in $(debsrc_files "$dsc"); do
		lock_check_sha256 "$f" "$DEBSRC_DL/$f"
	done
}

# debsrc_extract PKG VERSION DIR: unpack into DIR with Debian's patches
# applied (dpkg-source -x), once: DIR's name must carry the version.
debsrc_extract() {
	local pkg=$1 v=$2 dir=$3 dsc
	dsc=$(debsrc_dsc "$pkg" "$v")
	[ -f "$dir/.vigil-extracted" ] && return 0
	rm -rf "$dir"
	mkdir -p "${dir%/*}"
	note "dpkg-source -x $(basename "$dsc")"
	# Quiet unless it fails: gpgv cannot check the uploader's signature
	# without debian-keyring (the lock's checksums vouch for the files).
	dpkg-source -q -x "$dsc" "$dir" >"$dir.log" 2>&1 ||
		{ cat "$dir.log" >&2; die "dpkg-source -x $(basename "$dsc") failed"; }
	rm -f "$dir.log"
	# dpkg-source leaves a copy of the orig tarball beside the tree.
	rm -f "${dir%/*}"/*.orig.tar.*
	touch "$dir/.vigil-extracted"
}
