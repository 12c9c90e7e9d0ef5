#!/usr/bin/env bash
# bench/dnc/run.sh [BUILD_DIR] [options] — the do-not-call registry index
# (src/io/dnc.c) on a generated registry of the real one's size, against
# `sort | join` and an indexed SQLite table on the same files, in one run.
#
#   bench/dnc/run.sh                          build/, 250M numbers (~8 min, ~9 GB of disk)
#   bench/dnc/run.sh build --numbers 25000000 a tenth, for a quick look
#
# Options:
#   --numbers N         registry size (250000000)
#   --sqlite-numbers N  load only the registry's first N numbers into SQLite
#                       (default: all of them; the output says when it is a part)
#   --lookups N         random lookups per timed run (20000000)
#   --repeat R          index builds, and timed runs of each kind of lookup;
#                       the median counts (5)
#   --seed S            of the generated registry and leads (1)
#   --keep              keep the generated files (GBs) for the next run
#
# Builds dnc_gen and dnc_bench into BUILD_DIR/bench (make), writes everything under
# BUILD_DIR/bench-dnc (never committed: build/ is ignored), prints the table
# and writes it to BUILD_DIR/bench-dnc/results.txt (results.json beside it).
# Exits non-zero when a step fails or an answer is wrong; a missed target is
# reported, not an error.
set -euo pipefail

die() { echo "bench/dnc: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build
NUMBERS=250000000 SQLN=0 LOOKUPS=20000000 REPEAT=5 SEED=1 KEEP=0
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
	BUILD=$1
	shift
fi
while [ $# -gt 0 ]; do
	case $1 in
	--numbers) NUMBERS=${2:-} ;;
	--sqlite-numbers) SQLN=${2:-} ;;
	--lookups) LOOKUPS=${2:-} ;;
	--repeat) REPEAT=${2:-} ;;
	--seed) SEED=${2:-} ;;
	--keep) KEEP=1; shift; continue ;;
	*) die "unknown option '$1' (see the head of bench/dnc/run.sh)" ;;
	esac
	shift 2 || die "$1 needs a value"
done
for v in "$NUMBERS" "$LOOKUPS" "$REPEAT" "$SEED"; do
	case $v in '' | *[!0-9]* | 0) die "values must be positive whole numbers, not '$v'" ;; esac
done
case $SQLN in '' | *[!0-9]*) die "--sqlite-numbers: a whole number, not '$SQLN'" ;; esac
[ "$REPEAT" -le 16 ] || die "--repeat: at most 16"
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
PY=$(command -v /usr/bin/python3 || command -v python3) || die "python3 is missing"
for t in sort join tr cut wc; do command -v $t >/dev/null || die "$t is missing"; done

# ---- the programs, through the Makefile ----
case $BUILD in
"$ROOT"/*) B=${BUILD#"$ROOT"/} ;;
*) B=$BUILD ;;
esac
make -C "$ROOT" -s -j"$(nproc)" B="$B" "$B/bench/dnc_gen" "$B/bench/dnc_bench" >&2 ||
	die "cannot build the benchmark programs"
D=$ROOT/bench/dnc
GEN=$BUILD/bench/dnc_gen
BENCH=$BUILD/bench/dnc_bench

W=$BUILD/bench-dnc
mkdir -p "$W"
REG=$W/registry.txt LEADS=$W/leads.txt TRUTH=$W/truth.txt
RES=$W/results.jsonl
cleanup() {
	if [ $KEEP = 0 ]; then
		rm -f "$REG" "$LEADS" "$TRUTH" "$W/gen.key" "$W"/*.dnc "$W"/*.dnc.tmp* "$W/dnc.db" \
			"$W/dnc.db-journal" "$W/registry10.txt" "$W/leads10.txt" "$W/listed.txt"
		rm -rf "$W/sort-tmp"
	fi
}
trap cleanup EXIT
: >"$RES"
rec() { printf '%s\n' "$1" >>"$RES"; }
now() { date +%s.%N; }

echo "hawser DNC index benchmark: $NUMBERS numbers, $LOOKUPS lookups x $REPEAT, $(nproc) cores," \
	"files in $W"
rec "{\"run\":\"env\",\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"cores\":$(nproc),\"cpu\":\"$(
	LC_ALL=C lscpu | sed -n 's/^Model name: *//p' | head -1)\",\"kernel\":\"$(uname -r)\",\"mem_kb\":$(
	awk '/MemTotal/{print $2}' /proc/meminfo),\"numbers\":$NUMBERS,\"lookups\":$LOOKUPS,\"repeat\":$REPEAT}"
