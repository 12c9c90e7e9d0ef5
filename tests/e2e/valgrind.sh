#!/usr/bin/env bash
# Valgrind over the real binary's main paths and every unit test binary (plain
# build only: ASan and valgrind do not mix). libphonenumber keeps caches it
# never frees; tests/unit/libphonenumber.supp names them.
. "$(dirname "$0")/lib.sh"
case "$HAWSER" in *build-asan*) exit 0 ;; esac
command -v valgrind >/dev/null || { nok "valgrind installed"; exit 0; }
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VG=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9
	--suppressions="$ROOT/tests/unit/libphonenumber.supp")
printf 'First Name,Last Name,Company,Phone,Email,Country,Notes\n' > "$T/v.csv"
printf 'Ada,Lovelace,Acme,+1 (201) 555-0123 x89,ada@example.com,US,"multi\nline"\n' >> "$T/v.csv"
printf 'Bob,Smith,Acme,5.55E+09,bob@example.com,US,\n' >> "$T/v.csv"
printf 'Ada,L.,,201-555-0123,,US,\n' >> "$T/v.csv"
check "valgrind: import" "${VG[@]}" "$HAWSER" import "$T/v.csv"
check "valgrind: leads --json" "${VG[@]}" "$HAWSER" leads --json
check "valgrind: lead show" "${VG[@]}" "$HAWSER" lead show 1
check "valgrind: export" "${VG[@]}" "$HAWSER" export
check "valgrind: undo" "${VG[@]}" "$HAWSER" import --undo 1
check "valgrind: demo" "${VG[@]}" "$HAWSER" --db "$T/demo.db" demo --rows 50
for t in "$(dirname "$HAWSER")"/tests/test_*; do
	[ -x "$t" ] || continue
	check "valgrind: $(basename "$t")" "${VG[@]}" "$t"
done
