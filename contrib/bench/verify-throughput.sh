#!/bin/bash
# verify-throughput.sh [VIGIL] - time "vigil verify" and "openssl dgst -sha256"
# on the same 200 MB of files (page cache warm for both, best of three runs
# each) and print vigil's throughput divided by openssl's. Target: >= 0.8 (verification is bound by
# hashing). VIGIL defaults to out/vigil, then to vigil in PATH.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
vigil=${1:-${VIGIL:-}}
if [ -z "$vigil" ]; then
	if [ -x "$top/out/vigil" ]; then vigil=$top/out/vigil; else vigil=$(command -v vigil); fi
fi
for tool in gpg gpgconf openssl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d /tmp/vigil-bench-XXXXXX)
cleanup() {
	gpgconf --homedir "$work/owner" --kill all 2>/dev/null || true
	gpgconf --homedir "$work/rom" --kill all 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# A /boot-like mix: four big "initrds", kernels, and small config files.
boot=$work/boot
mkdir -p "$boot/grub"
for i in 1 2 3 4; do head -c $((40 << 20)) /dev/urandom >"$boot/initrd.img-$i"; done
for i in 1 2 3 4; do head -c $((9 << 20)) /dev/urandom >"$boot/vmlinuz-$i"; done
for i in $(seq 1 64); do head -c $((64 << 10)) /dev/urandom >"$boot/grub/mod$i.mod"; done
files=$(find "$boot" -type f | sort)
bytes=$(cat $files | wc -c)
nfiles=$(echo "$files" | wc -l)

mkdir -m 700 "$work/owner" "$work/rom"
gpg --homedir "$work/owner" --batch --quiet --passphrase '' --pinentry-mode loopback \
	--quick-gen-key 'Bench <bench@vigil.test>' ed25519 sign never 2>/dev/null
gpg --homedir "$work/owner" --export | gpg --homedir "$work/rom" --quiet --import 2>/dev/null
"$vigil" sign --gnupghome "$work/owner" "$boot" >/dev/null

now() { date +%s%N; }
cat $files >/dev/null	# both read from the page cache
# Best of three, interleaved, so a busy machine disturbs both alike.
best_vigil=0 best_openssl=0
for round in 1 2 3; do
	t0=$(now)
	"$vigil" verify --gnupghome "$work/rom" "$boot" >/dev/null
	t1=$(now)
	openssl dgst -sha256 $files >/dev/null
	t2=$(now)
	v=$((t1 - t0)) o=$((t2 - t1))
	if [ $best_vigil -eq 0 ] || [ $v -lt $best_vigil ]; then best_vigil=$v; fi
	if [ $best_openssl -eq 0 ] || [ $o -lt $best_openssl ]; then best_openssl=$o; fi
done

awk -v b="$bytes" -v n="$nfiles" -v v=$best_vigil -v o=$best_openssl 'BEGIN {
	vr = b / v * 1e9 / 1e6; or = b / o * 1e9 / 1e6
	printf "data: %d bytes in %d files\n", b, n
	printf "vigil verify:         %.3f s  %.0f MB/s\n", v / 1e9, vr
	printf "openssl dgst -sha256: %.3f s  %.0f MB/s\n", o / 1e9, or
	printf "ratio vigil/openssl: %.2f (target >= 0.8)\n", vr / or
}'
