#!/usr/bin/env bash
# tests/e2e/outreach.sh — follow-ups beyond the phone at the command line,
# against a real SMTP server on loopback (tests/e2e/smtpd.py, Debian's
# python3-aiosmtpd) and a webhook receiver on loopback: templates refused
# for unknown merge fields; a voicemail's follow-up email rendered, held when
# it would have a hole, sent, received as written, recorded as a touch;
# retries and final failures; a brush-off's note printed into a PDF the next
# day and marked done; a LinkedIn task shown and marked done; a meeting's
# invitation (.ics); a signed webhook; the calendar link.
. "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3
H() { "$HAWSER" "$@"; }

# ---- a real SMTP server ----
mkdir -p "$T/mail"
$PY "$ROOT/tests/e2e/smtpd.py" --port 0 --dir "$T/mail" >"$T/smtpd.log" 2>&1 &
SMTPD=$!
RECV=""
trap 'kill $SMTPD $RECV 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 100); do [ -s "$T/mail/ready" ] && break; sleep 0.1; done
PORT=$(head -1 "$T/mail/ready" 2>/dev/null)
check "smtpd: a real SMTP server listens on loopback" test -n "$PORT"

# ---- leads: with and without email, first name, address ----
cat >"$T/leads.csv" <<'EOF'
First Name,Last Name,Title,Company,Phone,Email,Street,City,State,Postal Code,Country,LinkedIn
Zoë,Allen,VP Sales,Bright Point,+1 212 555 0101,zoe@brightpoint.example,12 Main St,New York,NY,10001,US,https://www.linkedin.com/in/zoe-allen-example
Ben,Okafor,Head of Sales,Northwind,+1 212 555 0102,,5 Elm St,New York,NY,10002,US,
,Nameless,Director,Contoso,+1 212 555 0103,nameless@contoso.example,1 Oak St,New York,NY,10003,US,
Tia,Temp,CTO,Fabrikam,+1 212 555 0104,tempfail@fabrikam.example,,,NY,,US,
Rex,Reject,CEO,Initech,+1 212 555 0105,reject@initech.example,,,NY,,US,
EOF
check "import: five leads" H import "$T/leads.csv" --region US
H user add ada --name "Ada Rep" --caller-id "+1 212 555 0100" --tz America/New_York >/dev/null
id_of() { sqlite3 "$HAWSER_DB" "SELECT id FROM leads WHERE last_name = '$1'"; }
ZOE=$(id_of Allen) BEN=$(id_of Okafor) NONAME=$(id_of Nameless) TIA=$(id_of Temp) REX=$(id_of Reject)
sqlite3 "$HAWSER_DB" "UPDATE leads SET owner_id = (SELECT id FROM users WHERE login = 'ada')"

# ---- templates: merge fields checked at save ----
printf 'Hello {{lead.frist_name}},\nsee you.\n' >"$T/bad.txt"
check_fails "template set: an unknown field is refused" \
	H template set bad-one --channel email --subject Hi "$T/bad.txt"
H template set bad-one --channel email --subject Hi "$T/bad.txt" >"$T/out" 2>&1
check_grep "template set: the error names FILE:LINE:COLUMN and suggests" \
	"bad.txt:1:7.*lead.frist_name.*did you mean lead.first_name" "$T/out"
check_eq "template set: nothing saved" 0 \
	"$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM templates WHERE name = 'bad-one'")"
printf 'Hi {{lead.first_name|there}}\n' >"$T/ok.txt"
check_fails "template set: a subject with an unclosed field is refused" \
	H template set ok-one --channel email --subject 'Hi {{lead.first_name' "$T/ok.txt"
check "template set: a fallback is fine" H template set ok-one --channel email --subject Hi "$T/ok.txt"
H template fields >"$T/out"
check_grep "template fields: lists the fields with help" "^\{\{next_call.day\}\} +" "$T/out"

# ---- a voicemail's email: held until it can go without a hole ----
NOW=2027-01-19T15:00:00Z # Tuesday, 10:00 in New York
for L in $ZOE $BEN $NONAME $TIA $REX; do
	H log "$L" voicemail --user ada --now "$NOW" >/dev/null
done
H mail config --smtp "smtp://127.0.0.1:$PORT" >/dev/null
H send --once --now 2027-01-19T15:05:00Z --json >"$T/send1.json"
check_eq "send: without a sender address nothing is queued, all five held" \
	"0 5" "$(jq -r '"\(.queued) \(.held)"' "$T/send1.json")"
