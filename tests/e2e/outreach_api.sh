#!/usr/bin/env bash
# End-to-end: follow-ups beyond the phone through the HTTP API, against the
# real binary on a free port, a real SMTP server on loopback
# (tests/e2e/smtpd.py) and a webhook receiver on loopback. "Now" is Tuesday
# 2026-11-24 15:00 UTC (10:00 in New York).
#
#   1. mail settings (admins; the password write-only; CR/LF refused),
#      sending profiles (yourself, or an admin)
#   2. a voicemail logged through the API: the server's own sending thread
#      (--send-every 1) delivers the follow-up email within seconds, rendered,
#      with the postal address and the opt-out link; the outbox route
#   3. the opt-out link: the page (GET changes nothing), the one-click POST
#      without session or CSRF token, the evidence; a later email task held
#   4. tasks: shown rendered, held or unrenderable, marked done; the
#      authorization matrix (own / team / other lead x rep / manager / admin)
#   5. the agenda with rendered texts; the day's notes as a PDF
#   6. the calendar feed by its secret link
#   7. webhooks (admins; private destinations refused unless allowed): a
#      meeting logged through the API arrives signed
#   8. templates: unknown merge fields refused with line and column (422),
#      the honesty check's warnings
#   9. a restart three business days later: the callback opener filled in;
#      a graceful stop with the sending thread (no sanitizer report)
#
# Bodies with a member a route does not take are refused naming it (openapi.json
# says additionalProperties: false), never silently ignored.
#
# Users: admin; mgr (manager, east); reps ann and bob (east), cat (west).
. "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NOW=2026-11-24T15:00:00Z
DB="$T/out.db"
H() { "$HAWSER" --db "$DB" "$@"; }
umask 022 # as on most hosts: what the server writes to TMPDIR, others could read
PY=/usr/bin/python3
for c in curl jq sqlite3 pdfinfo pdftotext; do command -v $c >/dev/null || { nok "$c installed"; exit 0; }; done
$PY -c 'import aiosmtpd' 2>/dev/null || { nok "python3-aiosmtpd installed"; exit 0; }

SRV= SMTPD= HOOKD=
stop_server() { # SIG
	[ -n "$SRV" ] || return 0
	kill -"$1" "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
	SRV_RC=$?
	SRV=
}
trap 'stop_server KILL; kill $SMTPD $HOOKD 2>/dev/null; rm -rf "$T"' EXIT

# ---- a real SMTP server, and a webhook receiver that keeps every request ----
mkdir -p "$T/mail" "$T/hooks" "$T/tmp"
$PY "$ROOT/tests/e2e/smtpd.py" --port 0 --dir "$T/mail" >"$T/smtpd.log" 2>&1 &
SMTPD=$!
$PY - "$T/hooks" >"$T/hookd.log" 2>&1 <<'PY' &
import http.server, json, os, sys
d = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    n = 0
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        H.n += 1
        rec = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body.decode("utf-8")}
        with open(os.path.join(d, "%04d.tmp" % H.n), "w") as f:
            json.dump(rec, f)
        os.rename(os.path.join(d, "%04d.tmp" % H.n), os.path.join(d, "%04d.json" % H.n))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(os.path.join(d, "port"), "w").write(str(s.server_port))
s.serve_forever()
PY
HOOKD=$!
for _ in $(seq 100); do [ -s "$T/mail/ready" ] && [ -s "$T/hooks/port" ] && break; sleep 0.1; done
SMTP_PORT=$(head -1 "$T/mail/ready" 2>/dev/null)
HOOK_PORT=$(cat "$T/hooks/port" 2>/dev/null)
[ -n "$SMTP_PORT" ] && [ -n "$HOOK_PORT" ] || { nok "smtpd and the webhook receiver listen" "$(cat "$T/smtpd.log" "$T/hookd.log")"; exit 0; }

# ---- fixture: leads with known fields, demo leads around them, users ----
cat >"$T/leads.csv" <<'EOF'
First Name,Last Name,Title,Company,Phone,Email,Street,City,State,Postal Code,Country,LinkedIn
Zoë,Allen,VP Sales,Bright Point,+1 914 555 0101,zoe@brightpoint.example,12 Main St,New York,NY,10001,US,
Ben,Okafor,Head of Sales,Northwind,+1 914 555 0102,ben@northwind.example,5 Elm St,New York,NY,10002,US,
,Nameless,Director,Contoso,+1 914 555 0103,nameless@contoso.example,1 Oak St,New York,NY,10003,US,
Lin,Kedin,CTO,Fabrikam,+1 914 555 0104,,,,NY,,US,https://www.linkedin.com/in/lin-kedin-example
Cal,Back,CEO,Initech,+1 914 555 0105,cal@initech.example,,,NY,,US,
Mia,Meet,COO,Globex,+1 914 555 0106,mia@globex.example,,,NY,,US,
EOF
H demo --rows 30 --mix us >/dev/null || nok "fixture: demo leads"
check_eq "fixture: six leads imported, none merged into a demo lead" "6 0" \
	"$(H --json import "$T/leads.csv" --region US | jq -r '"\(.imported) \(.merged)"')"
