#!/usr/bin/env bash
# build-initramfs.sh ROOTDIR - pack the payload's root filesystem:
# $VIGIL_OUT/initramfs.cpio.xz and $VIGIL_OUT/initramfs.manifest.
# ROOTDIR is vigil's `make install DESTDIR=ROOTDIR` tree; contrib/payload/
# initramfs.list adds busybox, GnuPG, cryptsetup, kexec, flashrom, cbmem and
# the layout.  Shared libraries are resolved with readelf and ld.so's search
# path, copied as files under their SONAME; every symbol the programs and
# libraries import must be defined in the archive.  A few parts come from
# Debian source packages rebuilt smaller (build-debsrc.sh, run from here, into
# $VIGIL_OUT/debsrc).  Output is bit-reproducible.
# VIGIL_NO_CBMEM=1 builds without $VIGIL_OUT/cbmem (development only).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/common.sh"
. "$here/kernel-src.sh"

[ $# = 1 ] || die "usage: $0 ROOTDIR   (ROOTDIR: make install DESTDIR=ROOTDIR of vigil)"
[ -d "$1" ] || die "ROOTDIR $1 is not a directory"
ROOTDIR=$(cd "$1" && pwd)
[ -e "$ROOTDIR/usr/bin/vigil" ] || die "$ROOTDIR/usr/bin/vigil missing: ROOTDIR must come from make install DESTDIR=ROOTDIR"
LIST=$here/initramfs.list
export LC_ALL=C

# The parts rebuilt from source (cached: a no-op when nothing changed).
"$here/build-debsrc.sh"
DEBSRC=$VIGIL_OUT/debsrc

LOADER=/lib64/ld-linux-x86-64.so.2
# The initramfs has no ld.so.cache: the loader finds libraries only in its
# compiled-in system directories, so resolve against exactly those.  (Not the
# host's glibc-hwcaps subdirectories either: the target CPU may be older.)
mapfile -t LIBDIRS < <("$LOADER" --list-diagnostics | sed -n 's/^path\.system_dirs\[[^]]*\]="\(.*\)\/"$/\1/p')
[ "${#LIBDIRS[@]}" -gt 0 ] || die "cannot read the system search path from $LOADER --list-diagnostics"

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/vigil-initramfs.XXXXXX")
OUT_TMP=$VIGIL_OUT/.initramfs.tmp.$$
trap 'rm -rf "$STAGE" "$OUT_TMP".*' EXIT

# Entries of the archive, by path: KIND is file|dir|slink|nod; ARG is the
# source file, the link target or "c MAJ MIN"; ORIGIN is the host path
# (for dpkg), "rootdir", "vigil-out" or "src:PACKAGE=VERSION" (rebuilt).
declare -A KIND=() ARG=() MODE=() ORIGIN=()
declare -A SONAME=()    # soname -> archive path (resolved once)
declare -A APPLET=()    # busybox applets

# canon PATH: merged /usr, as on the Debian host the binaries come from.
canon() {
	case $1 in
	/bin/* | /sbin/* | /lib/* | /lib64/*) printf '/usr%s\n' "$1" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# add PATH KIND ARG MODE ORIGIN: one archive entry; the same entry twice is
# fine, two different ones for a path are a conflict.
add() {
	local p=$1
	case $p in
	/*) ;;
	*) die "not an absolute path: $p" ;;
	esac
	# gen_init_cpio splits its list at blanks and expands ${} in locations.
	local bad='[[:space:]$]' arg='' mode
	[[ $4 =~ ^[0-7]{1,4}$ ]] || die "bad mode '$4' for $p"
	mode=$(printf '%04o' "$((8#$4))")
	case $2 in file | slink) arg=$3 ;; esac
	[[ "$p$arg" =~ $bad ]] && die "blank or \$ in initramfs entry '$p' $arg"
	if [ -n "${KIND[$p]:-}" ]; then
		[ "${KIND[$p]} ${ARG[$p]} ${MODE[$p]}" = "$2 $3 $mode" ] ||
			die "$p comes twice: ${KIND[$p]} ${ARG[$p]} (${ORIGIN[$p]}) and $2 $3 ($5)"
		return 0
	fi
	KIND[$p]=$2 ARG[$p]=$3 MODE[$p]=$mode ORIGIN[$p]=$5
}

# out_origin FILE: origin of a file from $VIGIL_OUT (its source package, for
# the rebuilt ones).
out_origin() {
	local o
	case $1 in
	"$DEBSRC"/*)
		o=$(awk -v f="${1#"$DEBSRC"/}" '$1 == f {print $2}' "$DEBSRC/SOURCES")
		[ -n "$o" ] || die "$1 is not in $DEBSRC/SOURCES"
		echo "$o" ;;
	*) echo vigil-out ;;
	esac
}

is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

elf_x86_64() {
	readelf -h "$1" 2>/dev/null | grep -q 'Machine:.*X86-64' &&
		readelf -h "$1" | grep -q 'Class:.*ELF64'
}

# find_lib SONAME DIR...: first DIR holding SONAME as an x86-64 ELF, looked
# up in ROOTDIR before the host.  Sets FOUND_SRC, FOUND_PATH, FOUND_ORIGIN.
find_lib() {
	local soname=$1 d c
	shift
	for d in "$@"; do
		for c in "$ROOTDIR$d/$soname" "$d/$soname"; do
			if [ ! -e "$c" ] || ! elf_x86_64 "$c"; then continue; fi
			FOUND_SRC=$(readlink -f "$c")
			FOUND_PATH=$(canon "$d/$soname")
			FOUND_ORIGIN=$FOUND_SRC
			case $c in "$ROOTDIR"/*) FOUND_ORIGIN=rootdir ;; esac
			return 0
		done
	done
	return 1
}

# add_deps FILE PATH: the loader and every library FILE (archived at PATH)
# needs, recursively.
add_deps() {
	local f=$1 p=$2 dyn interp soname rp d
	local -a needed=() dirs=()
	dyn=$(readelf -d -W "$f" 2>/dev/null) || true
	interp=$(readelf -l -W "$f" 2>/dev/null | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]$/\1/p')
	if [ -n "$interp" ]; then
		[ "$interp" = "$LOADER" ] || die "$f wants the loader $interp, not $LOADER"
		add "$(canon "$LOADER")" file "$(readlink -f "$LOADER")" 0755 "$(readlink -f "$LOADER")"
	fi
	mapfile -t needed < <(sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]$/\1/p' <<<"$dyn")
	# DT_RUNPATH/DT_RPATH ($ORIGIN = the file's directory in the archive).
	rp=$(sed -n 's/.*(R[UN]*PATH).*: \[\(.*\)\]$/\1/p' <<<"$dyn")
	if [ -n "$rp" ]; then
		rp=${rp//\$\{ORIGIN\}/${p%/*}}
		rp=${rp//\$ORIGIN/${p%/*}}
		IFS=: read -ra dirs <<<"$rp"
	fi
	for soname in "${needed[@]}"; do
		# The loader provides its own SONAME; libc's NEEDED on it needs no file.
		[ "$soname" = "${LOADER##*/}" ] && continue
		[ -n "${SONAME[$soname]:-}" ] && continue
		find_lib "$soname" "${dirs[@]}" "${LIBDIRS[@]}" ||
			die "$soname (needed by $f) not found in ${dirs[*]} ${LIBDIRS[*]}"
		SONAME[$soname]=$FOUND_PATH
		# A library inside ROOTDIR is archived by the ROOTDIR walk.
		[ "$FOUND_ORIGIN" = rootdir ] || add "$FOUND_PATH" file "$FOUND_SRC" "$(stat -c %a "$FOUND_SRC")" "$FOUND_ORIGIN"
		add_deps "$FOUND_SRC" "$FOUND_PATH"
	done
}

