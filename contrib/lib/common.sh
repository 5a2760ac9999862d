# common.sh - shared helpers for vigil's build scripts (sourced, not run).
# Every input that can change a build is pinned in contrib/vigil.lock;
# these functions check installed inputs against it and stop when they differ.

set -euo pipefail

VIGIL_TOP=${VIGIL_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Build outputs live outside the source tree so a fresh clone reuses them.
VIGIL_CACHE=${VIGIL_CACHE:-/var/cache/vigil}
VIGIL_OUT=${VIGIL_OUT:-$VIGIL_TOP/out}
VIGIL_LOCK=${VIGIL_LOCK:-$VIGIL_TOP/contrib/vigil.lock}
# One fixed time for every file stamp and embedded date (the lock's epoch).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(awk '$1=="epoch"{print $3}' "$VIGIL_LOCK" 2>/dev/null || echo 1700000000)}
export SOURCE_DATE_EPOCH VIGIL_TOP VIGIL_CACHE VIGIL_OUT VIGIL_LOCK

die() { echo "vigil-build: error: $*" >&2; exit 1; }
note() { echo "vigil-build: $*" >&2; }

# lock_get KIND NAME -> value recorded in the lock, or empty
lock_get() {
	awk -v k="$1" -v n="$2" '$1==k && $2==n {print $3; exit}' "$VIGIL_LOCK"
}

# lock_set KIND NAME VALUE: record VALUE (atomically: write new, rename)
lock_set() {
	local tmp="$VIGIL_LOCK.tmp.$$"
	awk -v k="$1" -v n="$2" -v v="$3" '
		$1==k && $2==n { print k, n, v; done=1; next } { print }
		END { if (!done) print k, n, v }' "$VIGIL_LOCK" > "$tmp"
	sync "$tmp" 2>/dev/null || true
	mv -f "$tmp" "$VIGIL_LOCK"
}

# lock_check KIND NAME ACTUAL: fail unless ACTUAL matches the lock.
# VIGIL_UPDATE_LOCK=1 records ACTUAL instead (for deliberate upgrades).
lock_check() {
	local kind=$1 name=$2 actual=$3 want
	want=$(lock_get "$kind" "$name")
	if [ "$want" = "$actual" ]; then
		return 0
	fi
	if [ "${VIGIL_UPDATE_LOCK:-0}" = 1 ]; then
		note "lock: $kind $name ${want:-<none>} -> $actual"
		lock_set "$kind" "$name" "$actual"
		return 0
	fi
	die "$kind $name is $actual but contrib/vigil.lock pins ${want:-nothing}; install the locked version or rerun with VIGIL_UPDATE_LOCK=1 to accept it"
}

# lock_check_deb PKG: the installed Debian package version must match the lock.
lock_check_deb() {
	local v
	v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null) || die "Debian package $1 is not installed (apt-get install $1)"
	lock_check deb "$1" "$v"
}

# lock_check_sha256 NAME FILE: FILE's sha256 must match the lock.
lock_check_sha256() {
	lock_check sha256 "$1" "$(sha256sum "$2" | cut -d' ' -f1)"
}

# print the sha256 of each artefact, as the build's last word
print_sha256() {
	local f
	for f in "$@"; do
		printf '%s  %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$(basename "$f")"
	done
}