adduser() { # LOGIN ROLE CALLER_ID NAME [TEAM]
	echo 'password1' | H user add "$1" --name "$4" --role "$2" ${5:+--team "$5"} \
		--tz America/New_York --caller-id "$3" --password-stdin >/dev/null || nok "fixture: user $1"
}
adduser admin admin +12125550190 "Ada Admin"
adduser mgr manager +12125550191 "Max Manager" east
adduser ann rep +12125550192 "Ann Rep" east
adduser bob rep +12125550193 "Bob Rep" east
adduser cat rep +12125550194 "Cat Rep" west
sq() { sqlite3 "$DB" "$@"; }
id_of() { sq "SELECT max(id) FROM leads WHERE last_name = '$1'"; } # after the demo's
uid_of() { sq "SELECT id FROM users WHERE login = '$1'"; }
LA=$(id_of Allen) LB=$(id_of Okafor) LN=$(id_of Nameless) LL=$(id_of Kedin) LCB=$(id_of Back) LM=$(id_of Meet)
sq "UPDATE leads SET owner_id = $(uid_of ann) WHERE id IN ($LA, $LN, $LL, $LCB, $LM);
    UPDATE leads SET owner_id = $(uid_of cat) WHERE id = $LB"

start_server() { # N EXTRA-ARGS... — sets SRV, BASE
	local out="$T/srv$1.out" i
	shift
	TMPDIR="$T/tmp" "$HAWSER" --db "$DB" --json serve --listen 127.0.0.1:0 "$@" >"$out" 2>>"$T/srv.err" &
	SRV=$!
	for i in $(seq 300); do
		grep -q '"url"' "$out" 2>/dev/null && break
		kill -0 "$SRV" 2>/dev/null || break
		sleep 0.1
	done
	BASE=$(jq -r '.url // empty' "$out" 2>/dev/null | head -n 1)
	BASE=${BASE%/}
	[ -n "$BASE" ]
}
start_server 1 --now "$NOW" --send-every 1 || { nok "serve --send-every 1 starts" "$(cat "$T/srv.err")"; exit 0; }
ok "serve --send-every 1 starts"

# ---- requests: req, as, expect, check_jq, login (tests/e2e/lib.sh) ----
for u in admin mgr ann bob cat; do
	login $u
	[ "$s" = 200 ] || nok "login $u" "$s $(body)"
done
# wait_for SECONDS CMD... — until CMD succeeds (polling every 0.1 s)
wait_for() { local n=$(($1 * 10)); shift; while ! "$@" 2>/dev/null; do n=$((n - 1)); [ $n -gt 0 ] || return 1; sleep 0.1; done; }

# ==== 1. mail settings and profiles ==========================================
for u in ann mgr; do
	s=$(as $u GET /api/v1/mail)
	expect "GET mail as $u: 403" 403 "$s"
	s=$(as $u PUT /api/v1/mail '{"mail.company":"Mine"}')
	expect "PUT mail as $u: 403" 403 "$s"
done
MAIL=$(jq -nc --arg u "smtp://127.0.0.1:$SMTP_PORT" --arg b "$BASE" \
	'{"smtp.url":$u,"smtp.password":"hunter2-secret","mail.company":"Hawser Demo Inc.",
	  "mail.address":"1 Harbour St, Portland, ME 04101","mail.public_url":$b}')
s=$(as admin PUT /api/v1/mail "$MAIL")
expect "PUT mail as admin: 200" 200 "$s"
check_jq "PUT mail: the settings answered, the password only as (set)" \
	".\"smtp.url\" == \"smtp://127.0.0.1:$SMTP_PORT\" and .\"smtp.password\" == \"(set)\" and .\"smtp.user\" == null"
s=$(as admin GET /api/v1/mail)
expect "GET mail as admin: 200" 200 "$s"
if grep -q hunter2 "$T/b"; then nok "GET mail never shows the password"; else ok "GET mail never shows the password"; fi
check_eq "the audit row names the settings changed, not the password" "1 0" \
	"$(sq "SELECT count(*) || ' ' || coalesce(sum(detail LIKE '%hunter2%'), 0) FROM audit_log WHERE action = 'mail_config'")"
s=$(as admin PUT /api/v1/mail '{"mail.company":"Evil\r\nBcc: all@example.com"}')
expect "PUT mail: a CR/LF in a value: 400 naming it" 400 "$s" mail.company
s=$(as admin PUT /api/v1/mail '{"smtp.user":"u\nMAIL FROM:<x@y>"}')
expect "PUT mail: a line break in smtp.user: 400 naming it" 400 "$s" smtp.user
s=$(as admin PUT /api/v1/mail '{"mail.address":"1 Harbour St\r\nPortland"}')
expect "PUT mail: a CR in the postal address: 400 naming it" 400 "$s" mail.address
s=$(as admin PUT /api/v1/mail "{\"smtp.url\":\"smtp://ann:hunter3@127.0.0.1:$SMTP_PORT\"}")
expect "PUT mail: a password in smtp.url: 400 naming it" 400 "$s" smtp.url
s=$(as admin PUT /api/v1/mail '{"smtp.url":"http://127.0.0.1/"}')
expect "PUT mail: smtp.url not smtp:// or smtps://: 400 naming it" 400 "$s" smtp.url
# one set at the command line (which takes anything) is not shown either
sq "UPDATE settings SET value = 'smtp://ann:hunter3@127.0.0.1:$SMTP_PORT' WHERE name = 'smtp.url'"
s=$(as admin GET /api/v1/mail)
if grep -q hunter3 "$T/b"; then nok "GET mail never shows a password in smtp.url" "$(body)"
else ok "GET mail never shows a password in smtp.url"; fi
check_jq "... the URL shown without it" ".\"smtp.url\" == \"smtp://(hidden)@127.0.0.1:$SMTP_PORT\""
sq "UPDATE settings SET value = 'smtp://127.0.0.1:$SMTP_PORT' WHERE name = 'smtp.url'"
s=$(as admin PUT /api/v1/mail '{"smtp.host":"x"}')
expect "PUT mail: an unknown setting: 400 naming it" 400 "$s" smtp.host
s=$(as admin PUT /api/v1/mail '{"mail.company":5}')
expect "PUT mail: a number: 400 naming it" 400 "$s" mail.company
s=$(as admin GET /api/v1/mail)
check_jq "refused PUTs changed nothing" '."mail.company" == "Hawser Demo Inc." and ."smtp.user" == null'