rec "$("$BENCH" calib)"

KEY="n=$NUMBERS seed=$SEED gen=$(md5sum <"$D/dnc_gen.c" | cut -c1-12)"
if [ $KEEP = 1 ] && [ -f "$REG" ] && [ "$(cat "$W/gen.key" 2>/dev/null)" = "$KEY" ]; then
	echo "registry: reusing $REG"
else
	echo "registry: generating $REG"
	rm -f "$W/gen.key"
	rec "$("$GEN" -n "$NUMBERS" -s "$SEED" -o "$REG" -l "$LEADS" -t "$TRUTH")" || die "dnc_gen failed"
	echo "$KEY" >"$W/gen.key"
fi
# the generator's GBs written back now, not during the timed runs
sync

# ---- hawser: build (each in a fresh process), then load, lookups, scrub ----
hawser() { # NAME PROGRAM
	local name=$1 prog=$2 i
	for i in $(seq "$REPEAT"); do
		echo "$name: build $i of $REPEAT"
		rm -f "$W/$name.dnc"
		rec "$("$prog" build --registry "$REG" --index "$W/$name.dnc" |
			sed "s/^{/{\"case\":\"$name\",/")" || die "$name build failed"
	done
	sync
	echo "$name: load, lookups, scrub, checks"
	rec "$("$prog" query --registry "$REG" --index "$W/$name.dnc" --leads "$LEADS" --truth "$TRUTH" \
		--lookups "$LOOKUPS" --seed "$SEED" --repeat "$REPEAT" |
		sed "s/^{/{\"case\":\"$name\",/")" || die "$name query failed"
	rm -f "$W/$name.dnc"
}
hawser hawser "$BENCH"

# ---- sort | join: the shell scrub ----
echo "sort|join: the registry as sorted ten-digit lines"
mkdir -p "$W/sort-tmp"
t0=$(now)
tr -d , <"$REG" | LC_ALL=C sort -T "$W/sort-tmp" >"$W/registry10.txt"
t1=$(now)
echo "sort|join: scrub the leads"
t2=$(now)
cut -c3- "$LEADS" | LC_ALL=C sort -T "$W/sort-tmp" >"$W/leads10.txt"
LC_ALL=C join "$W/leads10.txt" "$W/registry10.txt" >"$W/listed.txt"
t3=$(now)
listed=$(wc -l <"$W/listed.txt")
expected=$(grep -c '^1$' "$TRUTH" || true)
[ "$listed" = "$expected" ] || die "sort|join found $listed leads listed, the truth is $expected"
rec "{\"run\":\"sortjoin\",\"build_s\":$(awk "BEGIN{print $t1 - $t0}"),\"scrub_s\":$(awk "BEGIN{print $t3 - $t2}"),\"registry10_bytes\":$(stat -c %s "$W/registry10.txt"),\"scrub_listed\":$listed,\"scrub_expected\":$expected}"
rm -rf "$W/registry10.txt" "$W/leads10.txt" "$W/listed.txt" "$W/sort-tmp"

# ---- SQLite: an indexed table ----
if [ "$SQLN" = 0 ] || [ "$SQLN" -ge "$NUMBERS" ]; then
	echo "sqlite: all $NUMBERS numbers (one transaction; minutes at 250M)"
else
	echo "sqlite: the registry's first $SQLN of $NUMBERS numbers only"
fi
rec "$("$BENCH" sqlite --registry "$REG" --db "$W/dnc.db" --leads "$LEADS" --truth "$TRUTH" \
	--numbers "$SQLN" --lookups 1000000 --seed "$SEED")" || die "sqlite failed"
rm -f "$W/dnc.db" "$W/dnc.db-journal"

# ---- the table ----
"$PY" "$D/report.py" "$RES" "$W/results.txt" "$W/results.json"
