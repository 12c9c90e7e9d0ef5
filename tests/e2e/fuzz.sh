#!/usr/bin/env bash
# tests/e2e/fuzz.sh — the libFuzzer targets, each run briefly on its seed
# corpus (tests/fuzz/corpus/NAME) plus what it finds: the registry parser
# (fuzz_dnc) for 15 seconds, the template parser and render (fuzz_tmpl) for 10;
# HAWSER_FUZZ_SECONDS sets both. The targets carry their own ASan+UBSan, so
# they run once, for the plain build. Longer, by hand:
#   build/fuzz/fuzz_dnc -max_total_time=600 tests/fuzz/corpus/dnc
#   build/fuzz/fuzz_tmpl -max_total_time=600 tests/fuzz/corpus/tmpl
. "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
case "$HAWSER" in *build-asan/*) echo "# fuzz: runs with the plain build only"; exit 0 ;; esac

# fuzz NAME CORPUS SECONDS WHAT — one target, one ok/not ok line
fuzz() {
	local name=$1 corpus=$2 secs=$3 what=$4
	local bin out="$T/$1"
	bin="$(dirname "$HAWSER")/fuzz/$name"
	if [ ! -x "$bin" ]; then nok "fuzz: $bin is built (make fuzz)"; return; fi
	mkdir -p "$out/corpus"
	cp "$ROOT"/tests/fuzz/corpus/"$corpus"/* "$out/corpus/"
	if "$bin" -max_total_time="$secs" -rss_limit_mb=4096 \
		-artifact_prefix="$out/" "$out/corpus" >"$out/fuzz.log" 2>&1; then
		ok "fuzz: $what survives $(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out/fuzz.log") inputs"
	else
		nok "fuzz: $what crashed" "$(tail -40 "$out/fuzz.log")"
		mkdir -p "$ROOT/build/test-artifacts/fuzz/$name" && cp "$out"/crash-* "$out"/leak-* \
			"$out"/timeout-* "$out"/oom-* "$ROOT/build/test-artifacts/fuzz/$name/" 2>/dev/null
	fi
}

fuzz fuzz_dnc dnc "${HAWSER_FUZZ_SECONDS:-15}" "the registry parser"
fuzz fuzz_tmpl tmpl "${HAWSER_FUZZ_SECONDS:-10}" "the template parser"
