#!/usr/bin/env bash
# bench/import/run.sh HAWSER — how fast hawser imports a bought lead list.
#
# For each mix (us: ~90% US + Canada; intl: seven countries) it generates
# BENCH_ROWS fictional leads (default 1000000) with 'hawser demo --csv', then
# times, on that same file and in this same run:
#   hawser     'hawser --db NEW import FILE --json', end to end (a fresh
#              database: open, migrate, read, normalize, merge, commit)
#   python     bench/import/baseline_phonenumbers.py: csv module + Debian's
#              python3-phonenumbers normalizing every phone column to E.164
#   sqlite3    the sqlite3 shell's '.import --csv' of the raw rows into a fresh
#              database (no normalization: the cost of just storing the rows)
#   floor      bench/import/floor.sql: the sqlite3 shell copying those raw rows
#              into hawser's own schema and settings (WAL, foreign keys, every
#              index), no parsing or normalizing: what the store alone costs
# Each is one process measured by /usr/bin/time -f '%e %M' (wall seconds, peak
# RSS). Ratios are speed ratios, baseline seconds / case seconds: above 1 the
# case is that many times faster than the baseline. Prints a table and writes
# bench/out/import.json. A benchmark, not a test: missing a target is reported,
# never a failure; only a step that fails makes the script exit non-zero.
#
# Environment: BENCH_ROWS (rows per mix), BENCH_SEED (default 1), BENCH_MIXES
# (default "us intl"), BENCH_TMP
# (where the ~300 MB CSVs and databases go; default a fresh dir under $TMPDIR).
set -euo pipefail

die() { echo "bench/import: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: bench/import/run.sh HAWSER_BINARY"
HAWSER=$(realpath "$1") || die "no such binary: $1"
[ -x "$HAWSER" ] || die "not executable: $HAWSER (build it with 'make')"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROWS=${BENCH_ROWS:-1000000}
SEED=${BENCH_SEED:-1}
MIXES=${BENCH_MIXES:-us intl}
PY=/usr/bin/python3 # Debian's: the pyenv python3 on PATH lacks phonenumbers
case $ROWS in '' | *[!0-9]* | 0) die "BENCH_ROWS must be a positive number, not '$ROWS'" ;; esac
for mix in $MIXES; do
	case $mix in us | intl) ;; *) die "BENCH_MIXES: '$mix' is not us or intl" ;; esac
done

command -v /usr/bin/time >/dev/null ||
	die "/usr/bin/time is missing (Debian package 'time'; 'make deps' installs it)"
command -v sqlite3 >/dev/null || die "the sqlite3 shell is missing (Debian package 'sqlite3')"
[ -x "$PY" ] && "$PY" -c 'import phonenumbers' 2>/dev/null ||
	die "$PY cannot import phonenumbers (Debian package 'python3-phonenumbers')"

if [ -n "${BENCH_TMP:-}" ]; then
	WORK=$BENCH_TMP
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/hawser-bench.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
OUT=$ROOT/bench/out
mkdir -p "$OUT"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

# measure CASE MIX CMD... — run CMD under /usr/bin/time, append a result line.
measure() {
	local name=$1 mix=$2
	shift 2
	if ! /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/$mix-$name.out" 2>"$WORK/$mix-$name.err"; then
		# with --json hawser reports its error on stdout; time notes the exit status
		cat "$WORK/$mix-$name.out" "$WORK/$mix-$name.err" "$WORK/time" >&2
		die "$mix/$name failed: $*"
	fi
	read -r secs kb <"$WORK/time"
	printf '%s\t%s\t%s\t%s\t%s\n' "$mix" "$name" "$ROWS" "$secs" "$kb" >>"$RESULTS"
	printf '  %-8s %8.2f s  %7.1f MB\n' "$name" "$secs" "$(echo "$kb" | awk '{print $1/1024}')"
}

