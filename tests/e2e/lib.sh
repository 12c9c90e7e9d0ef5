# tests/e2e/lib.sh — sourced by end-to-end scripts. Provides a temporary
# directory, $HAWSER (the binary under test, set by tests/run.sh) and checks
# that print "ok - NAME" / "not ok - NAME" for tests/run.sh to count.
set -u
: "${HAWSER:=$PWD/build/hawser}"
T=$(mktemp -d "${TMPDIR:-/tmp}/hawser-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HAWSER_DB="$T/test.db"
FIX="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/fixtures"

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; [ $# -gt 1 ] && printf '  %s\n' "$2"; return 0; }

# check NAME CMD... — passes when CMD exits 0
check() { local n=$1; shift; if "$@" >"$T/.out" 2>&1; then ok "$n"; else nok "$n" "$(head -c 2000 "$T/.out")"; fi; }
# check_fails NAME CMD... — passes when CMD exits non-zero
check_fails() { local n=$1; shift; if "$@" >"$T/.out" 2>&1; then nok "$n" "exited 0: $(head -c 2000 "$T/.out")"; else ok "$n"; fi; }
# check_eq NAME EXPECTED ACTUAL
check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "expected [$2] got [$3]"; fi; }
# check_grep NAME PATTERN FILE
check_grep() { if grep -qE -- "$2" "$3"; then ok "$1"; else nok "$1" "no /$2/ in $3: $(head -c 2000 "$3")"; fi; }
