#!/usr/bin/env bash
# tests/e2e/fuzz.sh — the registry parser's libFuzzer target, run briefly on
# the seed corpus (tests/fuzz/corpus/dnc) plus what it finds in 15 seconds.
# The target carries its own ASan+UBSan, so it runs once, for the plain build.
# Longer, by hand: build/fuzz/fuzz_dnc -max_total_time=600 tests/fuzz/corpus/dnc
. "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
FUZZ="$(dirname "$HAWSER")/fuzz/fuzz_dnc"
case "$HAWSER" in *build-asan/*) echo "# fuzz: runs with the plain build only"; exit 0 ;; esac
if [ ! -x "$FUZZ" ]; then nok "fuzz: $FUZZ is built (make fuzz)"; exit 1; fi
mkdir -p "$T/corpus"
cp "$ROOT"/tests/fuzz/corpus/dnc/* "$T/corpus/"
if "$FUZZ" -max_total_time="${HAWSER_FUZZ_SECONDS:-15}" -rss_limit_mb=4096 \
	-artifact_prefix="$T/" "$T/corpus" >"$T/fuzz.log" 2>&1; then
	ok "fuzz: the registry parser survives $(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T/fuzz.log") inputs"
else
	nok "fuzz: the registry parser crashed" "$(tail -40 "$T/fuzz.log")"
	mkdir -p "$ROOT/build/test-artifacts/fuzz" && cp "$T"/crash-* "$T"/leak-* "$T"/timeout-* \
		"$ROOT/build/test-artifacts/fuzz/" 2>/dev/null
fi