echo "hawser import benchmark: $ROWS rows per mix, seed $SEED, $(nproc) cores"
for mix in $MIXES; do
	csv=$WORK/$mix.csv
	echo "$mix: generating $csv"
	"$HAWSER" --db "$WORK/gen.db" demo --rows "$ROWS" --mix "$mix" --seed "$SEED" --csv "$csv" >/dev/null ||
		die "hawser demo failed"
	rm -f "$WORK/$mix.db" "$WORK/$mix.db-wal" "$WORK/$mix.db-shm" "$WORK/$mix-sqlite.db"
	measure hawser "$mix" "$HAWSER" --db "$WORK/$mix.db" import "$csv" --json
	cp "$WORK/$mix-hawser.out" "$WORK/$mix-hawser.json"
	measure python "$mix" "$PY" "$ROOT/bench/import/baseline_phonenumbers.py" "$csv"
	measure sqlite3 "$mix" sqlite3 "$WORK/$mix-sqlite.db" ".import --csv $csv leads"
	# the floor: the raw rows copied into hawser's schema (bench/import/floor.sql)
	rm -f "$WORK/$mix-floor.db"*
	"$HAWSER" --db "$WORK/$mix-floor.db" leads >/dev/null || die "hawser could not create a database"
	measure floor "$mix" sqlite3 -bail -cmd "ATTACH '$WORK/$mix-sqlite.db' AS r" \
		"$WORK/$mix-floor.db" ".read $ROOT/bench/import/floor.sql"
	rm -f "$csv" "$WORK/$mix.db" "$WORK/$mix.db-wal" "$WORK/$mix.db-shm" "$WORK/$mix-sqlite.db" \
		"$WORK/$mix-floor.db"*
done

# Table and JSON from the results (Python's json module, so the file is valid).
"$PY" - "$RESULTS" "$WORK" "$OUT/import.json" "$ROWS" "$(nproc)" <<'EOF'
import json, sys, time
results, work, out, rows, cores = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
TARGET_S = {"us": 10.0, "intl": 20.0}  # per 1M leads, on 2 cores
TARGET_RSS_MB = 300.0
cases = {}
for line in open(results):
    mix, name, n, secs, kb = line.split("\t")
    cases[(mix, name)] = {"mix": mix, "case": name, "rows": int(n), "seconds": float(secs),
                          "peak_rss_mb": round(int(kb) / 1024, 1)}
report = []
print()
print(f"{'case':<16}{'rows':>9}{'seconds':>10}{'leads/s':>11}{'peak RSS MB':>13}"
      f"{'vs python':>11}{'vs sqlite3':>12}{'vs floor':>10}")
for (mix, name), c in cases.items():
    s = max(c["seconds"], 0.01)
    c["leads_per_s"] = round(c["rows"] / s)
    c["ratio_vs_python"] = round(cases[(mix, "python")]["seconds"] / s, 2)
    c["ratio_vs_sqlite3_import"] = round(cases[(mix, "sqlite3")]["seconds"] / s, 2)
    c["ratio_vs_floor"] = round(cases[(mix, "floor")]["seconds"] / s, 2)
    if name == "hawser":
        try:
            c["hawser"] = json.load(open(f"{work}/{mix}-hawser.json"))
        except (OSError, ValueError):
            c["hawser"] = None
        scale = c["rows"] / 1e6
        c["target_seconds"] = TARGET_S[mix] * scale
        c["target_peak_rss_mb"] = TARGET_RSS_MB
        c["meets_target"] = c["seconds"] <= c["target_seconds"] and c["peak_rss_mb"] <= TARGET_RSS_MB
    report.append(c)
    print(f"{mix + ' ' + name:<16}{c['rows']:>9}{c['seconds']:>10.2f}{c['leads_per_s']:>11}"
          f"{c['peak_rss_mb']:>13.1f}{c['ratio_vs_python']:>10.2f}x{c['ratio_vs_sqlite3_import']:>11.2f}x{c['ratio_vs_floor']:>9.2f}x")
print()
for c in report:
    if c["case"] != "hawser":
        continue
    h = c.get("hawser") or {}
    print(f"{c['mix']}: imported {h.get('imported')}, merged {h.get('merged')}, "
          f"rejected {h.get('rejected')}, suppressed {h.get('suppressed')}; target "
          f"{c['target_seconds']:.1f} s and {TARGET_RSS_MB:.0f} MB"
          f"{' (scaled to ' + str(c['rows']) + ' rows)' if c['rows'] != 1000000 else ''}: "
          f"{'met' if c['meets_target'] else 'MISSED'}")
json.dump({"benchmark": "import", "rows_per_mix": rows, "cores": cores,
           "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "ratio_meaning": "baseline seconds / case seconds (above 1: the case is faster)",
           "cases": report}, open(out, "w"), indent=2)
print(f"wrote {out}")
EOF
