#!/usr/bin/env bash
# End-to-end in a real browser: tests/browser/calling.mjs drives Debian's
# chromium (playwright-core from node_modules, no browser download) through a
# calling day on a fresh demo database — sign in, five leads by keyboard only,
# the agenda and the numbers, a CSV import with its reject report. "Now" is
# Tuesday 2026-11-24 15:00 UTC (10:00 in New York), so the US leads are
# callable. Prints the node script's "ok - browser: …" lines plus the
# server's own checks.
#
# Screenshots, the reject report and the server log are kept (not committed)
# in $HAWSER_ARTIFACTS, else build/test-artifacts/browser, in a folder per
# build (build, build-asan, …). BROWSER_TIMEOUT_MS sets the wait per action
# (default 20000, 40000 under ASan). HAWSER_WEB_DIR serves web/ from disk
# (hawser serve --web-dir) instead of the files built into the binary.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || [ ! -f "$ROOT/node_modules/playwright-core/package.json" ] || ! command -v node >/dev/null; then
	nok "browser: chromium/playwright-core missing (make check installs them)" \
		"chromium: $CHROMIUM; playwright-core: $ROOT/node_modules/playwright-core; node: $(command -v node || echo none)"
	exit 1
fi

build=$(basename "$(dirname "$HAWSER")")
ART=${HAWSER_ARTIFACTS:-$ROOT/build/test-artifacts/browser}/$build
mkdir -p "$ART" && rm -f "$ART"/*.png "$ART"/*.csv "$ART"/serve.log
if nm -an "$HAWSER" 2>/dev/null | grep -q __asan_init; then
	: "${BROWSER_TIMEOUT_MS:=40000}"
fi
export BROWSER_TIMEOUT_MS=${BROWSER_TIMEOUT_MS:-20000} CHROMIUM

DB="$T/hawser.db"
SRV=
stop() {
	[ -n "$SRV" ] || return 0
	kill -TERM "$SRV" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$SRV" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null; SRV_RC=$?
	SRV=
}
trap 'stop; rm -rf "$T"' EXIT

check "browser: demo database" "$HAWSER" --db "$DB" demo --rows 200 --mix us
# a user calls only with a caller ID an admin verified (here: the database's owner)
export BROWSER_CALLER_ID=+12125550190
echo 'password1' | "$HAWSER" --db "$DB" user add mia --role manager --team east --tz America/New_York \
	--caller-id "$BROWSER_CALLER_ID" --password-stdin >"$T/.out" 2>&1
check_eq "browser: manager mia added" 0 $?
# the list to import: 300 good rows and one with a bad email
"$HAWSER" demo --csv "$T/leads.csv" --rows 300 --mix us >/dev/null
BAD=Rejectme-ZQX
echo "Bad,$BAD,Nobody,Nowhere Inc,,,,+1 212 555 0199,,not-an-email,,,New York,NY,,United States,,Test" >> "$T/leads.csv"

WEB=()
[ -n "${HAWSER_WEB_DIR:-}" ] && WEB=(--web-dir "$HAWSER_WEB_DIR")
"$HAWSER" --db "$DB" --now 2026-11-24T15:00:00Z serve --listen 127.0.0.1:0 "${WEB[@]}" >"$ART/serve.log" 2>&1 &
SRV=$!
URL=
for _ in $(seq 300); do
	URL=$(sed -n 's|^hawser serving .* on \(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$ART/serve.log" | head -1)
	[ -n "$URL" ] && break
	kill -0 "$SRV" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$URL" ]; then
	nok "browser: server started" "$(head -c 2000 "$ART/serve.log")"
	exit 1
fi
ok "browser: server started ($URL)"

t0=$(date +%s)
timeout 240 node "$ROOT/tests/browser/calling.mjs" "$URL" "$ART" "$T/leads.csv" "$BAD" 2>"$T/node.err" | tee "$T/node.out"
rc=${PIPESTATUS[0]}
echo "# browser steps took $(( $(date +%s) - t0 )) s; screenshots in $ART"
# 0: all passed; 1: some failed, 2: could not go on (their lines say which);
# anything else, or no "not ok" line for a failure: a crash or the timeout
if [ "$rc" -gt 2 ] || { [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$T/node.out"; }; then
	nok "browser: calling.mjs ran to the end (exit $rc)" "$(head -c 2000 "$T/node.err")"
fi

SRV_RC=
stop
check_eq "browser: the server stops cleanly on SIGTERM" 0 "$SRV_RC"
if grep -qE 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:' "$ART/serve.log"; then
	nok "browser: no sanitizer reports from the server" "$(grep -m1 -A20 -E 'Sanitizer|runtime error:' "$ART/serve.log")"
else
	ok "browser: no sanitizer reports from the server"
fi
