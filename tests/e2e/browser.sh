#!/usr/bin/env bash
# End-to-end in a real browser: tests/browser/calling.mjs drives Debian's
# chromium (playwright-core from node_modules, no browser download) through a
# calling day on a fresh demo database — sign in, five leads by keyboard only,
# the agenda and the numbers, a CSV import with its reject report. "Now" is
# Tuesday 2026-11-24 15:00 UTC (10:00 in New York), so the US leads are
# callable. Prints the node script's "ok - browser: …" lines plus the
# server's own checks.
#
# Then tests/browser/outreach.mjs tells the follow-up story on another demo
# database, over three server runs: a brush-off logged in the web screen on
# Tuesday 2026-11-24 (a rep with an email and a purpose, the mail settings
# set) leads to the note in the next day's PDF ("Print today's notes",
# checked with pdfinfo and pdftotext) and to a call three business days
# later (the server started at that task's due time, read from
# 'hawser agenda --json') whose card refers to the note.
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
mkdir -p "$ART" && rm -f "$ART"/*.png "$ART"/*.csv "$ART"/*.pdf "$ART"/serve*.log
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
# serve DB NOW LOG NAME — starts the server in the background ($SRV), sets $URL
serve() {
	"$HAWSER" --db "$1" --now "$2" serve --listen 127.0.0.1:0 "${WEB[@]}" >"$3" 2>&1 &
	SRV=$!
	URL=
	for _ in $(seq 300); do
		URL=$(sed -n 's|^hawser serving .* on \(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$3" | head -1)
		[ -n "$URL" ] && break
		kill -0 "$SRV" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$URL" ]; then
		nok "browser: ${4:+$4 }server started" "$(head -c 2000 "$3")"
		return 1
	fi
	ok "browser: ${4:+$4 }server started ($URL${4:+, now $2})"
}
# sanitizers LOG NAME — no sanitizer reports in a server log
sanitizers() {
	if grep -qE 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:' "$1"; then
		nok "browser: ${2:+$2 }no sanitizer reports from the server" "$(grep -m1 -A20 -E 'Sanitizer|runtime error:' "$1")"
	else
		ok "browser: ${2:+$2 }no sanitizer reports from the server"
	fi
}
# node_ran NAME RC OUT ERR — 0: all passed; 1: some failed, 2: could not go
# on (their lines say which); anything else, or no "not ok" line for a
# failure: a crash or the timeout
node_ran() {
	if [ "$2" -gt 2 ] || { [ "$2" -ne 0 ] && ! grep -q '^not ok - ' "$3"; }; then
		nok "browser: $1 ran to the end (exit $2)" "$(head -c 2000 "$4")"
	fi
}

serve "$DB" 2026-11-24T15:00:00Z "$ART/serve.log" || exit 1

t0=$(date +%s)
timeout 240 node "$ROOT/tests/browser/calling.mjs" "$URL" "$ART" "$T/leads.csv" "$BAD" 2>"$T/node.err" | tee "$T/node.out"
rc=${PIPESTATUS[0]}
echo "# browser steps took $(( $(date +%s) - t0 )) s; screenshots in $ART"
node_ran calling.mjs "$rc" "$T/node.out" "$T/node.err"

SRV_RC=
stop
check_eq "browser: the server stops cleanly on SIGTERM" 0 "$SRV_RC"
sanitizers "$ART/serve.log" ""

# ---- the follow-up story: brush-off → next day's note PDF → the call that refers to it
t0=$(date +%s)
ODB="$T/outreach.db"
STATE="$T/outreach.json"
check "browser: outreach: demo database" "$HAWSER" --db "$ODB" demo --rows 60 --mix us
echo 'password1' | "$HAWSER" --db "$ODB" user add rex --name 'Rex Carter' --role rep --tz America/New_York \
	--caller-id +12125550191 --password-stdin >"$T/.out" 2>&1
check_eq "browser: outreach: rep rex added" 0 $?
check "browser: outreach: rex's email and purpose (user profile)" "$HAWSER" --db "$ODB" user profile rex \
	--email rex@example.com --purpose 'teams like yours stop losing hours to wrong numbers'
check "browser: outreach: the company and its postal address (mail config)" "$HAWSER" --db "$ODB" mail config \
	--company 'Hawser Demo Inc' --address '100 Main Street, Springfield, IL 62701'

# outreach PHASE NOW — one server run and the node script's phase on it
outreach() {
	local log="$ART/serve-outreach-$1.log" orc
	serve "$ODB" "$2" "$log" "outreach $1:" || return 1
	timeout 120 node "$ROOT/tests/browser/outreach.mjs" "$1" "$URL" "$ART" "$STATE" 2>"$T/node-$1.err" | tee "$T/node-$1.out"
	orc=${PIPESTATUS[0]}
	node_ran "outreach.mjs $1" "$orc" "$T/node-$1.out" "$T/node-$1.err"
	SRV_RC=
	stop
	check_eq "browser: outreach $1: the server stops cleanly on SIGTERM" 0 "$SRV_RC"
	sanitizers "$log" "outreach $1:"
	return "$orc"
}

outreach day1 2026-11-24T15:00:00Z
if [ ! -s "$STATE" ]; then
	nok "browser: outreach: day 1 left what the next days need" "no $STATE"
else
	# the follow-up call, as the agenda of its day lists it: start day 3 at its due time
	DUE=$(jq -r '.A.due' "$STATE")
	CALL=$(jq -r '.A.call' "$STATE")
	LEAD=$(jq -r '.A.id' "$STATE")
	DAY=$(TZ=America/New_York date -d "$DUE" +%F 2>/dev/null)
	AG_DUE=$("$HAWSER" --db "$ODB" --json agenda --user rex --day "$DAY" 2>"$T/.out" |
		jq -r --argjson id "$CALL" --argjson lead "$LEAD" \
			'.tasks[] | select(.task == $id and .lead == $lead and .channel == "call" and .status == "open") | .due_from')
	check_eq "browser: outreach: the follow-up call is on the agenda of $DAY at $DUE (three business days on)" "$DUE" "$AG_DUE"
	# three business days after Tuesday 2026-11-24: Wednesday, (Thursday is
	# Thanksgiving) Friday, Monday
	check_eq "browser: outreach: the follow-up call is three business days on, Thanksgiving skipped" 2026-11-30 "$DAY"
	outreach day2 2026-11-25T15:00:00Z
	if [ -n "$AG_DUE" ]; then
		outreach day3 "$AG_DUE"
	else
		nok "browser: outreach day3: not run" "the follow-up call's due time is unknown"
	fi
fi
echo "# outreach steps took $(( $(date +%s) - t0 )) s; screenshots in $ART"
