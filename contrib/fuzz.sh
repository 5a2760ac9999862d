#!/bin/bash
# fuzz.sh [SECONDS] - build every libFuzzer target fuzz/fuzz-NAME.c with clang
# (ASan + UBSan) against libvigil.a and run each for SECONDS (default 20) on a
# copy of its seed corpus fuzz/corpus/NAME/. A crash fails the run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${VIGIL_OUT:-$top/out}
seconds=${1:-20}
build=$out/build-fuzz
san="-fsanitize=address,undefined -fno-sanitize-recover=all"

shopt -s nullglob
targets=("$top"/fuzz/fuzz-*.c)
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no targets"
	exit 0
fi
mkdir -p "$build"
grep -qx "abs_top_srcdir = $top" "$build/Makefile" 2>/dev/null || rm -f "$build/Makefile"
(cd "$build" && { [ -f Makefile ] || "$top/configure" -q CC=clang --disable-werror \
	CFLAGS="-O1 -g $san -fsanitize=fuzzer-no-link"; } && make -s -j"$(nproc)" libvigil.a)
libs=$(cd "$build" && make -s -f - print-libs <<'MK'
include Makefile
print-libs:
	@echo $(VIGIL_LIBS)
MK
)
for src in "${targets[@]}"; do
	name=$(basename "$src" .c)
	name=${name#fuzz-}
	bin=$build/fuzz-$name
	clang -O1 -g $san -fsanitize=fuzzer -include "$build/config.h" -I"$top/src" -I"$build" \
		"$src" "$build/libvigil.a" $libs -o "$bin"
	corpus=$build/corpus-$name
	rm -rf "$corpus"
	mkdir -p "$corpus"
	[ -d "$top/fuzz/corpus/$name" ] && cp -r "$top/fuzz/corpus/$name/." "$corpus/"
	echo "fuzz: $name for ${seconds}s"
	"$bin" -max_total_time="$seconds" -print_final_stats=1 "$corpus" 2>"$build/fuzz-$name.log" || {
		tail -60 "$build/fuzz-$name.log"; echo "fuzz: $name FAILED"; exit 1; }
	grep -E 'stat::number_of_executed_units' "$build/fuzz-$name.log" | sed "s/^/fuzz: $name /"
done