s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" \
	'{"email":"ann@hawser-demo.example","purpose":"we help sales teams call at the right moment"}')
expect "PUT profile: a rep her own: 200" 200 "$s"
check_jq "PUT profile: answered" '.email == "ann@hawser-demo.example" and (.purpose | startswith("we help"))'
s=$(as ann PUT "/api/v1/users/${UID_[cat]}/profile" '{"email":"x@example.com"}')
expect "PUT profile: a rep another's: 404" 404 "$s"
s=$(as mgr PUT "/api/v1/users/${UID_[ann]}/profile" '{"email":"x@example.com"}')
expect "PUT profile: a manager their rep's: 403" 403 "$s"
s=$(as admin PUT "/api/v1/users/${UID_[cat]}/profile" '{"email":"cat@hawser-demo.example","purpose":"we help sales teams"}')
expect "PUT profile: an admin anyone's: 200" 200 "$s"
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" '{"email":"ann@evil.example","role":"admin","team":"west"}')
expect "PUT profile: a member it does not take (role): 400 naming it" 400 "$s" role
check_eq "... and nothing changed" "ann@hawser-demo.example rep" "$(sq "SELECT email || ' ' || role FROM users WHERE login = 'ann'")"
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" '{"emial":"ann@evil.example"}')
expect "PUT profile: a misspelt member: 400 naming it" 400 "$s" emial
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" '{"email":"not-an-address"}')
expect "PUT profile: a bad email: 400 naming email" 400 "$s" email
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" '{"purpose":"two\nlines"}')
expect "PUT profile: a purpose of two lines: 400 naming purpose" 400 "$s" purpose
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/profile" '{"purpose":"we help {{lead.frist_name}}"}')
expect "PUT profile: an unknown merge field in the purpose: 400 naming purpose" 400 "$s" purpose
check_jq "... the message says which field, where" '.error.message | test("lead.frist_name") and test("purpose:1:9:")' 
check_eq "refused profiles changed nothing" "ann@hawser-demo.example" "$(sq "SELECT email FROM users WHERE login = 'ann'")"

# ==== 2. a voicemail's email, sent by the server itself ========================
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail"}')
expect "a voicemail logged through the API: 201" 201 "$s"
if wait_for 15 test -s "$T/mail/0001.json"; then ok "the follow-up email arrives at the SMTP server (--send-every 1)"
else nok "the follow-up email arrives at the SMTP server (--send-every 1)" "$(ls "$T/mail"; tail -5 "$T/srv.err")"; fi
$PY "$ROOT/tests/e2e/smtpd.py" --parse "$T/mail/0001.eml" >"$T/eml.json" 2>&1
jq -r '.parts[0].body_hex' "$T/eml.json" | xxd -r -p | tr -d '\r' >"$T/body.txt"
check_eq "email: to Zoë from Ann's own address and name" "zoe@brightpoint.example ann@hawser-demo.example Ann Rep" \
	"$(jq -r '"\(.to_addr) \(.from_addr) \(.from_name)"' "$T/eml.json")"
check_eq "email: the template's subject" "My voicemail today" "$(jq -r .subject "$T/eml.json")"
check_grep "email: the body rendered" "^Hello Zoë,$" "$T/body.txt"
check_grep "email: the purpose filled in" "In one line: we help sales teams call at the right moment" "$T/body.txt"
if grep -q '{{' "$T/body.txt"; then nok "email: no merge field left" "$(cat "$T/body.txt")"; else ok "email: no merge field left"; fi
check_grep "email: the postal address" "^1 Harbour St, Portland, ME 04101$" "$T/body.txt"
check_grep "email: the opt-out link, served by this server" "To stop receiving these emails: $BASE/o/[A-Za-z0-9_-]{43}$" "$T/body.txt"
LU=$(jq -r '.headers[] | select(.[0] == "List-Unsubscribe") | .[1]' "$T/eml.json")
TOKEN=$(sed -n 's|^<.*/o/\([A-Za-z0-9_-]*\)>$|\1|p' <<<"$LU")
check_eq "email: List-Unsubscribe carries the same link" "<$BASE/o/$TOKEN>" "$LU"
check_grep "email: the same link in the body" "/o/$TOKEN$" "$T/body.txt"
check_eq "email: List-Unsubscribe-Post: one-click" "List-Unsubscribe=One-Click" \
	"$(jq -r '.headers[] | select(.[0] == "List-Unsubscribe-Post") | .[1]' "$T/eml.json")"
wait_for 5 test "$(sq "SELECT count(*) FROM touches WHERE lead_id = $LA AND channel = 'email' AND outcome = 'sent'")" = 1
check_eq "email: recorded as a touch" 1 "$(sq "SELECT count(*) FROM touches WHERE lead_id = $LA AND channel = 'email' AND outcome = 'sent'")"