# add_elf PATH SOURCE ORIGIN: a program and its libraries.
add_elf() {
	local p=$1 src=$2
	elf_x86_64 "$src" || die "$src is not an x86-64 ELF file"
	add "$p" file "$src" "$(stat -c %a "$src")" "$3"
	add_deps "$src" "$p"
}

## 0. initramfs.list, read once; "libfrom" lines replace a host library
# before anything resolves it.
mapfile -t LIST_LINES < "$LIST"
declare -a libfrom=()    # source, archive path
lineno=0
for line in "${LIST_LINES[@]}"; do
	lineno=$((lineno + 1))
	read -r -a w <<<"$line"
	[ "${w[0]:-}" = libfrom ] || continue
	soname=${w[1]:-} src=${w[2]:-}
	[ -n "$soname" ] && [ -n "$src" ] || die "initramfs.list:$lineno: libfrom needs SONAME and SOURCE"
	# shellcheck disable=SC2016 # a literal $VIGIL_OUT in the list
	case $src in '$VIGIL_OUT/'*) src=$VIGIL_OUT/${src#'$VIGIL_OUT/'} ;; esac
	[ -f "$src" ] || die "initramfs.list:$lineno: $src missing (contrib/payload/build-debsrc.sh builds it)"
	elf_x86_64 "$src" || die "initramfs.list:$lineno: $src is not an x86-64 ELF file"
	readelf -d "$src" | grep -qF "Library soname: [$soname]" ||
		die "initramfs.list:$lineno: $src does not have the SONAME $soname"
	# Where the loader looks first, as the host library would be.
	SONAME[$soname]=$(canon "${LIBDIRS[0]}/$soname")
	add "${SONAME[$soname]}" file "$src" "$(stat -c %a "$src")" "$(out_origin "$src")"
	libfrom+=("$src" "${SONAME[$soname]}")
done
# Their own libraries, once all replacements are known.
for ((i = 0; i < ${#libfrom[@]}; i += 2)); do
	add_deps "${libfrom[i]}" "${libfrom[i + 1]}"
done

## 1. vigil's staging tree, as installed
declare -a rootdir_elves=()
while IFS=$'\t' read -r -d '' type mode rel target; do
	p=/$rel
	case $p in
	/bin | /sbin | /lib | /lib64)
		# merged-/usr aliases, provided by initramfs.list
		[ "$type" = d ] || [ "$type" = l ] || die "$ROOTDIR$p must be a directory or a symlink"
		continue ;;
	esac
	p=$(canon "$p")
	case $type in
	d) add "$p" dir - "$mode" rootdir ;;
	l) add "$p" slink "$target" 777 rootdir ;;
	f)
		add "$p" file "$ROOTDIR/$rel" "$mode" rootdir
		if is_elf "$ROOTDIR/$rel"; then
			elf_x86_64 "$ROOTDIR/$rel" || die "$ROOTDIR/$rel is not an x86-64 ELF file"
			rootdir_elves+=("$p" "$ROOTDIR/$rel")
		fi ;;
	*) die "$ROOTDIR/$rel: unsupported file type ($type)" ;;
	esac
