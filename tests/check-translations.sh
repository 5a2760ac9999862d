#!/bin/bash
# check-translations.sh PODIR - every source file with translatable strings is
# listed in PODIR/POTFILES.in, and every string in the sources is translated in
# every language of PODIR/LINGUAS (no untranslated and no fuzzy entries).
set -euo pipefail
po=$(cd "$1" && pwd)
top=$(cd "$po/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
missing=0

# POTFILES.in without comments and blank lines, one path per line.
mapfile -t listed < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$po/POTFILES.in" | grep -v '^$' || true)

# Every listed file must exist, or xgettext fails with a less helpful message.
for f in "${listed[@]}"; do
	if [ ! -f "$top/$f" ]; then
		echo "po/POTFILES.in: $f does not exist" >&2
		missing=1
	fi
done
if [ "$missing" -ne 0 ]; then
	exit 1
fi

# Every file under src/ that calls _( or N_( must be listed, so that a new
# source file cannot escape translation. The header that #defines the macros
# is not a use; a match must not be the tail of a longer name (foo_().
# (No grep -q below: it exits early and, with pipefail, fails the pipeline.)
printf '%s\n' "${listed[@]}" | LC_ALL=C sort -u >"$tmp/listed"
(cd "$top" && find src -type f \( -name '*.c' -o -name '*.h' \) -print0 |
	xargs -0 -r grep -lE '(^|[^A-Za-z0-9_])N?_[[:space:]]*\(' -- 2>/dev/null || true) |
	LC_ALL=C sort >"$tmp/candidates"
: >"$tmp/users"
while IFS= read -r f; do
	if grep -vE '^[[:space:]]*#[[:space:]]*define[[:space:]]' "$top/$f" |
		grep -E '(^|[^A-Za-z0-9_])N?_[[:space:]]*\(' >/dev/null; then
		echo "$f" >>"$tmp/users"
	fi
done <"$tmp/candidates"
while IFS= read -r f; do
	echo "po/POTFILES.in: $f uses _() or N_() but is not listed" >&2
	fail=1
done < <(LC_ALL=C comm -23 "$tmp/users" "$tmp/listed")

# A fresh template from the sources, so a new string cannot hide behind an old .pot.
(cd "$top" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$tmp/fresh.pot" -- "${listed[@]}")
mapfile -t langs < <(sed -e 's/#.*//' "$po/LINGUAS" | tr -s '[:space:]' '\n' | grep -v '^$' || true)
for lang in "${langs[@]}"; do
	msgmerge -q --no-fuzzy-matching -o "$tmp/$lang.po" "$po/$lang.po" "$tmp/fresh.pot"
	# msgattrib prints the header entry too when anything matches.
	untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid' || true)
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -c '^msgid' || true)
	if ! msgfmt -c -o /dev/null "$po/$lang.po"; then
		echo "po/$lang.po: msgfmt -c failed" >&2
		fail=1
	fi
	if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
		echo "po/$lang.po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated, $((fuzzy > 0 ? fuzzy - 1 : 0)) fuzzy strings:" >&2
		# Skip the header entry (up to the first blank line), then list the strings.
		for filter in --untranslated --only-fuzzy; do
			msgattrib "$filter" --no-obsolete "$tmp/$lang.po" | sed '1,/^$/d' |
				grep -A1 '^msgid' | head -20 >&2 || true
		done
		fail=1
	else
		echo "po/$lang.po: complete"
	fi
done
exit $fail