s=$(as ann GET /api/v1/outbox)
expect "outbox: 200" 200 "$s"
check_jq "outbox: Ann's email, sent" "[.outbox[] | select(.lead == $LA)] | length == 1 and .[0].status == \"sent\" and .[0].to == \"zoe@brightpoint.example\" and .[0].subject == \"My voicemail today\""
s=$(as cat GET /api/v1/outbox)
check_jq "outbox: another team's rep sees none of it" "[.outbox[] | select(.lead == $LA)] | length == 0"
s=$(as cat GET "/api/v1/outbox?lead=$LA")
expect "outbox?lead= another's lead: 404 naming lead" 404 "$s" lead
s=$(as mgr GET "/api/v1/outbox?lead=$LA&limit=5")
check_jq "outbox?lead=: the team's manager sees it" 'length > 0 and (.outbox | length == 1)'
s=$(as admin GET "/api/v1/outbox?limit=0")
expect "outbox?limit=0: 400 naming limit" 400 "$s" limit

# ==== 3. the opt-out link ======================================================
s=$(req "/o/$TOKEN")
expect "GET /o/TOKEN without a session: 200" 200 "$s"
check_grep "the page asks" "Stop sales email from us\?" "$T/b"
check_grep "the page's form posts to the same address" '<form method="post">' "$T/b"
if grep -qi 'action=' "$T/b" || grep -q "$TOKEN" "$T/b"; then nok "the page has no form action and no token" "$(cat "$T/b")"
else ok "the page has no form action and no token"; fi
case "$(hdr Content-Type)" in text/html*) ok "the page is text/html" ;; *) nok "the page is text/html" "$(hdr Content-Type)" ;; esac
case "$(hdr Content-Security-Policy)" in *"default-src 'self'"*"form-action 'self'"*) ok "the page keeps the security headers" ;;
*) nok "the page keeps the security headers" "$(cat "$T/h")" ;; esac
check_eq "a GET stops nothing" 0 "$(sq "SELECT count(*) FROM suppressions WHERE kind = 'email'")"
s=$(req /o/not-a-known-token)
check_eq "GET /o/UNKNOWN: 404, a text for people" "404 text/plain" "$s $(hdr Content-Type | cut -d';' -f1)"
s=$(req -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'List-Unsubscribe=One-Click' "/o/$TOKEN")
expect "POST /o/TOKEN one-click, no session, no CSRF token: 200" 200 "$s"
check_grep "the answer is the confirmation page" "no more sales email" "$T/b"
check_eq "the address is suppressed for email, as an opt-out" "opt_out" \
	"$(sq "SELECT source FROM suppressions WHERE kind = 'email' AND value = 'zoe@brightpoint.example'")"
check_eq "the opt-out is audited" 1 "$(sq "SELECT count(*) FROM audit_log WHERE action = 'email_opt_out' AND object_id = $LA")"
s=$(req -X POST "/o/$TOKEN")
expect "POST /o/TOKEN again (empty body): 200, no error" 200 "$s"
s=$(req -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'List-Unsubscribe=One-Click' /o/not-a-known-token)
check_eq "POST /o/UNKNOWN: 404" 404 "$s"
check_grep "POST /o/UNKNOWN: says the link is not known" "not known" "$T/b"
s=$(req -X DELETE "/o/$TOKEN")
expect "DELETE /o/TOKEN: 405" 405 "$s"
# the exemption is for the opt-out alone: other writes still need the CSRF token
s=$(as nocsrf:ann POST /api/v1/me/calendar)
expect "a cookie POST elsewhere without X-CSRF-Token: still 403" 403 "$s" X-CSRF-Token
# a later email task to the opted-out address ends, saying why, never sent
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail"}')
expect "a second voicemail for the opted-out lead: 201" 201 "$s"
ET=$(sq "SELECT max(id) FROM tasks WHERE lead_id = $LA AND channel = 'email'")
wait_for 5 test -n "$(sq "SELECT hold_reason FROM tasks WHERE id = ${ET:-0}")"
s=$(as ann GET "/api/v1/tasks/$ET")
check_jq "the second email task is cancelled: opted out" '.status == "cancelled" and (.held | test("opted out"))'
check_eq "no second email went" 1 "$(ls "$T"/mail/*.eml | wc -l)"

# ==== 4. tasks: shown, held, done; who may ======================================
for L in $LA $LN; do
	s=$(as ann POST "/api/v1/leads/$L/touches" '{"outcome":"brush_off"}')
	expect "a brush-off for lead $L: 201" 201 "$s"
done
s=$(as cat POST "/api/v1/leads/$LB/touches" '{"outcome":"brush_off"}')
expect "a brush-off for Cat's lead: 201" 201 "$s"
s=$(as ann POST "/api/v1/leads/$LL/touches" '{"outcome":"wrong_number"}')
expect "a wrong number (no other): 201" 201 "$s"
task_of() { sq "SELECT id FROM tasks WHERE lead_id = $1 AND channel = '$2' AND status = 'open' ORDER BY id DESC LIMIT 1"; }
NA=$(task_of $LA note) NN=$(task_of $LN note) NB=$(task_of $LB note) LI=$(task_of $LL linkedin)
CA=$(task_of $LA call) EL=$(task_of $LL email)
s=$(as ann GET "/api/v1/tasks/$NA")
expect "GET task: own lead's note: 200" 200 "$s"
check_jq "GET task: id, lead, channel, status, template, due_from, held" \
	".id == $NA and .lead == $LA and .channel == \"note\" and .status == \"open\" and .template == \"bad-time-note\" and (.due_from | test(\"^2026-11-\")) and .held == null"