done < <(find "$ROOTDIR" -mindepth 1 -printf '%y\t%m\t%P\t%l\0')
for ((i = 0; i < ${#rootdir_elves[@]}; i += 2)); do
	add_deps "${rootdir_elves[i + 1]}" "${rootdir_elves[i]}"
	readelf -S -W "${rootdir_elves[i + 1]}" | grep -q '\.debug_info' &&
		note "warning: ${rootdir_elves[i + 1]} is not stripped (make install-strip?)"
done

## 2. initramfs.list
busybox=
lineno=0
for line in "${LIST_LINES[@]}"; do
	lineno=$((lineno + 1))
	read -r -a w <<<"$line"
	[ "${#w[@]}" -gt 0 ] || continue
	kind=${w[0]} a=${w[1]:-} b=${w[2]:-} c=${w[3]:-} d=${w[4]:-} e=${w[5]:-}
	case $kind in '#'*) continue ;; esac
	case $kind in
	bin | file)
		src=${b:-$a}
		origin=host
		# shellcheck disable=SC2016 # a literal $VIGIL_OUT in the list
		case $src in
		'$VIGIL_OUT/'*)
			src=$VIGIL_OUT/${src#'$VIGIL_OUT/'}
			if [ ! -e "$src" ]; then
				if [ "${src##*/}" = cbmem ] && [ "${VIGIL_NO_CBMEM:-0}" = 1 ]; then
					note "warning: VIGIL_NO_CBMEM=1: initramfs without cbmem"
					continue
				fi
				case $src in
				"$DEBSRC"/*) die "$src missing: contrib/payload/build-debsrc.sh builds it" ;;
				*) die "$src missing: build ${src##*/} first (contrib builds cbmem from coreboot's util/cbmem; VIGIL_NO_CBMEM=1 skips it for development)" ;;
				esac
			fi
			origin=$(out_origin "$src") ;;
		esac
		[ -f "$src" ] || die "initramfs.list:$lineno: $src not found"
		[ "$origin" = host ] && origin=$(readlink -f "$src")
		if [ "$kind" = bin ]; then
			add_elf "$(canon "$a")" "$(readlink -f "$src")" "$origin"
			[ "${a##*/}" = busybox ] && busybox=$(readlink -f "$src")
		else
			add "$(canon "$a")" file "$(readlink -f "$src")" "$(stat -L -c %a "$src")" "$origin"
		fi ;;
	lib)
		find_lib "$a" "${LIBDIRS[@]}" || die "initramfs.list:$lineno: $a not found in ${LIBDIRS[*]}"
		if [ -z "${SONAME[$a]:-}" ]; then
			SONAME[$a]=$FOUND_PATH
			[ "$FOUND_ORIGIN" = rootdir ] || add "$FOUND_PATH" file "$FOUND_SRC" "$(stat -c %a "$FOUND_SRC")" "$FOUND_ORIGIN"
			add_deps "$FOUND_SRC" "$FOUND_PATH"
		fi ;;
	applets)
		for x in "${w[@]:1}"; do APPLET[$x]=1; done ;;
	dir) add "$a" dir - "$b" list ;;
	slink) add "$a" slink "$b" 777 list ;;
	nod) add "$a" nod "$c $d $e" "$b" list ;;
	libfrom) ;; # done above
	*) die "initramfs.list:$lineno: unknown kind '$kind'" ;;
	esac
