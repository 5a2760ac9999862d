#!/bin/bash
# check-translations.sh PODIR - every string in the sources is translated in every language.
set -euo pipefail
po=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A fresh template from the sources, so a new string cannot hide behind an old .pot.
(cd "$po/.." && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$tmp/fresh.pot" \
	$(grep -v '^#' "$po/POTFILES.in"))
fail=0
for lang in $(cat "$po/LINGUAS"); do
	msgmerge -q --no-fuzzy-matching -o "$tmp/$lang.po" "$po/$lang.po" "$tmp/fresh.pot"
	untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid' || true)
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po/$lang.po" | grep -c '^msgid' || true)
	msgfmt -c -o /dev/null "$po/$lang.po"
	# msgattrib prints the header entry too when anything matches.
	if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
		echo "po/$lang.po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated, $((fuzzy > 0 ? fuzzy - 1 : 0)) fuzzy strings:" >&2
		msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid' | head -20 >&2
		fail=1
	else
		echo "po/$lang.po: complete"
	fi
done
exit $fail