check_jq "GET task: the note rendered for Zoë" \
	'(.text.body | startswith("Dear Zoë,")) and .text.subject == "I called at a bad time" and (.text.body | contains("{{") | not)'
s=$(as ann GET "/api/v1/tasks/$NN")
check_jq "GET task: a missing first name: cannot_render names the field" \
	'(.cannot_render | test("lead.first_name")) and (has("text") | not)'
s=$(as ann GET "/api/v1/tasks/$LI")
check_jq "GET task: LinkedIn: the profile link and the text" \
	'.channel == "linkedin" and .text.linkedin == "https://www.linkedin.com/in/lin-kedin-example" and (.text.body | startswith("Hello Lin,"))'
s=$(as ann GET "/api/v1/tasks/$CA")
check_jq "GET task: a call: nothing to render" '.channel == "call" and (.cannot_render | test("call"))'
wait_for 5 test -n "$(sq "SELECT hold_reason FROM tasks WHERE id = ${EL:-0}")"
s=$(as ann GET "/api/v1/tasks/$EL")
check_jq "GET task: an email without an address is held, saying why" '.held | test("no email address")'
# the matrix: ann's lead (team east), Cat's lead (team west)
matrix() { # NAME TASK WHO WANT
	s=$(as "$3" GET "/api/v1/tasks/$2")
	expect "GET task: $1 as $3: $4" "$4" "$s"
}
matrix "Ann's note" "$NA" ann 200
matrix "Ann's note" "$NA" bob 404
matrix "Ann's note" "$NA" cat 404
matrix "Ann's note" "$NA" mgr 200
matrix "Ann's note" "$NA" admin 200
matrix "Cat's note" "$NB" cat 200
matrix "Cat's note" "$NB" ann 404
matrix "Cat's note" "$NB" mgr 404
matrix "Cat's note" "$NB" admin 200
s=$(as anon GET "/api/v1/tasks/$NA")
expect "GET task without a session: 401" 401 "$s"
s=$(as ann GET /api/v1/tasks/999999)
expect "GET task: unknown: 404" 404 "$s"
s=$(as cat POST "/api/v1/tasks/$LI/done" '{"note":"mine now"}')
expect "POST done: another team's rep: 404" 404 "$s"
s=$(as bob POST "/api/v1/tasks/$LI/done")
expect "POST done: a teammate rep: 404" 404 "$s"
s=$(as mgr POST "/api/v1/tasks/$CA/done")
expect "POST done: a call task: 409" 409 "$s"
s=$(as ann POST "/api/v1/tasks/$LI/done" '{"notes":"misspelt"}')
expect "POST done: a member it does not take: 400 naming it" 400 "$s" notes
check_eq "... and the task stays open" open "$(sq "SELECT status FROM tasks WHERE id = $LI")"
s=$(as ann POST "/api/v1/tasks/$LI/done" '{"note":5}')
expect "POST done: a note that is not text: 400 naming note" 400 "$s" note
s=$(as ann POST "/api/v1/tasks/$LI/done" '{"note":"sent from my phone"}')
expect "POST done: Ann's LinkedIn task: 200" 200 "$s"
check_jq "POST done: the task and its touch" ".task == $LI and .touch > 0"
check_eq "POST done: the touch, with the note" "linkedin|sent|sent from my phone" \
	"$(sq "SELECT channel, outcome, notes FROM touches WHERE id = $(jb .touch)")"
s=$(as ann POST "/api/v1/tasks/$LI/done")
expect "POST done again (no body): 404, it is closed" 404 "$s"
s=$(as mgr POST "/api/v1/tasks/$EL/done")
expect "POST done: the team's manager, for the held email: 200" 200 "$s"

# ==== 5. the agenda, and the day's notes as a PDF ================================
s=$(as ann GET /api/v1/agenda)
expect "agenda: 200" 200 "$s"
check_jq "agenda: the note rendered, with its subject, not held" \
	"[.tasks[] | select(.task == $NA)][0] | (.text | startswith(\"Dear Zoë,\")) and .subject == \"I called at a bad time\" and .held == null and .linkedin == null"
check_jq "agenda: the unrenderable note says why" "[.tasks[] | select(.task == $NN)][0].cannot_render | test(\"first_name\")"
check_jq "agenda: calls carry no text" '[.tasks[] | select(.channel == "call") | has("text") or has("cannot_render")] | any | not'
s=$(as mgr POST /api/v1/notes/print "{\"user\":${UID_[cat]}}")
expect "notes print: a manager, another team's rep: 404 naming user" 404 "$s" user
s=$(as ann POST /api/v1/notes/print "{\"user\":${UID_[bob]}}")
expect "notes print: a rep, another's: 404 naming user" 404 "$s" user
s=$(as ann POST /api/v1/notes/print '{"day":"2026-02-30x"}')
expect "notes print: a bad day: 400 naming day" 400 "$s" day
s=$(as ann POST /api/v1/notes/print '{"date":"2026-11-25"}')
expect "notes print: a member it does not take (date): 400 naming it" 400 "$s" date
for day in 2026-1-011 " 2026-1-01" 2026-11-2x +2026-1-01; do
	s=$(as ann POST /api/v1/notes/print "{\"day\":\"$day\"}")
	expect "notes print: day '$day' is not YYYY-MM-DD: 400 naming day" 400 "$s" day
