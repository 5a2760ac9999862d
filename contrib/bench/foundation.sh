#!/bin/bash
# foundation.sh - the foundation's figures from one run, as ratios to targets:
#   clean build time (cold caches), rebuild after touching one file in src/,
#   payload size (bzImage + initramfs), and the time from power-on to vigil's
#   menu divided by the time to a trivial init in the same ROM layout.
# Not a test: it prints numbers, and the clean build's time by stage.
# Takes ~15 minutes on 2 cores.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
runs=${VIGIL_BENCH_BOOTS:-3}
bench=$(mktemp -d /tmp/vigil-bench.XXXXXX)
trap 'rm -rf "$bench"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

# 1. Clean build: empty caches and outputs (downloads are copied: network time is not build time).
mkdir -p "$bench/cache"
[ -d "$VIGIL_CACHE/dl" ] && cp -a "$VIGIL_CACHE/dl" "$bench/cache/dl"
# The machine may be shared: the load average says what the seconds are worth.
load() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU seconds (user + system) of the children the shell has waited for: on a
# shared machine, half of a build's CPU time is what two idle cores need.
# (`times` runs in this shell: in $(...) it would count a subshell's children.)
cpu_mark() { times > "$1"; }
cpu_seconds() { awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$1"; }
clean_load=$(load)
cpu_mark "$bench/cpu0"
t=$(now)
VIGIL_CACHE=$bench/cache VIGIL_OUT=$bench/out "$VIGIL_TOP/contrib/build.sh" >"$bench/clean.log" 2>&1 ||
	{ tail -30 "$bench/clean.log"; die "clean build failed"; }
clean=$(elapsed "$t")
cpu_mark "$bench/cpu1"
clean_cpu=$(echo "$(cpu_seconds "$bench/cpu1") - $(cpu_seconds "$bench/cpu0")" | bc)
clean_load="$clean_load -> $(load)"
# build.sh's own breakdown, by stage (the next build overwrites it).
cp "$bench/out/build-times" "$bench/clean-times"

# 2. Rebuild after touching one source file.
touch "$VIGIL_TOP/src/cmd-menu.c"
rebuild_load=$(load)
t=$(now)
VIGIL_CACHE=$bench/cache VIGIL_OUT=$bench/out "$VIGIL_TOP/contrib/build.sh" >"$bench/rebuild.log" 2>&1 ||
	{ tail -30 "$bench/rebuild.log"; die "rebuild failed"; }
rebuild=$(elapsed "$t")
rebuild_load="$rebuild_load -> $(load)"

out=$bench/out
payload=$(( $(stat -c %s "$out/bzImage") + $(stat -c %s "$out/initramfs.cpio.xz") ))

# 3. The same ROM layout with a trivial init: the initramfs with /init replaced
#    by a static busybox script that prints a marker.
mkdir -p "$bench/trivial"
(cd "$bench/trivial" && xz -dc "$out/initramfs.cpio.xz" | cpio -idm --quiet)
rm -f "$bench/trivial/init"
printf '#!/bin/busybox sh\necho VIGIL-TRIVIAL-INIT\nexec /bin/busybox sleep 3600\n' > "$bench/trivial/init"
chmod 755 "$bench/trivial/init"
(cd "$bench/trivial" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) |
	xz --check=crc32 --threads=1 --x86 --lzma2=preset=9e,dict=32MiB > "$bench/trivial.cpio.xz"
cp "$out/coreboot.rom" "$bench/trivial.rom"
cmdline=$("$out/cbfstool" "$out/coreboot.rom" extract -n config -f /dev/stdout 2>/dev/null |
	sed -n 's/^CONFIG_LINUX_COMMAND_LINE="\(.*\)"/\1/p')
"$out/cbfstool" "$bench/trivial.rom" remove -n fallback/payload
# Stored uncompressed, as coreboot's own build stores the Linux payload.
"$out/cbfstool" "$bench/trivial.rom" add-payload -n fallback/payload -f "$out/bzImage" \
	-I "$bench/trivial.cpio.xz" -C "$cmdline" >/dev/null

# Seconds from QEMU's start to the first line matching $2 on the serial console.
boot_time() {
	/usr/bin/python3 - "$1" "$2" "$VIGIL_TOP" <<'PY'
import sys, time, pexpect
rom, marker, top = sys.argv[1:4]
start = time.monotonic()
p = pexpect.spawn("bash", [top + "/contrib/qemu/run.sh", "--rom", rom], timeout=180)
p.expect(marker)
print("%.3f" % (time.monotonic() - start))
p.send(b"\x01x")
p.expect(pexpect.EOF, timeout=20)
PY
}
menu_total=0 trivial_total=0
for _ in $(seq "$runs"); do
	t=$(boot_time "$out/coreboot.rom" 'boot menu on /dev/ttyS0') || die "the ROM did not reach the menu"
	menu_total=$(echo "$menu_total + $t" | bc)
	t=$(boot_time "$bench/trivial.rom" VIGIL-TRIVIAL-INIT) || die "the trivial-init ROM did not boot"
	trivial_total=$(echo "$trivial_total + $t" | bc)
done
menu=$(echo "scale=3; $menu_total / $runs" | bc)
trivial=$(echo "scale=3; $trivial_total / $runs" | bc)

printf 'clean build:     %7.1f s   target <= 600 s   ratio %.2f   (load %s)\n' "$clean" "$(echo "$clean / 600" | bc -l)" "$clean_load"
printf '                 CPU %.0f s (user + system): %.0f s on two idle cores at best\n' "$clean_cpu" "$(echo "$clean_cpu / 2" | bc -l)"
printf 'rebuild:         %7.1f s   target <=  60 s   ratio %.2f   (load %s)\n' "$rebuild" "$(echo "$rebuild / 60" | bc -l)" "$rebuild_load"
printf 'payload size:    %7.2f MiB target <= 8 MiB   ratio %.2f (bzImage %d + initramfs %d bytes)\n' \
	"$(echo "$payload / 1048576" | bc -l)" "$(echo "$payload / 8388608" | bc -l)" \
	"$(stat -c %s "$out/bzImage")" "$(stat -c %s "$out/initramfs.cpio.xz")"
printf 'boot to menu:    %7.2f s   trivial init %.2f s   ratio %.2f (target <= 1.3; %d runs)\n' \
	"$menu" "$trivial" "$(echo "$menu / $trivial" | bc -l)" "$runs"
echo "clean build by stage (contrib/build.sh; the stages marked 'beside the kernel' overlap it):"
sed 's/^/  /' "$bench/clean-times"
