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
N=(--db "$T/demo.db" --now 2026-11-24T16:00:00Z)
check "valgrind: user add" "${VG[@]}" "$HAWSER" "${N[@]}" user add ann --tz America/Chicago
check "valgrind: next" "${VG[@]}" "$HAWSER" "${N[@]}" next --user ann
lead=$("$HAWSER" "${N[@]}" next --user ann --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["lead"]["id"])')
check "valgrind: log" "${VG[@]}" "$HAWSER" "${N[@]}" log "$lead" brush_off --user ann --note "in a meeting"
check "valgrind: why" "${VG[@]}" "$HAWSER" "${N[@]}" why "$lead"
check "valgrind: agenda" "${VG[@]}" "$HAWSER" "${N[@]}" agenda --user ann
check "valgrind: stats" "${VG[@]}" "$HAWSER" "${N[@]}" stats --user ann
check "valgrind: cadence show" "${VG[@]}" "$HAWSER" "${N[@]}" cadence show
# the simulation, small: valgrind is some 30 times slower
export HAWSER_SIM_LEADS=300 HAWSER_SIM_DAYS=4
for t in "$(dirname "$HAWSER")"/tests/test_*; do
	[ -x "$t" ] || continue
	check "valgrind: $(basename "$t")" "${VG[@]}" "$t"
done