done
check_eq "refused prints printed nothing" open "$(sq "SELECT status FROM tasks WHERE id = $NA")"
# what appears in TMPDIR while the PDF is made must be readable by this user
# alone (the PDF holds leads' names and addresses): watch it during the print
$PY - "$T/tmp" "$T/watch" <<'PY' &
import os, stat, sys
d, out = sys.argv[1], sys.argv[2]
seen = {}
open(out + ".ready", "w").close()
while not os.path.exists(out + ".stop"):
    for e in os.scandir(d):
        try:
            st = e.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        seen.setdefault(e.name, set()).add(stat.S_IMODE(st.st_mode))
with open(out, "w") as f:
    for k, v in sorted(seen.items()):
        f.write("%s %s\n" % (k, " ".join("%03o" % m for m in sorted(v))))
PY
WATCH=$!
wait_for 5 test -e "$T/watch.ready"
s=$(as ann POST /api/v1/notes/print)
expect "notes print: Ann's day: 200" 200 "$s"
: >"$T/watch.stop"
wait $WATCH 2>/dev/null
if ! [ -s "$T/watch" ]; then
	nok "notes print: the watcher saw the temporary file" "nothing seen in TMPDIR"
elif awk '{for (i = 2; i <= NF; i++) if (substr($i, 2) != "00") bad = 1} END {exit !bad}' "$T/watch"; then
	nok "notes print: nothing in TMPDIR is readable by others, even for a moment" "$(cat "$T/watch")"
else ok "notes print: nothing in TMPDIR is readable by others, even for a moment"; fi
case "$(hdr Content-Type)" in application/pdf*) ok "notes print: application/pdf" ;; *) nok "notes print: application/pdf" "$(hdr Content-Type)" ;; esac
check_eq "notes print: attachment notes-DAY.pdf" 'attachment; filename="notes-2026-11-24.pdf"' "$(hdr Content-Disposition)"
check_eq "notes print: printed 1, held 1 (X-Hawser-Printed, X-Hawser-Held)" "1 1" "$(hdr X-Hawser-Printed) $(hdr X-Hawser-Held)"
cp "$T/b" "$T/notes.pdf"
check_eq "notes print: one page (pdfinfo)" 1 "$(pdfinfo "$T/notes.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
pdftotext "$T/notes.pdf" "$T/notes.txt" 2>/dev/null
check_grep "notes print: the note's text (pdftotext)" "Dear Zoë," "$T/notes.txt"
check_grep "notes print: the rep's purpose" "because we help sales teams call at the" "$T/notes.txt"
check_eq "notes print: the note is done, a touch" "done 1" \
	"$(sq "SELECT status FROM tasks WHERE id = $NA") $(sq "SELECT count(*) FROM touches WHERE task_id = $NA AND channel = 'note'")"
check_eq "notes print: the held note stays open" open "$(sq "SELECT status FROM tasks WHERE id = $NN")"
check_eq "notes print: no temporary file left" "" "$(ls -A "$T/tmp")"
s=$(as ann POST /api/v1/notes/print '{"day":"2026-11-24"}')
expect "notes print again: 404 naming day" 404 "$s" day
check_jq "notes print again: nothing to print, and how many are held" \
	'.error.message | test("nothing to print for 2026-11-24") and test("1 held")'
s=$(as admin POST /api/v1/notes/print "{\"user\":${UID_[cat]}}")
expect "notes print: an admin, Cat's: 200" 200 "$s"
cp "$T/b" "$T/cat.pdf"
pdftotext "$T/cat.pdf" "$T/cat.txt" 2>/dev/null
check_grep "notes print: Cat's note for Ben" "Dear Ben," "$T/cat.txt"

