#!/usr/bin/env bash
# tests/run.sh BUILDDIR... — run every unit test binary and end-to-end script
# against each build directory, then print the tally as the last line:
# "N passed, N failed".
#
# Unit tests are cmocka binaries (BUILD/tests/test_*); their "[  PASSED  ] N"
# and "[  FAILED  ] N" lines are counted. End-to-end tests are tests/e2e/*.sh;
# they print "ok - NAME" or "not ok - NAME" per check (tests/e2e/lib.sh).
set -u
cd "$(dirname "$0")/.."
pass=0; fail=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for b in "$@"; do
	echo "== $b"
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$log" 2>&1; rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
		p=${p:-0}; f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		pass=$((pass + p)); fail=$((fail + f))
		if [ "$f" -ne 0 ]; then cat "$log"; echo "FAIL $t"; else echo "ok   $t ($p)"; fi
	done
	for t in tests/e2e/*.sh; do
		[ -f "$t" ] || continue
		[ "$(basename "$t")" = lib.sh ] && continue
		HAWSER="$PWD/$b/hawser" bash "$t" >"$log" 2>&1; rc=$?
		p=$(grep -c '^ok - ' "$log"); f=$(grep -c '^not ok - ' "$log")
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		pass=$((pass + p)); fail=$((fail + f))
		if [ "$f" -ne 0 ]; then cat "$log"; echo "FAIL $t"; else echo "ok   $t ($p)"; fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