TASK=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $ZOE AND channel = 'email'")
H task show "$TASK" >"$T/out"
check_grep "task show: the hold says what to do" "held: .*no email address to send from.*user profile ada" "$T/out"
H user profile ada --email ada@hawser-demo.example --purpose "we help sales teams call at the right moment" >/dev/null
H send --once --now 2027-01-19T15:06:00Z --json >"$T/send2.json"
check_eq "send: a held task waits an hour before it is tried again" 0 "$(jq .queued "$T/send2.json")"
H send --once --now 2027-01-19T16:10:00Z --json >"$T/send3.json"
check_eq "send: still held: no postal address" 0 "$(jq .queued "$T/send3.json")"
H task show "$TASK" >"$T/out"
check_grep "task show: the postal address is required" "held: .*postal address.*mail config --address" "$T/out"
H mail config --company "Hawser Demo Inc." --address "1 Harbour St, Portland, ME 04101" \
	--public-url http://127.0.0.1:8080 >/dev/null
H send --once --now 2027-01-19T17:20:00Z --json >"$T/send4.json"
check_eq "send: two queued and sent, three held, tempfail retried, reject failed" \
	"3 2 1 1 1" "$(jq -r '"\(.queued) \(.held) \(.sent) \(.retry) \(.failed)"' "$T/send4.json")"