# ==== 6. the calendar feed ===================================================
s=$(as ann POST "/api/v1/leads/$LCB/touches" '{"outcome":"callback","at":"2026-11-26 11:00"}')
expect "a callback for Thursday 11:00: 201" 201 "$s"
s=$(as ann POST /api/v1/me/calendar)
expect "POST me/calendar: 201" 201 "$s"
URL=$(jb .url)
case "$URL" in "$BASE"/ical/*.ics) ok "the calendar link is under the public URL" ;; *) nok "the calendar link is under the public URL" "$URL" ;; esac
s=$(curl -s -o "$T/cal.ics" -D "$T/h" -w '%{http_code}' "$URL")
expect "GET the feed without a session: 200" 200 "$s"
case "$(hdr Content-Type)" in "text/calendar; charset=utf-8") ok "the feed is text/calendar; charset=utf-8" ;; *) nok "the feed is text/calendar; charset=utf-8" "$(hdr Content-Type)" ;; esac
# unfold the lines (RFC 5545), then read the callback's event
tr -d '\r' <"$T/cal.ics" | sed ':a;N;$!ba;s/\n //g' >"$T/cal.txt"
check_grep "the feed: a calendar" "^BEGIN:VCALENDAR$" "$T/cal.txt"
check_grep "the feed: the callback" "^SUMMARY:Call back Cal Back \(Initech\)$" "$T/cal.txt"
check_grep "the feed: at 11:00 New York time on Thursday" "^DTSTART(;TZID=America/New_York:20261126T110000|:20261126T160000Z)$" "$T/cal.txt"
s=$(req "/ical/$(printf 'x%.0s' {1..43}).ics")
expect "an unknown secret: 404" 404 "$s"
s=$(as ann POST /api/v1/me/calendar)
s=$(curl -s -o /dev/null -w '%{http_code}' "$URL")
check_eq "a new link: the old one answers 404" 404 "$s"
s=$(curl -s -o /dev/null -w '%{http_code}' "$(jb .url)")
check_eq "... and the new one 200" 200 "$s"

# ==== 7. webhooks ==============================================================
HOOK="http://127.0.0.1:$HOOK_PORT/hook"
s=$(as ann GET /api/v1/webhooks)
expect "GET webhooks as a rep: 403" 403 "$s"
s=$(as mgr POST /api/v1/webhooks "{\"url\":\"$HOOK\",\"events\":\"meeting.booked\",\"allow_private\":true}")
expect "POST webhooks as a manager: 403" 403 "$s"
s=$(as admin POST /api/v1/webhooks "{\"url\":\"$HOOK\",\"events\":\"meeting.booked\"}")
expect "POST webhooks: a loopback address without allow_private: 400 naming url" 400 "$s" url
s=$(as admin POST /api/v1/webhooks "{\"url\":\"$HOOK\",\"events\":\"meeting.booked,party.started\",\"allow_private\":true}")
expect "POST webhooks: an unknown event: 400 naming events" 400 "$s" events
s=$(as admin POST /api/v1/webhooks "{\"url\":\"$HOOK\",\"events\":\"meeting.booked\",\"allowPrivate\":true}")
expect "POST webhooks: a misspelt member: 400 naming it" 400 "$s" allowPrivate
s=$(as admin POST /api/v1/webhooks "{\"url\":\"ftp://example.com/x\",\"events\":\"meeting.booked\"}")
expect "POST webhooks: not http(s): 400 naming url" 400 "$s" url
s=$(as admin POST /api/v1/webhooks "{\"url\":\"$HOOK\",\"events\":\"meeting.booked\",\"allow_private\":true}")
expect "POST webhooks: allowed private: 201" 201 "$s"
check_jq "POST webhooks: the secret shown once" '.id > 0 and .allow_private == true and (.secret | length >= 16)'
WH=$(jb .id) SECRET=$(jb .secret)
s=$(as admin GET /api/v1/webhooks)
check_jq "GET webhooks: listed, no secret" "[.webhooks[] | select(.id == $WH)] | length == 1 and .[0].active and (.[0] | has(\"secret\") | not)"
s=$(as ann POST "/api/v1/leads/$LM/touches" '{"outcome":"meeting","at":"2026-11-30 14:00"}')
expect "a meeting logged through the API: 201" 201 "$s"
if wait_for 15 test -s "$T/hooks/0001.json"; then ok "the webhook arrives"; else nok "the webhook arrives" "$(tail -5 "$T/srv.err")"; fi
$PY - "$T/hooks/0001.json" "$SECRET" "$LM" >"$T/sig.out" 2>&1 <<'PY'
import hashlib, hmac, json, sys
r = json.load(open(sys.argv[1]))
h = r["headers"]
want = "sha256=" + hmac.new(sys.argv[2].encode(), (h["x-hawser-timestamp"] + "." + r["body"]).encode(),
                            hashlib.sha256).hexdigest()
b = json.loads(r["body"])
print(h["x-hawser-event"], h["x-hawser-signature"] == want, b["event"], b["lead_id"] == int(sys.argv[3]),
      r["path"], h["content-type"].split(";")[0])
PY
check_eq "the webhook: meeting.booked, signed (HMAC recomputed), for the lead, JSON" \
	"meeting.booked True meeting.booked True /hook application/json" "$(cat "$T/sig.out")"
wait_for 5 test "$(sq "SELECT status FROM webhook_deliveries WHERE webhook_id = $WH")" = delivered
s=$(as admin GET "/api/v1/webhooks/$WH/deliveries")
expect "GET deliveries: 200" 200 "$s"
check_jq "GET deliveries: delivered, status 200" '.deliveries[0].status == "delivered" and .deliveries[0].last_status == 200'
s=$(as ann GET "/api/v1/webhooks/$WH/deliveries")
expect "GET deliveries as a rep: 403" 403 "$s"
s=$(as admin GET /api/v1/webhooks/999/deliveries)
expect "GET deliveries of an unknown webhook: 404" 404 "$s"
s=$(as ann DELETE "/api/v1/webhooks/$WH")
expect "DELETE webhook as a rep: 403" 403 "$s"
s=$(as nocsrf:admin DELETE "/api/v1/webhooks/$WH")
expect "DELETE webhook without the CSRF token: 403" 403 "$s" X-CSRF-Token
s=$(as admin DELETE "/api/v1/webhooks/$WH")
expect "DELETE webhook as admin: 200" 200 "$s"
s=$(as admin DELETE "/api/v1/webhooks/$WH")
expect "DELETE webhook again: 404" 404 "$s"
check_eq "webhook add and remove are audited" 2 \
	"$(sq "SELECT count(*) FROM audit_log WHERE action IN ('webhook_add', 'webhook_remove') AND object_id = $WH")"
# the meeting's invitation went by email too, with its calendar part
wait_for 10 test -s "$T/mail/0002.json"
$PY "$ROOT/tests/e2e/smtpd.py" --parse "$T/mail/0002.eml" >"$T/inv.json" 2>&1
check_eq "the meeting's invitation: to Mia, with a text/calendar part" "mia@globex.example true" \
	"$(jq -r '"\(.to_addr) \([.parts[].content_type] | index("text/calendar") != null)"' "$T/inv.json")"

# ==== 8. templates ===============================================================
s=$(as ann PUT /api/v1/templates/my-note '{"channel":"note","body":"Hi"}')
expect "PUT template as a rep: 403" 403 "$s"
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"note","body":"Hello {{lead.frist_name}},\nsee you"}')
expect "PUT template: an unknown field: 422 naming it" 422 "$s" lead.frist_name
check_jq "PUT template: the error has line 1, column 7 and suggests" \
	'.error.line == 1 and .error.column == 7 and (.error.message | test("did you mean lead.first_name")) and .error.where == "template my-note"'
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"email","subject":"Hi {{lead.first_name","body":"x"}')
expect "PUT template: an unclosed field in the subject: 422" 422 "$s"
check_jq "PUT template: the error says it is the subject" '.error.where == "template my-note, subject" and .error.line == 1'
check_eq "refused templates are not saved" 0 "$(sq "SELECT count(*) FROM templates WHERE name = 'my-note'")"
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"fax","body":"x"}')
expect "PUT template: an unknown channel: 400 naming channel" 400 "$s" channel
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"note","body":"x","subjet":"Hi"}')
expect "PUT template: a misspelt member: 400 naming it" 400 "$s" subjet
s=$(as mgr PUT /api/v1/templates/my-mail '{"channel":"email","subject":"Hi\r\nBcc: all@example.com","body":"x"}')
expect "PUT template: a line break in the subject: 400 naming subject" 400 "$s" subject
s=$(as mgr PUT /api/v1/templates/my-mail "{\"channel\":\"email\",\"subject\":\"$(printf 's%.0s' {1..256})\",\"body\":\"x\"}")
expect "PUT template: a subject longer than is rendered (255 bytes): 400 naming subject" 400 "$s" subject
check_eq "... refused subjects are not saved either" 0 "$(sq "SELECT count(*) FROM templates WHERE name IN ('my-note', 'my-mail')")"
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"note"}')
expect "PUT template: no body: 400 naming body" 400 "$s" body
s=$(as mgr PUT "/api/v1/templates/$(printf 'n%.0s' {1..48})" '{"channel":"note","body":"x"}')
expect "PUT template: a name of 48 characters: 400 naming name" 400 "$s" name
s=$(as mgr PUT /api/v1/templates/my-note '{"channel":"note","subject":"A note","body":"Hi {{lead.first_name|there}},\nI am not trying to sell you anything."}')
expect "PUT template: a fallback, and a dishonest phrase: 200" 200 "$s"
check_jq "PUT template: the honesty check warns (line 2)" \
	'.name == "my-note" and .channel == "note" and ([.warnings[] | select(.rule == "not-selling" and .line == 2)] | length == 1)'
s=$(as admin GET /api/v1/templates)
check_jq "the template is saved" '[.templates[] | select(.name == "my-note" and .subject == "A note")] | length == 1'

# ==== 9. three business days later: the callback opener ============================
stop_server TERM
check_eq "SIGTERM stops the server and its sending thread cleanly (exit 0)" 0 "$SRV_RC"
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/srv.err"; then
	nok "no sanitizer report" "$(grep -m1 -A40 -E 'Sanitizer|runtime error' "$T/srv.err")"
else ok "no sanitizer report"; fi
# when the calls after the brush-offs are due (three business days on, in
# another time block; Thanksgiving is no business day)
CN=$(task_of $LN call)
LATER=$(date -u -d "@$(($(sq "SELECT max(due_from) FROM tasks WHERE id IN ($CA, $CN)") + 60))" +%Y-%m-%dT%H:%M:%SZ)
start_server 2 --now "$LATER" --send-every 0 || { nok "restart" "$(tail "$T/srv.err")"; exit 0; }
login ann
: >"$T/offerN.json"
for _ in 1 2 3 4 5 6 7 8; do
	s=$(as ann POST /api/v1/next)
	[ "$s" = 200 ] || break
	L=$(jb .lead.id)
	[ "$L" = "$LA" ] && cp "$T/b" "$T/offer.json"
	[ "$L" = "$LN" ] && cp "$T/b" "$T/offerN.json"
	[ -s "$T/offer.json" ] && [ -s "$T/offerN.json" ] && break
	as ann POST "/api/v1/leads/$L/touches" '{"outcome":"no_answer"}' >/dev/null
done
check_eq "next: Zoë's call refers to the note" "note" "$(jq -r '.refers_to.channel // empty' "$T/offer.json" 2>/dev/null)"
check_eq "next: the callback opener filled in for Zoë and Ann" \
	"Hello Zoë, this is Ann Rep. I sent you a note after I called at a bad time on Tuesday, November 24. Is now a better moment for one question?" \
	"$(jq -r '.opener.body // empty' "$T/offer.json" 2>/dev/null)"
check_eq "next: no opener with a hole: the lead without a first name gets none" "note false" \
	"$(jq -r '"\(.refers_to.channel // "-") \(has("opener"))"' "$T/offerN.json" 2>/dev/null)"
stop_server TERM
check_eq "the server without a sending thread stops cleanly too" 0 "$SRV_RC"