done

# busybox applets: only names this busybox really provides.
if [ "${#APPLET[@]}" -gt 0 ]; then
	[ -n "$busybox" ] || die "initramfs.list has applets but no bin .../busybox"
	# busybox-static runs on the build host whatever its libc.
	declare -A have=()
	while read -r x; do have[$x]=1; done < <("$busybox" --list)
	for x in "${!APPLET[@]}"; do
		[ -n "${have[$x]:-}" ] || die "busybox has no applet '$x'"
		add "/usr/bin/$x" slink busybox 777 list
	done
fi

# Every parent directory exists as a directory.
for p in "${!KIND[@]}"; do
	q=${p%/*}
	while [ -n "$q" ]; do
		if [ -z "${KIND[$q]:-}" ]; then
			add "$q" dir - 755 auto
		elif [ "${KIND[$q]}" != dir ]; then
			die "$p is under $q, which is a ${KIND[$q]}"
		fi
		q=${q%/*}
	done
done
[ "${KIND[/init]:-}" = slink ] || die "initramfs.list must make /init a symlink to vigil"

## 2b. Every symbol a program or library imports is defined by a library in
# the archive (the loader would stop at run time otherwise): a guard for
# libraries rebuilt smaller, such as libcrypto with only its users' symbols.
# Weak references may stay undefined; versioned ones need that version.
unresolved=$(
	for p in "${!KIND[@]}"; do
		[ "${KIND[$p]}" = file ] && is_elf "${ARG[$p]}" || continue
		nm -D "${ARG[$p]}" 2>/dev/null | sed "s|^|$p |"
	done | awk '
		{ file = $1; if (NF == 3) { type = $2; sym = $3 } else { type = $3; sym = $4 } }
		type == "U" { need[file " " sym] = 1; next }
		type == "w" || type == "v" || type == "A" { next }
		{ sub(/@@/, "@", sym); have[sym] = 1; sub(/@.*/, "", sym); have[sym] = 1 }
		END { for (k in need) { split(k, a, " "); if (!(a[2] in have)) print "  " a[1] ": " a[2] } }' |
		sort)
[ -z "$unresolved" ] || die "symbols that no library in the initramfs defines:
$unresolved"