# what arrived
EML=$(ls "$T"/mail/*.eml 2>/dev/null | head -1)
check "smtpd: one email arrived" test -n "$EML"
$PY "$ROOT/tests/e2e/smtpd.py" --parse "$EML" >"$T/eml.json" 2>&1
jq -r '.parts[0].body_hex' "$T/eml.json" | xxd -r -p | tr -d '\r' >"$T/body.txt"
check_eq "email: to Zoë, from Ada's own address" "zoe@brightpoint.example ada@hawser-demo.example Ada Rep" \
	"$(jq -r '"\(.to_addr) \(.from_addr) \(.from_name)"' "$T/eml.json")"
check_eq "email: the template's subject" "My voicemail today" "$(jq -r .subject "$T/eml.json")"
check_grep "email: the body rendered, UTF-8 intact" "^Hello Zoë,$" "$T/body.txt"
check_grep "email: the purpose filled in" "In one line: we help sales teams call at the right moment" "$T/body.txt"
if grep -q '{{' "$T/body.txt"; then nok "email: no merge field left"; else ok "email: no merge field left"; fi
check_grep "email: the postal address" "^1 Harbour St, Portland, ME 04101$" "$T/body.txt"
check_grep "email: the opt-out link" "To stop receiving these emails: http://127.0.0.1:8080/o/[A-Za-z0-9_-]{43}$" "$T/body.txt"
jq -r '.headers[] | select(.[0] == "List-Unsubscribe") | .[1]' "$T/eml.json" >"$T/lu.txt"
check_grep "email: List-Unsubscribe header with the same link" "^<http://127.0.0.1:8080/o/" "$T/lu.txt"
check_eq "email: the envelope" '"ada@hawser-demo.example" ["zoe@brightpoint.example"]' \
	"$(jq -c '.mail_from, .rcpt_tos' "${EML%.eml}.json" | paste -sd' ')"
check_eq "email: recorded as a touch with its template" "email|sent|voicemail-follow-up" \
	"$(sqlite3 "$HAWSER_DB" "SELECT channel, outcome, template FROM touches WHERE lead_id = $ZOE AND channel = 'email'")"
check_eq "email: the task is done" done \
	"$(sqlite3 "$HAWSER_DB" "SELECT status FROM tasks WHERE id = $TASK")"

# the holes: Ben has no address, the nameless lead has no first name
BT=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $BEN AND channel = 'email'")
NT=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $NONAME AND channel = 'email'")
check_eq "held: no email address" "open|field 'email': the lead has no email address" \
	"$(sqlite3 "$HAWSER_DB" "SELECT status, substr(hold_reason, 1, 44) FROM tasks WHERE id = $BT")"
check_grep "held: a missing first name is named, never a blank" "no value for \{\{lead.first_name\}\}" \
	<(sqlite3 "$HAWSER_DB" "SELECT hold_reason FROM tasks WHERE id = $NT")
check_eq "held: nothing queued for them" 0 \
	"$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM outbox WHERE lead_id IN ($BEN, $NONAME)")"

# retries and failures
check_eq "retry: tempfail@ is queued again in a minute" "queued|1|60" \
	"$(sqlite3 "$HAWSER_DB" "SELECT status, attempts, next_try_at - strftime('%s', '2027-01-19T17:20:00Z') FROM outbox WHERE lead_id = $TIA")"
check_eq "failed: reject@ failed for good, the task ended with the reason (no second bounce)" "failed|cancelled|1" \
	"$(sqlite3 "$HAWSER_DB" "SELECT o.status, t.status, t.hold_reason IS NOT NULL FROM outbox o JOIN tasks t ON t.id = o.task_id WHERE o.lead_id = $REX")"
check_eq "failed: audited" 1 \
	"$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM audit_log WHERE action = 'email_failed' AND object_id = $REX")"
H send --once --now 2027-01-19T17:20:30Z --json >"$T/send5.json"
check_eq "retry: not before its time" 0 "$(jq .retry "$T/send5.json")"
H send --once --now 2027-01-19T17:21:01Z --json >"$T/send6.json"
check_eq "retry: then again, five minutes later next" "1 300" \
	"$(jq -r .retry "$T/send6.json") $(sqlite3 "$HAWSER_DB" "SELECT next_try_at - strftime('%s', '2027-01-19T17:21:01Z') FROM outbox WHERE lead_id = $TIA")"
H outbox --json >"$T/outbox.json"
check_eq "outbox: lists every email with its status" "failed queued sent" \
	"$(jq -r '[.[].status] | sort | join(" ")' "$T/outbox.json")"

# ---- a brush-off's note, printed the next day ----
H log "$BEN" brush_off --user ada --now 2027-01-20T15:00:00Z >/dev/null
NOTE=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $BEN AND channel = 'note' AND status = 'open'")
check "brush-off: a note task is planned" test -n "$NOTE"
H task show "$NOTE" >"$T/note.txt"
check_grep "note: apologises, refers to the day of the call" "bad time on Wednesday, January 20" "$T/note.txt"
check_grep "note: says when the rep calls again" "I will try you again on (Monday|Tuesday|Wednesday|Thursday|Friday)" "$T/note.txt"
H notes print --user ada --day 2027-01-21 --out "$T/notes.pdf" --now 2027-01-21T14:00:00Z >"$T/out" 2>&1
check_grep "notes print: one note, marked done" "notes.pdf: 1 note and letter on 1 page, marked done" "$T/out"
check_eq "notes print: a 5 x 7 card" "360 x 504" \
	"$(pdfinfo "$T/notes.pdf" | sed -n 's/^Page size: *\([0-9]*\) x \([0-9]*\) pts.*/\1 x \2/p')"
pdftotext -layout "$T/notes.pdf" "$T/notes.txt"
check_grep "notes print: addressed to Ben" "Ben Okafor" "$T/notes.txt"
check_grep "notes print: his street" "5 Elm St" "$T/notes.txt"
check_grep "notes print: the note's text" "Dear Ben," "$T/notes.txt"
pdftoppm -r 30 -png "$T/notes.pdf" "$T/page" && check "notes print: renders to PNG" test -s "$T/page-1.png"
check_eq "notes print: the task is done, with a touch" "done|note|sent" \
	"$(sqlite3 "$HAWSER_DB" "SELECT t.status, x.channel, x.outcome FROM tasks t JOIN touches x ON x.task_id = t.id WHERE t.id = $NOTE")"
H task show "$NOTE" --now 2027-01-21T14:01:00Z >"$T/note2.txt"
check_grep "note: after printing it still speaks of the call's day, not its own" \
	"bad time on Wednesday, January 20" "$T/note2.txt"
H notes print --user ada --day 2027-01-21 --out "$T/again.pdf" --now 2027-01-21T14:05:00Z >"$T/out" 2>&1
check_grep "notes print: printed once only" "nothing to print" "$T/out"
check "notes print: no empty PDF written" test ! -e "$T/again.pdf"

# a letter to a lead in Britain goes on A4
printf 'First Name,Last Name,Company,Phone,Email,Street,City,Postal Code,Country\nAmy,Hart,Globex,+44 20 7946 0123,amy@globex.example,10 Fleet St,London,EC4Y 1AA,GB\n' >"$T/gb.csv"
H import "$T/gb.csv" >/dev/null
AMY=$(id_of Hart)
printf 'Dear {{lead.first_name}},\n\nThank you for your time.\n\n{{user.name}}\n' >"$T/letter.txt"
H template set letter-hello --channel letter "$T/letter.txt" >/dev/null
sqlite3 "$HAWSER_DB" "UPDATE leads SET owner_id = (SELECT id FROM users WHERE login = 'ada') WHERE id = $AMY;
	INSERT INTO tasks (lead_id, channel, template, due_from, created_at, status, owner_id)
	VALUES ($AMY, 'letter', 'letter-hello', strftime('%s', '2027-01-21T09:00:00Z'), 0, 'open',
	(SELECT id FROM users WHERE login = 'ada'))"
H notes print --user ada --day 2027-01-21 --out "$T/letter.pdf" --now 2027-01-21T15:00:00Z >"$T/err" 2>&1
check_eq "letters: to Britain on A4" "595 x 842" \
	"$(pdfinfo "$T/letter.pdf" 2>&1 | sed -n 's/^Page size: *\([0-9]*\) x \([0-9]*\) pts.*/\1 x \2/p')"
pdftotext -layout "$T/letter.pdf" - | tr -s ' ' >"$T/letter-out.txt"
check_grep "letters: the address block with the country" "United Kingdom|GB" "$T/letter-out.txt"
check_grep "letters: the text" "Dear Amy," "$T/letter-out.txt"

# ---- LinkedIn after four unanswered calls: shown, done by hand ----
for d in 21 22 25 26; do
	H log "$ZOE" no_answer --user ada --now "2027-01-${d}T15:00:00Z" >/dev/null
done
LI=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $ZOE AND channel = 'linkedin' AND status = 'open'")
check "linkedin: a task after four unanswered calls" test -n "$LI"
H task show "$LI" --json >"$T/li.json"
check_eq "linkedin: the profile link and the message, filled in" \
	"https://www.linkedin.com/in/zoe-allen-example true" \
	"$(jq -r '"\(.linkedin) \(.body | startswith("Hello Zoë"))"' "$T/li.json")"
check_fails "task done: needs a user" H task done "$LI"
check "task done: marks it" H task done "$LI" --user ada --note "sent from my account" --now 2027-01-26T16:00:00Z
check_eq "task done: a linkedin touch" "linkedin|sent|sent from my account" \
	"$(sqlite3 "$HAWSER_DB" "SELECT channel, outcome, notes FROM touches WHERE task_id = $LI")"
check_fails "task done: twice is refused" H task done "$LI" --user ada
CALLT=$(sqlite3 "$HAWSER_DB" "SELECT id FROM tasks WHERE lead_id = $ZOE AND channel = 'call' AND status = 'open' LIMIT 1")
H task done "$CALLT" --user ada >"$T/out" 2>&1
check_grep "task done: a call is logged with its outcome instead" "is a call: log it" "$T/out"

# ---- webhooks ----
cat >"$T/recv.py" <<'EOF'
import http.server, json, sys
out = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "a") as f:
            f.write(json.dumps({"path": self.path, "headers": dict(self.headers), "body": body.decode()}) + "\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
EOF
$PY "$T/recv.py" "$T/recv.port" "$T/recv.jsonl" &
RECV=$!
for _ in $(seq 50); do [ -s "$T/recv.port" ] && break; sleep 0.1; done
RP=$(cat "$T/recv.port")
H webhook add "http://127.0.0.1:$RP/hook" --events meeting.booked >"$T/out" 2>&1
check_grep "webhook add: a loopback destination is refused" "127.0.0.1 is a loopback address.*allow private" "$T/out"
check_fails "webhook add: an unknown event is refused" H webhook add "http://127.0.0.1:$RP/hook" --events meeting.lost --allow-private
H webhook add "http://127.0.0.1:$RP/hook" --events meeting.booked,dnc.requested --allow-private \
	--secret 0123456789abcdef0123 --json >"$T/hook.json"
check_eq "webhook add: allowed by the admin" "meeting.booked,dnc.requested" "$(jq -r .events "$T/hook.json")"

# ---- a meeting: the invitation and the webhook ----
H log "$ZOE" meeting --at 2027-02-03T16:00:00Z --user ada --now 2027-01-27T15:00:00Z >/dev/null
N0=$(ls "$T"/mail/*.eml | wc -l)
H send --once --now 2027-01-27T15:01:00Z --json >"$T/send7.json"
check_eq "meeting: an invitation sent and the webhook delivered" "1 1 1" \
	"$(jq -r '"\(.invites) \(.sent) \(.webhooks)"' "$T/send7.json")"
INV=$(ls "$T"/mail/*.eml | sort | tail -1)
check_eq "meeting: one more email" $((N0 + 1)) "$(ls "$T"/mail/*.eml | wc -l)"
$PY "$ROOT/tests/e2e/smtpd.py" --parse "$INV" >"$T/inv.json"
check_eq "invitation: a text part and a calendar part" "text/plain text/calendar" \
	"$(jq -r '[.parts[].content_type] | join(" ")' "$T/inv.json")"
jq -r '.parts[1].body_hex' "$T/inv.json" | xxd -r -p |
	$PY -c 'import sys; sys.stdout.write(sys.stdin.read().replace("\r\n ", "").replace("\r", ""))' >"$T/inv.ics"
check_grep "invitation: METHOD:REQUEST" "^METHOD:REQUEST" "$T/inv.ics"
check_grep "invitation: at 11:00 in New York" "^DTSTART;TZID=America/New_York:20270203T110000" "$T/inv.ics"
check_grep "invitation: Zoë invited" "ATTENDEE.*mailto:zoe@brightpoint.example" "$T/inv.ics"
H send --once --now 2027-01-27T15:02:00Z --json >"$T/send8.json"
check_eq "meeting: invited once only" 0 "$(jq .invites "$T/send8.json")"
jq -r '.body' "$T/recv.jsonl" | head -1 >"$T/hook-body.txt"
check_eq "webhook: the event" "meeting.booked $ZOE" "$(jq -r '"\(.event) \(.lead_id)"' "$T/hook-body.txt")"
SIG=$(jq -r '.headers["X-Hawser-Signature"]' "$T/recv.jsonl" | head -1)
TS=$(jq -r '.headers["X-Hawser-Timestamp"]' "$T/recv.jsonl" | head -1)
WANT=$($PY -c 'import hmac,hashlib,sys; print("sha256=" + hmac.new(b"0123456789abcdef0123", sys.argv[1].encode() + b"." + open(sys.argv[2], "rb").read().rstrip(b"\n"), hashlib.sha256).hexdigest())' "$TS" "$T/hook-body.txt")
check_eq "webhook: signed with HMAC-SHA256 of timestamp.body" "$WANT" "$SIG"
H webhook deliveries --json >"$T/dl.json"
check_eq "webhook deliveries: delivered, status 200" "delivered 200" \
	"$(jq -r '.[0] | "\(.status) \(.last_status)"' "$T/dl.json")"

# the other events: a do-not-call request, an import finished
H log "$REX" do_not_call --user ada --now 2027-01-27T16:00:00Z >/dev/null
H webhook add "http://127.0.0.1:$RP/imports" --events import.finished --allow-private >/dev/null
printf 'First Name,Last Name,Phone\nNew,Person,+1 212 555 0106\n' >"$T/more.csv"
H import "$T/more.csv" --region US --now 2027-01-27T16:01:00Z >/dev/null
H send --once --now 2027-01-27T16:02:00Z --json >"$T/send9.json"
check_eq "webhooks: dnc.requested and import.finished delivered" 2 "$(jq .webhooks "$T/send9.json")"
check_eq "webhooks: each to the webhook that takes it" "/hook dnc.requested|/imports import.finished" \
	"$(tail -2 "$T/recv.jsonl" | jq -r '"\(.path // "") \(.body | fromjson | .event)"' | sed 's/^ //' | paste -sd'|')"

# ---- the shipped templates check and say nothing dishonest ----
H template list --json >"$T/tpl.json"
for name in bad-time-note voicemail-follow-up linkedin-connect callback-opener voicemail-script; do
	jq -r --arg n "$name" '.[] | select(.name == $n) | .body' "$T/tpl.json" >"$T/tpl-$name.txt"
	ch=$(jq -r --arg n "$name" '.[] | select(.name == $n) | .channel' "$T/tpl.json")
	subj=$(jq -r --arg n "$name" '.[] | select(.name == $n) | .subject // ""' "$T/tpl.json")
	check "shipped template $name: its merge fields check" \
		H template set "$name" --channel "$ch" ${subj:+--subject "$subj"} "$T/tpl-$name.txt"
done
check "shipped templates: lint finds nothing dishonest" H lint

# ---- the calendar link ----
H user ical ada --json >"$T/ical.json"
check_grep "user ical: a secret link under the public URL" '"url": *"http://127.0.0.1:8080/ical/[A-Za-z0-9_-]{43}\.ics"' "$T/ical.json"
check_eq "user ical: only its hash is stored" 32 \
	"$(sqlite3 "$HAWSER_DB" "SELECT length(ical_hash) FROM users WHERE login = 'ada'")"
