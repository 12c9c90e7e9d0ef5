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
check "valgrind: user add" "${VG[@]}" "$HAWSER" "${N[@]}" user add ann --tz America/Chicago --caller-id +13125550190
check "valgrind: next" "${VG[@]}" "$HAWSER" "${N[@]}" next --user ann
lead=$("$HAWSER" "${N[@]}" next --user ann --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["lead"]["id"])')
check "valgrind: log" "${VG[@]}" "$HAWSER" "${N[@]}" log "$lead" brush_off --user ann --note "in a meeting"
check "valgrind: why" "${VG[@]}" "$HAWSER" "${N[@]}" why "$lead"
check "valgrind: agenda" "${VG[@]}" "$HAWSER" "${N[@]}" agenda --user ann
check "valgrind: stats" "${VG[@]}" "$HAWSER" "${N[@]}" stats --user ann
check "valgrind: cadence show" "${VG[@]}" "$HAWSER" "${N[@]}" cadence show
# do-not-call: a registry copy loaded (with the whole-database scrub), checked,
# the internal list, consent, records, the honesty check
"$HAWSER" "${N[@]}" demo --registry "$T/reg.txt" >/dev/null
printf '212,5550100,D\n212,5550177,A\n' > "$T/chg.txt"
"$HAWSER" "${N[@]}" user add boss --role admin >/dev/null
check "valgrind: dnc load" "${VG[@]}" "$HAWSER" "${N[@]}" dnc load "$T/reg.txt" --date 2026-11-20
check "valgrind: dnc load (a change list)" "${VG[@]}" "$HAWSER" "${N[@]}" dnc load "$T/chg.txt"
check "valgrind: dnc check" "${VG[@]}" "$HAWSER" "${N[@]}" dnc check '(212) 555-0177' --json
check "valgrind: dnc add" "${VG[@]}" "$HAWSER" "${N[@]}" dnc add +12125550177 --user boss
check "valgrind: dnc remove" "${VG[@]}" "$HAWSER" "${N[@]}" dnc remove +12125550177 --user boss \
	--reason 'written request of the owner'
check "valgrind: dnc status" "${VG[@]}" "$HAWSER" "${N[@]}" dnc status --json
check "valgrind: records" "${VG[@]}" "$HAWSER" "${N[@]}" records
check "valgrind: lint" "${VG[@]}" "$HAWSER" "${N[@]}" lint
# follow-ups: a real SMTP server on loopback, an email sent and one retried,
# the brush-off's note printed, a task shown, a webhook to a closed port
mkdir -p "$T/mail"
/usr/bin/python3 "$ROOT/tests/e2e/smtpd.py" --port 0 --dir "$T/mail" >/dev/null 2>&1 &
spid=$!
for _ in $(seq 100); do [ -s "$T/mail/ready" ] && break; sleep 0.1; done
check "valgrind: user profile" "${VG[@]}" "$HAWSER" "${N[@]}" user profile ann --email ann@example.com \
	--purpose 'we help teams call at the right time'
check "valgrind: mail config" "${VG[@]}" "$HAWSER" "${N[@]}" mail config --smtp "smtp://127.0.0.1:$(head -1 "$T/mail/ready")" \
	--company 'Demo Inc.' --address '1 Main St, Springfield, IL 62701'
check "valgrind: webhook add" "${VG[@]}" "$HAWSER" "${N[@]}" webhook add http://127.0.0.1:9/x \
	--events meeting.booked --allow-private
lead2=$("$HAWSER" "${N[@]}" next --user ann --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["lead"]["id"])')
"$HAWSER" "${N[@]}" log "$lead2" meeting --at 2026-12-01T16:00:00Z --user ann >/dev/null
check "valgrind: send" "${VG[@]}" "$HAWSER" "${N[@]}" send --once
check "valgrind: outbox" "${VG[@]}" "$HAWSER" "${N[@]}" outbox --json
task=$(sqlite3 "$T/demo.db" "SELECT id FROM tasks WHERE channel = 'note' LIMIT 1")
check "valgrind: task show" "${VG[@]}" "$HAWSER" "${N[@]}" task show "$task"
check "valgrind: notes print" "${VG[@]}" "$HAWSER" "${N[@]}" notes print --out "$T/n.pdf"
check "valgrind: user ical" "${VG[@]}" "$HAWSER" "${N[@]}" user ical ann
kill "$spid" 2>/dev/null
# the server: a few requests of each kind, then SIGTERM; valgrind's exit code
# says whether anything leaked or was used uninitialized
tok=$("$HAWSER" "${N[@]}" user token ann)
"${VG[@]}" "$HAWSER" "${N[@]}" serve --listen 127.0.0.1:0 --threads 2 >"$T/vsrv.out" 2>"$T/vsrv.err" &
vpid=$!
for _ in $(seq 1 300); do grep -q serving "$T/vsrv.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$T/vsrv.out")
if [ -n "$url" ]; then
	A=(-s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok")
	codes="$(curl "${A[@]}" "${url}healthz") $(curl "${A[@]}" -X POST "${url}api/v1/next")"
	lead=$(curl -s -X POST -H "Authorization: Bearer $tok" "${url}api/v1/next" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["lead"]["id"])' 2>/dev/null)
	codes="$codes $(curl "${A[@]}" -H 'Content-Type: application/json' -d '{"outcome":"voicemail"}' "${url}api/v1/leads/$lead/touches")"
	codes="$codes $(curl "${A[@]}" "${url}api/v1/stats") $(curl "${A[@]}" "${url}api/v1/agenda")"
	codes="$codes $(curl "${A[@]}" "${url}api/v1/leads/$lead") $(curl "${A[@]}" "${url}index.html")"
	codes="$codes $(curl "${A[@]}" -H 'Content-Type: application/json' -d '{"outcome":' "${url}api/v1/leads/$lead/touches")"
	codes="$codes $(curl "${A[@]}" "${url}metrics") $(curl -s -o /dev/null -w '%{http_code}' "${url}api/v1/me")"
	check_eq "valgrind: serve answers" "200 200 201 200 200 200 200 400 200 401" "$codes"
else
	nok "valgrind: serve started" "$(cat "$T/vsrv.err")"
fi
kill -TERM "$vpid" 2>/dev/null
wait "$vpid"; rc=$?
check_eq "valgrind: serve clean after SIGTERM" 0 "$rc"
[ "$rc" = 0 ] || head -c 3000 "$T/vsrv.err"
# the simulation, small: valgrind is some 30 times slower
export HAWSER_SIM_LEADS=300 HAWSER_SIM_DAYS=4
for t in "$(dirname "$HAWSER")"/tests/test_*; do
	[ -x "$t" ] || continue
	check "valgrind: $(basename "$t")" "${VG[@]}" "$t"
done