## 3. Pin the Debian packages that provided host files.
# dpkg knows merged-/usr files by either name (/lib/... or /usr/lib/...).
declare -a queries=()
for p in "${!KIND[@]}"; do
	o=${ORIGIN[$p]}
	case $o in
	/*)
		queries+=("$o")
		case $o in /usr/bin/* | /usr/sbin/* | /usr/lib/* | /usr/lib64/*) queries+=("${o#/usr}") ;; esac ;;
	esac
done
declare -A OWNER=()
while IFS= read -r line; do
	case $line in "diversion by"* | "") continue ;; esac
	OWNER[${line#*: }]=${line%%: /*}
done < <(dpkg-query -S "${queries[@]}" 2>/dev/null || true)
declare -A PKGS=()
for p in "${!KIND[@]}"; do
	o=${ORIGIN[$p]}
	case $o in /*) ;; *) continue ;; esac
	owner=${OWNER[$o]:-${OWNER[${o#/usr}]:-}}
	[ -n "$owner" ] || die "$o (for $p) belongs to no Debian package: cannot pin it"
	# "libc6:amd64, libc6:i386" when the file is in several installed arches
	owner=${owner%%,*}
	ORIGIN[$p]=$owner
	PKGS[$owner]=1
done
for pkg in $(printf '%s\n' "${!PKGS[@]}" | sort); do
	lock_check_deb "$pkg"
done

## 4. gen_init_cpio from the kernel tree: writes nodes without mknod, takes
# owner and mode from its list, and -t stamps dirs, links and nodes.
kernel_src
GEN=$KERNEL_DIR/tools/gen_init_cpio
if [ ! -x "$GEN" ] || [ "$KERNEL_SRC/usr/gen_init_cpio.c" -nt "$GEN" ]; then
	mkdir -p "${GEN%/*}"
	gcc -O2 -o "$GEN.tmp.$$" "$KERNEL_SRC/usr/gen_init_cpio.c"
	mv -f "$GEN.tmp.$$" "$GEN"
fi

# Files are staged as copies stamped SOURCE_DATE_EPOCH (gen_init_cpio takes
# a file's mtime from the file); the list is sorted by path, parents first.
cpio_list=$STAGE/cpio.list
manifest=$STAGE/manifest
nfiles=0 total=0
mapfile -t paths < <(printf '%s\n' "${!KIND[@]}" | sort)
for p in "${paths[@]}"; do
	case ${KIND[$p]} in
	dir) echo "dir $p ${MODE[$p]} 0 0" ;;
	slink) echo "slink $p ${ARG[$p]} 0777 0 0" ;;
	nod) echo "nod $p ${MODE[$p]} 0 0 ${ARG[$p]}" ;;
	file)
		s=$STAGE/root$p
		mkdir -p "${s%/*}"
		cp -L "${ARG[$p]}" "$s"
		touch -d "@$SOURCE_DATE_EPOCH" "$s"
		size=$(stat -c %s "$s")
		nfiles=$((nfiles + 1)) total=$((total + size))
		printf '%10d %s %s\n' "$size" "$p" "${ORIGIN[$p]}" >> "$manifest"
		echo "file $p $s ${MODE[$p]} 0 0" ;;
	esac
done > "$cpio_list"

"$GEN" -t "$SOURCE_DATE_EPOCH" "$cpio_list" > "$STAGE/initramfs.cpio"
mkdir -p "$VIGIL_OUT"
# crc32: the only check the kernel's XZ decoder verifies.  The x86 BCJ
# filter makes machine code compress better (the kernel has XZ_DEC_X86); a
# 32 MiB dictionary spans the whole archive, so libraries compress against
# each other (the kernel allocates the decoder's dictionary as the header
# says).  preset=9e inside --lzma2: a -9 after --lzma2=dict= would reset the
# dictionary.  One thread, so the output is deterministic.
xz --format=xz --check=crc32 --threads=1 --x86 --lzma2=preset=9e,dict=32MiB \
	-c "$STAGE/initramfs.cpio" > "$OUT_TMP.xz"
cpio_size=$(stat -c %s "$STAGE/initramfs.cpio") xz_size=$(stat -c %s "$OUT_TMP.xz")
{
	echo "# initramfs.manifest: bytes, path in the initramfs, origin (Debian package, rootdir, vigil-out, or src:PACKAGE=VERSION rebuilt from source)"
	cat "$manifest"
	echo "# $nfiles files, $total bytes; cpio $cpio_size bytes; cpio.xz $xz_size bytes"
} > "$OUT_TMP.manifest"
# Renames within $VIGIL_OUT: readers never see a partial file.
mv -f "$OUT_TMP.manifest" "$VIGIL_OUT/initramfs.manifest"
mv -f "$OUT_TMP.xz" "$VIGIL_OUT/initramfs.cpio.xz"
note "initramfs: $nfiles files, $total bytes; cpio $cpio_size bytes; initramfs.cpio.xz $xz_size bytes"
print_sha256 "$VIGIL_OUT/initramfs.cpio.xz"
