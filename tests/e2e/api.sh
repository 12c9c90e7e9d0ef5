#!/usr/bin/env bash
# End-to-end: the HTTP API of 'hawser serve', driven with curl against the
# real binary on a fresh database. "Now" is Tuesday 2026-11-24 15:00 UTC
# (10:00 in New York), so the US demo leads may be called.
#
#   1. basics: sign-in, sessions, CSRF, tokens, the calling routes, errors
#   3. the authorization matrix: every role x every route that takes a lead
#      or user id or lists objects x own / same-team / other-team objects
#   2. imports through the API (CSV body, progress, rejects)
#   4. the OpenAPI document against the route table in src/http/server.c
#   6. hostile input; the server stays up
#   -  a graceful stop (SIGTERM), with no sanitizer report (ASan build)
#   5. durability: a touch logged through the API survives kill -9
#
# Users: admin (no team), managers mgr (east) and mw (west), reps ann and
# bob (east) and cat (west). Each is signed in once (argon2id is slow on
# purpose); the cookie jars and CSRF tokens are reused.
. "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NOW=2026-11-24T15:00:00Z
DB="$T/api.db"
H() { "$HAWSER" --db "$DB" "$@"; }
for c in curl jq python3; do command -v $c >/dev/null || { nok "$c installed"; exit 0; }; done
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3 # not a slow version-manager shim

SRV=
SLOW_FDS=()
stop_server() { # SIG: TERM (graceful, waits) or KILL
	[ -n "$SRV" ] || return 0
	kill -"$1" "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
	SRV=
}
trap 'stop_server KILL; rm -rf "$T"' EXIT

# --- the fixture: the demo list and six users -----------------------------------
H demo --rows 200 --mix us >/dev/null || nok "fixture: demo list"
# Each calls with a verified caller ID (fictional 555-01XX numbers): a user
# without one may not call.
adduser() { # LOGIN ROLE CALLER_ID [TEAM]
	echo 'password1' | H user add "$1" --role "$2" ${4:+--team "$4"} --tz America/New_York \
		--caller-id "$3" --password-stdin >/dev/null || nok "fixture: user $1"
}
adduser admin admin +12125550190
adduser mgr manager +12125550191 east
adduser ann rep +12125550192 east
adduser bob rep +12125550193 east
adduser cat rep +12125550194 west
adduser mw manager +12125550195 west

# start_server N — serve $DB on a free port; sets SRV (pid), BASE, PORT.
start_server() {
	local out="$T/srv$1.out" i
	"$HAWSER" --db "$DB" --now "$NOW" --json serve --listen 127.0.0.1:0 >"$out" 2>"$T/srv$1.err" &
	SRV=$!
	for i in $(seq 300); do
		grep -q '"url"' "$out" 2>/dev/null && break
		kill -0 "$SRV" 2>/dev/null || break
		sleep 0.1
	done
	BASE=$(jq -r '.url // empty' "$out" 2>/dev/null | head -n 1)
	BASE=${BASE%/}
	PORT=${BASE##*:}
	[ -n "$BASE" ]
}
if ! start_server 1; then
	nok "serve --json prints the address it listens on" "$(cat "$T/srv1.out" "$T/srv1.err")"
	exit 0
fi
ok "serve --json prints the address it listens on"

# --- requests: req, as, jb, hdr, body, expect, check_jq, login (tests/e2e/lib.sh)

# Batches: many requests in one curl run (one process, one connection), then
# checked in one python pass like expect. batch_start; bq ...; batch_run.
batch_start() { BN=0; rm -rf "$T/m"; mkdir -p "$T/m"; : >"$T/m/cfg"; : >"$T/m/want"; }
# bq NAME WANT FIELD WHO METHOD PATH [BODY [TYPE]] — FIELD as for expect ("" any);
# WANT "404nofile": 404 and the body holds no line of /etc/passwd; "route":
# anything but 405 or a 404 for a missing route. TYPE: the body's Content-Type
# (default application/json). PATH is sent as is (no ../ squashing).
bq() {
	local n=$1 want=$2 field=$3 who=$4 m=$5 p=$6
	BN=$((BN + 1))
	{
		[ $BN -gt 1 ] && echo next
		echo "url = \"$BASE$p\""
		echo "request = \"$m\""
		echo "output = \"$T/m/$BN.body\""
		echo 'write-out = "%{http_code}\\n"'
		echo 'silent'
		echo 'path-as-is'
		echo 'max-time = 20'
		case $who in
		anon) ;;
		tok:*) echo "header = \"Authorization: Bearer ${who#tok:}\"" ;;
		nocsrf:*) echo "cookie = \"$T/${who#nocsrf:}.jar\"" ;;
		*) echo "cookie = \"$T/$who.jar\""; echo "header = \"X-CSRF-Token: ${CSRF[$who]:-}\"" ;;
		esac
		if [ $# -gt 6 ]; then
			printf '%s' "$7" >"$T/m/$BN.req"
			echo "header = \"Content-Type: ${8:-application/json}\""
			echo "data-binary = \"@$T/m/$BN.req\""
		fi
	} >>"$T/m/cfg"
	printf '%s\t%s\t%s\t%s\n' "$BN" "$want" "$field" "$n" >>"$T/m/want"
}
batch_run() {
	curl -K "$T/m/cfg" >"$T/m/status" 2>"$T/m/err"
	"$PY" - "$T/m" <<'PY'
import json, os, sys
d = sys.argv[1]
st = open(os.path.join(d, "status")).read().split()
codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large",
         415: "unsupported_media_type", 429: "too_many_requests"}
for line in open(os.path.join(d, "want"), encoding="utf-8"):
    i, want, field, name = line.rstrip("\n").split("\t", 3)
    got = st[int(i) - 1] if int(i) <= len(st) else "000"
    try:
        body = open(os.path.join(d, i + ".body"), "rb").read()
    except OSError:
        body = b""
    show = body[:300].decode("utf-8", "replace")
    why = None
    if want == "route":
        if got in ("405", "000") or (got == "404" and b'"no route' in body):
            why = f"{got}: {show}"
    else:
        nofile = want == "404nofile"
        if nofile:
            want = "404"
        if got != want:
            why = f"expected {want}, got {got}: {show}"
        elif nofile and b"root:" in body:
            why = f"the body holds /etc/passwd: {show}"
        elif int(want) >= 400:
            try:
                e = json.loads(body)["error"]
                ok = e["code"] == codes.get(int(want), "internal") and isinstance(e["message"], str) and e["message"]
            except Exception:
                ok, e = False, {}
            if not ok:
                why = f"status {got} but not the JSON error with code {codes.get(int(want))}: {show}"
            elif field and field != e.get("field", "-"):
                why = f"expected field {field}, got {e.get('field', '-')}: {show}"
    print(f"ok - {name}" if why is None else f"not ok - {name}\n  {why}")
PY
}

# ==== 1. basics ==========================================================
s=$(req /healthz)
expect "healthz answers 200" 200 "$s"
check_jq "healthz says ok" '.ok == true'

# Every sign-in first: the failed sign-ins further down block the address.
login ann
expect "login ann: 200" 200 "$s"
check_jq "login answers the user and a csrf token" '.user.login == "ann" and .user.role == "rep" and (.csrf | length >= 16)'
ck=$(hdr Set-Cookie)
case "$ck" in
*hawser_session=?*) ok "login sets the session cookie" ;;
*) nok "login sets the session cookie" "Set-Cookie: $ck" ;;
esac
case "$ck" in
*HttpOnly*) ok "the session cookie is HttpOnly" ;;
*) nok "the session cookie is HttpOnly" "Set-Cookie: $ck" ;;
esac
case "$ck" in
*SameSite=Strict*) ok "the session cookie is SameSite=Strict" ;;
*) nok "the session cookie is SameSite=Strict" "Set-Cookie: $ck" ;;
esac
case "$ck" in
*Path=/*) ok "the session cookie has Path=/" ;;
*) nok "the session cookie has Path=/" "Set-Cookie: $ck" ;;
esac
for u in admin mgr bob cat mw; do
	login $u
	expect "login $u: 200" 200 "$s"
done

s=$(as ann GET /api/v1/me)
expect "me: 200 with the cookie" 200 "$s"
check_jq "me: the user and the same csrf" ".user.login == \"ann\" and .csrf == \"${CSRF[ann]}\""
s=$(as anon GET /api/v1/me)
expect "me without a sign-in: 401 unauthorized" 401 "$s"

# logout ends that session only (bob signs in a second time for it)
s=$(req -c "$T/bob2.jar" -H 'Content-Type: application/json' \
	--data-binary '{"login":"bob","password":"password1"}' /api/v1/login)
expect "login bob again (a second session)" 200 "$s"
bob2csrf=$(jb .csrf)
s=$(req -b "$T/bob2.jar" -X POST -H "X-CSRF-Token: $bob2csrf" /api/v1/logout)
expect "logout: 204" 204 "$s"
case "$(hdr Set-Cookie)" in
*hawser_session=\;*Max-Age=0*) ok "logout clears the cookie" ;;
*) nok "logout clears the cookie" "Set-Cookie: $(hdr Set-Cookie)" ;;
esac
s=$(req -b "$T/bob2.jar" /api/v1/me)
expect "me after logout: 401" 401 "$s"
s=$(as bob GET /api/v1/me)
expect "the other session of the same user still works" 200 "$s"

# API tokens: Bearer, no CSRF
s=$(as ann POST /api/v1/tokens '{"name":"ci"}')
expect "tokens: 201" 201 "$s"
check_jq "tokens: id, name and the token" '.id > 0 and .name == "ci" and (.token | length >= 16)'
ANNTOK=$(jb .token)
s=$(as tok:"$ANNTOK" GET /api/v1/me)
expect "a Bearer token signs in" 200 "$s"
check_jq "a Bearer token is its user's" '.user.login == "ann"'
s=$(as tok:"$ANNTOK" POST /api/v1/tokens '{"name":"second"}')
expect "a Bearer POST needs no X-CSRF-Token: 201" 201 "$s"
s=$(as tok:not-a-token GET /api/v1/me)
expect "an unknown Bearer token: 401" 401 "$s"
s=$(as nocsrf:ann POST /api/v1/tokens '{"name":"x"}')
expect "a cookie POST without X-CSRF-Token: 403 naming X-CSRF-Token" 403 "$s" X-CSRF-Token
s=$(req -b "$T/ann.jar" -H 'X-CSRF-Token: wrong' -H 'Content-Type: application/json' \
	--data-binary '{"name":"x"}' /api/v1/tokens)
expect "a cookie POST with a wrong X-CSRF-Token: 403" 403 "$s" X-CSRF-Token
s=$(as tok:"$ANNTOK" POST /api/v1/tokens '{"name":""}')
expect "tokens: an empty name: 400 naming name" 400 "$s" name

s=$(as ann GET /api/v1/outcomes)
expect "outcomes: 200" 200 "$s"
check_jq "outcomes: 12 outcomes" '.outcomes | length == 12'
check_jq "outcomes: each has name, label, key, needs, required" \
	'[.outcomes[] | (.name|type=="string") and (.label|type=="string") and (.key|length==1) and (.needs|type=="array") and (.required|type=="array")] | all'
check_jq "outcomes: reasons and objections" '(.reasons | length > 0) and (.objections | length > 0)'

# the calling screen: next, log, why, agenda, stats
s=$(as ann POST /api/v1/next)
expect "next: 200" 200 "$s"
check_jq "next: a lead card with lead.id, dial and local_time" \
	'(.lead.id > 0) and (.dial | test("^\\+1[0-9]{10}$")) and (.local_time | length > 0)'
check_jq "next: the lead is leased to her (task.leased_until)" '.task.leased_until > .task.due_from'
check_jq "next: the offer carries her verified caller ID" '.caller_id == "+12125550192"'
LA=$(jb .lead.id)
s=$(as ann POST /api/v1/next)
check_jq "next again: the lead held" ".lead.id == $LA"
s=$(as ann GET "/api/v1/leads/$LA")
expect "a rep sees the unowned lead leased to her" 200 "$s"
s=$(as bob GET "/api/v1/leads/$LA")
expect "another rep does not see it: 404" 404 "$s"
# a caller_id in the body is no override: the record has the user's verified one
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail","caller_id":"+12125550199"}')
expect "touches: voicemail: 201" 201 "$s"
check_jq "touches: the touch and the planned tasks" '(.touch > 0) and (.tasks | length > 0) and .status == "working"'
H records >"$T/records.csv" 2>&1
check_eq "touches: a caller_id sent changes nothing, the record has ann's verified one" "+12125550192" \
	"$("$PY" -c 'import csv,sys; r=[x for x in csv.DictReader(open(sys.argv[1], newline="")) if x["lead_id"]==sys.argv[2]]; print(r[-1]["caller_id"].lstrip("'"'"'") if r else "no record")' "$T/records.csv" "$LA")"
s=$(as admin GET "/api/v1/leads/$LA")
check_jq "logging made ann the lead's owner" ".owner_id == ${UID_[ann]} and (.touches | length == 1) and .touches[0].outcome == \"voicemail\""
s=$(as ann GET "/api/v1/leads/$LA/why")
expect "why: 200" 200 "$s"
check_jq "why: lead, callable, code, why" ".lead == $LA and (.callable | type == \"boolean\") and (.code | length > 0) and (.why | length > 0)"
s=$(as ann GET /api/v1/agenda)
expect "agenda: 200" 200 "$s"
check_jq "agenda: today in ann's zone, with the task planned for the lead" \
	".day == \"2026-11-24\" and .zone == \"America/New_York\" and ([.tasks[] | select(.lead == $LA)] | length > 0)"
s=$(as ann GET "/api/v1/agenda?day=2026-13-01")
expect "agenda: a bad day: 400 naming day" 400 "$s" day
s=$(as ann GET /api/v1/stats)
expect "stats: 200" 200 "$s"
check_jq "stats: one dial" '.dials == 1'
s=$(as ann GET "/api/v1/stats?since=yesterday")
expect "stats: a bad since: 400 naming since" 400 "$s" since

# leads: paging and search
s=$(as admin GET "/api/v1/leads?limit=5")
expect "leads?limit=5: 200" 200 "$s"
check_jq "leads?limit=5: five leads, next_after the last id" '(.leads | length == 5) and .next_after == .leads[-1].id'
p1=$(jb '[.leads[].id] | join(" ")'); after=$(jb .next_after)
s=$(as admin GET "/api/v1/leads?limit=5&after=$after")
check_jq "leads?after=: the next page, every id after the cursor" "(.leads | length == 5) and ([.leads[].id > $after] | all)"
p2=$(jb '[.leads[].id] | join(" ")')
check_eq "leads: the pages do not overlap" "" "$(comm -12 <(tr ' ' '\n' <<<"$p1" | sort) <(tr ' ' '\n' <<<"$p2" | sort))"
NLEADS=$(H leads --limit 0 --json | jq '.leads | length')
s=$(as admin GET "/api/v1/leads?limit=500")
check_jq "leads: the whole list ($NLEADS, as the CLI counts) in one page of 500, next_after null" "(.leads | length == $NLEADS) and .next_after == null"
ALL_IDS=$(jb '[.leads[].id] | sort | join(" ")')
s=$(as admin GET "/api/v1/leads?limit=0")
expect "leads?limit=0: 400 naming limit" 400 "$s" limit
s=$(as admin GET "/api/v1/leads?limit=abc")
expect "leads?limit=abc: 400 naming limit" 400 "$s" limit
s=$(as admin GET "/api/v1/leads?status=sleepy")
expect "leads?status=sleepy: 400 naming status" 400 "$s" status
s=$(as admin GET "/api/v1/leads?status=working")
check_jq "leads?status=working: the lead worked" "[.leads[].id] == [$LA]"
s=$(as admin GET "/api/v1/leads/$LA")
COMPANY=$(jb .company)
q=$(jq -rn --arg q "$COMPANY" '$q | @uri')
s=$(as admin GET "/api/v1/leads?q=$q&limit=500")
expect "leads?q=COMPANY: 200" 200 "$s"
if jq -e --arg q "$COMPANY" "([.leads[].id] | index($LA) != null) and ([.leads[] | [.company, .first_name, .last_name, .full_name, .email, .title] | map(. // \"\" | ascii_downcase) | any(contains(\$q | ascii_downcase))] | all)" "$T/b" >/dev/null 2>&1; then
	ok "leads?q=COMPANY: every hit matches the text"
else
	nok "leads?q=COMPANY: every hit matches the text" "q=$COMPANY: $(body)"
fi
s=$(as admin GET "/api/v1/leads?q=zzqqxxnothing")
check_jq "leads?q= without a match: an empty list" '(.leads == []) and .next_after == null'
s=$(as admin GET "/api/v1/leads?q=%27%22%3B--")
expect "leads?q= with quotes and ;--: 200 (no SQL error)" 200 "$s"

# PATCH: contact fields only
s=$(as ann PATCH "/api/v1/leads/$LA" '{"title":"Head of Testing","notes":"prefers mornings"}')
expect "PATCH a contact field: 200" 200 "$s"
check_jq "PATCH answers the lead changed" '.title == "Head of Testing" and .notes == "prefers mornings"'
s=$(as ann GET "/api/v1/leads/$LA")
check_jq "PATCH is stored" '.title == "Head of Testing"'
s=$(as ann PATCH "/api/v1/leads/$LA" '{"do_not_call":false}')
expect "PATCH do_not_call: 403 naming do_not_call" 403 "$s" do_not_call
s=$(as ann PATCH "/api/v1/leads/$LA" '{"status":"meeting"}')
expect "PATCH status: 403 naming status" 403 "$s" status
s=$(as ann PATCH "/api/v1/leads/$LA" "{\"owner_id\":${UID_[bob]}}")
expect "PATCH owner_id by a rep: 403 naming owner_id" 403 "$s" owner_id
s=$(as ann PATCH "/api/v1/leads/$LA" '{"state":"CA"}')
case $s in 403) w=403 ;; *) w=400 ;; esac
expect "PATCH a location field: refused (400 or 403 naming state)" $w "$s" state
s=$(as ann PATCH "/api/v1/leads/$LA" '{"favourite_colour":"blue"}')
expect "PATCH an unknown field: 400 naming it" 400 "$s" favourite_colour
s=$(as ann PATCH "/api/v1/leads/$LA" '{"email":"not-an-email"}')
expect "PATCH a bad email: 400 naming email" 400 "$s" email
s=$(as ann PATCH "/api/v1/leads/$LA" '{"title":5}')
expect "PATCH a number for a text field: 400 naming it" 400 "$s" title
s=$(as ann GET "/api/v1/leads/$LA")
check_jq "refused PATCHes changed nothing" '.title == "Head of Testing" and .do_not_call == false and .status == "working"'

# rules and users
s=$(as ann GET /api/v1/cadences)
expect "cadences: 200" 200 "$s"
check_jq "cadences: one default" '([.cadences[] | select(.default)] | length == 1) and ([.cadences[] | (.name|length>0)] | all)'
s=$(as ann GET /api/v1/templates)
expect "templates: 200" 200 "$s"
check_jq "templates: name, channel, body" '(.templates | length > 0) and ([.templates[] | (.name|length>0) and (.channel|length>0) and (.body|type=="string")] | all)'
s=$(as ann GET /api/v1/users)
expect "users: 200" 200 "$s"
s=$(as admin POST /api/v1/users '{"login":"eve","name":"Eve","password":"password1","role":"rep","team":"north"}')
expect "POST users as admin: 201" 201 "$s"
check_jq "POST users: the user" '.login == "eve" and .role == "rep" and .id > 0 and (has("password") | not)'
UID_[eve]=$(jb .id)
s=$(as ann POST /api/v1/users '{"login":"fay","name":"Fay","password":"password1","role":"admin"}')
expect "POST users as a rep: 403" 403 "$s"
s=$(as mgr POST /api/v1/users '{"login":"fay","name":"Fay","password":"password1","role":"admin"}')
expect "POST users as a manager: 403" 403 "$s"
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/caller-id" '{"caller_id":"+12125550199"}')
expect "PUT caller-id as a rep (her own): 403" 403 "$s"
s=$(as mgr PUT "/api/v1/users/${UID_[ann]}/caller-id" '{"caller_id":"+12125550199"}')
expect "PUT caller-id as a manager: 403" 403 "$s"
check_eq "... ann's caller ID is unchanged" "+12125550192" "$(H users --json | jq -r '.users[] | select(.login == "ann") | .caller_id')"
s=$(as admin POST /api/v1/users '{"login":"eve","name":"Eve 2","password":"password1"}')
expect "POST users: a duplicate login: 409 naming login" 409 "$s" login
s=$(as admin POST /api/v1/users '{"login":"gus","password":"password1","role":"king"}')
expect "POST users: a bad role: 400 naming role" 400 "$s" role
s=$(as admin POST /api/v1/users '{"login":"gus","password":"short"}')
expect "POST users: a short password: 400 naming password" 400 "$s" password
s=$(as admin POST /api/v1/users '{"login":"gus","password":"password1","time_zone":"Mars/Base"}')
expect "POST users: a bad time zone: 400 naming time_zone" 400 "$s" time_zone
s=$(as admin POST /api/v1/users '{"password":"password1"}')
expect "POST users: no login: 400 naming login" 400 "$s" login

# errors name the field at fault
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"sleepy"}')
expect "touches: an unknown outcome: 400 naming outcome" 400 "$s" outcome
s=$(as ann POST "/api/v1/leads/$LA/touches" '{}')
expect "touches: no outcome: 400 naming outcome" 400 "$s" outcome
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"callback","at":"25:99"}')
expect "touches: a bad at: 400 naming at" 400 "$s" at
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"not_interested","reason":"bored"}')
expect "touches: an unknown reason: 400 naming reason" 400 "$s" reason
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail","duration":-1}')
expect "touches: a negative duration: 400 naming duration" 400 "$s" duration
s=$(as ann POST "/api/v1/leads/999999/touches" '{"outcome":"voicemail"}')
expect "touches: an unknown lead: 404" 404 "$s"
s=$(as ann GET "/api/v1/leads/$LA")
check_jq "refused touches logged nothing" '.touches | length == 1'

# failed sign-ins (after every sign-in above: they block the address too)
s=$(req -H 'Content-Type: application/json' --data-binary '{"login":"admin","password":"wrong-password"}' /api/v1/login)
expect "login with a wrong password: 401 unauthorized" 401 "$s"
case "$(hdr Set-Cookie)" in
'') ok "a failed login sets no cookie" ;;
*) nok "a failed login sets no cookie" "Set-Cookie: $(hdr Set-Cookie)" ;;
esac
s=$(req -H 'Content-Type: application/json' --data-binary '{"login":"nobody","password":"password1"}' /api/v1/login)
expect "login of an unknown user: 401 (the same answer)" 401 "$s"
s=$(req -H 'Content-Type: application/json' --data-binary '{"login":"admin"}' /api/v1/login)
expect "login without a password: 400 naming password" 400 "$s" password
# Six failures for one login, each from its own loopback address when the
# system lets curl pick one, so that only the per-login count can refuse.
IFS_OK=0
[ "$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$BASE/healthz" 2>/dev/null)" = 200 ] && IFS_OK=1
fails=""
for i in 1 2 3 4 5 6; do
	src=(); [ $IFS_OK = 1 ] && src=(--interface "127.0.0.$((i + 1))")
	s=$(req "${src[@]}" -H 'Content-Type: application/json' \
		--data-binary '{"login":"bob","password":"not-his"}' /api/v1/login)
	fails="$fails $s"
done
check_eq "6 failed logins for one login within a minute: 401 x5, then 429" " 401 401 401 401 401 429" "$fails"
expect "the 429 is the JSON error too_many_requests" 429 "$s"
check_eq "the 429 says when to retry" 60 "$(hdr Retry-After)"
src=(); [ $IFS_OK = 1 ] && src=(--interface 127.0.0.8)
s=$(req "${src[@]}" -H 'Content-Type: application/json' \
	--data-binary '{"login":"bob","password":"password1"}' /api/v1/login)
expect "a blocked login is refused even with the right password: 429" 429 "$s"
if [ $IFS_OK = 1 ]; then
	fails=""
	for i in 1 2 3 4 5 6; do
		s=$(req --interface 127.0.0.9 -H 'Content-Type: application/json' \
			--data-binary "{\"login\":\"ghost$i\",\"password\":\"password1\"}" /api/v1/login)
		fails="$fails $s"
	done
	check_eq "6 failed logins from one address (each a different login): 401 x5, then 429" \
		" 401 401 401 401 401 429" "$fails"
fi

# ==== 3. the authorization matrix =======================================
# Each worker takes a lead from the queue and logs it: that makes them its
# owner. ann already owns LA; she then takes LX from the queue and holds it.
work() { # LOGIN OUTCOME-JSON — prints the lead id
	local s id
	s=$(as "$1" POST /api/v1/next)
	id=$(jb '.lead.id // empty')
	[ "$s" = 200 ] && [ -n "$id" ] || { echo "next for $1: $s $(body)" >&2; return 1; }
	s=$(as "$1" POST "/api/v1/leads/$id/touches" "$2")
	[ "$s" = 201 ] || { echo "log for $1 on $id: $s $(body)" >&2; return 1; }
	echo "$id"
}
LB=$(work bob '{"outcome":"voicemail"}' 2>"$T/err") || nok "fixture: bob works a lead" "$(cat "$T/err")"
LC=$(work cat '{"outcome":"callback","at":"2026-11-25T16:00:00Z"}' 2>"$T/err") || nok "fixture: cat works a lead" "$(cat "$T/err")"
LM=$(work mgr '{"outcome":"voicemail"}' 2>"$T/err") || nok "fixture: mgr works a lead" "$(cat "$T/err")"
LW=$(work mw '{"outcome":"voicemail"}' 2>"$T/err") || nok "fixture: mw works a lead" "$(cat "$T/err")"
LD=$(work admin '{"outcome":"voicemail"}' 2>"$T/err") || nok "fixture: admin works a lead" "$(cat "$T/err")"
s=$(as ann POST /api/v1/next)
LX=$(jb '.lead.id // empty')
# LU: an unowned lead nobody holds (the highest id not used above)
LU=$(tr ' ' '\n' <<<"$ALL_IDS" | grep -vxF -e "$LA" -e "$LB" -e "$LC" -e "$LM" -e "$LW" -e "$LD" -e "$LX" | sort -n | tail -n 1)
declare -A OWNER=([LA]=ann [LB]=bob [LC]=cat [LM]=mgr [LW]=mw [LD]=admin [LU]= [LX]=)
declare -A LEAD=([LA]=$LA [LB]=$LB [LC]=$LC [LM]=$LM [LW]=$LW [LD]=$LD [LU]=$LU [LX]=$LX)
declare -A DESC=([LA]="ann's (rep east)" [LB]="bob's (rep east)" [LC]="cat's (rep west)"
	[LM]="mgr's (manager east)" [LW]="mw's (manager west)" [LD]="admin's (no team)"
	[LU]="unowned" [LX]="unowned, leased to ann")
fixture_ok=1
for k in LA LB LC LM LW LD LU LX; do
	s=$(as admin GET "/api/v1/leads/${LEAD[$k]}")
	want=${OWNER[$k]:+${UID_[${OWNER[$k]}]}}
	[ "$s" = 200 ] && [ "$(jb '.owner_id // ""')" = "$want" ] || {
		fixture_ok=0
		nok "fixture: lead $k=${LEAD[$k]} is ${DESC[$k]}" "GET as admin: $s owner_id $(jb .owner_id), want '$want'"
	}
done
[ "$(printf '%s\n' "${LEAD[@]}" | sort -u | grep -c .)" = 8 ] || { fixture_ok=0; nok "fixture: eight different leads" "${LEAD[*]}"; }
[ $fixture_ok = 1 ] && ok "fixture: leads owned by each worker, one unowned, one leased to ann"

declare -A ROLE=([admin]=admin [mgr]=manager [mw]=manager [ann]=rep [bob]=rep [cat]=rep)
declare -A TEAM=([admin]= [mgr]=east [ann]=east [bob]=east [cat]=west [mw]=west)
# sees_lead ACTOR KEY — the rule: admin all; rep own (and the lead leased to
# them); manager own, the team's and unowned.
sees_lead() {
	local a=$1 o=${OWNER[$2]}
	case ${ROLE[$a]} in
	admin) return 0 ;;
	rep) [ "$o" = "$a" ] || { [ "$2" = LX ] && [ "$a" = ann ]; } ;;
	manager) [ -z "$o" ] || [ "$o" = "$a" ] || { [ -n "${TEAM[$o]}" ] && [ "${TEAM[$o]}" = "${TEAM[$a]}" ]; } ;;
	esac
}
sees_user() { # ACTOR USER
	case ${ROLE[$1]} in
	admin) return 0 ;;
	rep) [ "$1" = "$2" ] ;;
	manager) [ "$1" = "$2" ] || { [ -n "${TEAM[$2]}" ] && [ "${TEAM[$2]}" = "${TEAM[$1]}" ]; } ;;
	esac
}
ACTORS="admin ann cat mgr mw"
batch_start
for a in $ACTORS; do
	for k in LA LB LC LM LW LD LU LX; do
		id=${LEAD[$k]}
		what="matrix: ${ROLE[$a]} $a, lead ${DESC[$k]}"
		if sees_lead $a $k; then w=200; else w=404; fi
		bq "$what: GET /leads/{id} → $w" $w "" $a GET "/api/v1/leads/$id"
		bq "$what: GET /leads/{id}/why → $w" $w "" $a GET "/api/v1/leads/$id/why"
		bq "$what: PATCH /leads/{id} → $w" $w "" $a PATCH "/api/v1/leads/$id" "{\"notes\":\"seen by $a\"}"
		# a touch with a bad time: the time is read only once the lead may be
		# seen, so this tells 400 (seen) from 404 and logs nothing
		if [ $w = 200 ]; then
			bq "$what: POST /leads/{id}/touches → reaches the lead (400 naming at, nothing logged)" 400 at \
				$a POST "/api/v1/leads/$id/touches" '{"outcome":"callback","at":"not a time"}'
		else
			bq "$what: POST /leads/{id}/touches → 404" 404 "" \
				$a POST "/api/v1/leads/$id/touches" '{"outcome":"callback","at":"not a time"}'
		fi
	done
done
batch_run
s=$(as admin GET "/api/v1/leads/$LM")
check_jq "matrix: the refused PATCHes changed nothing (mgr's lead keeps mgr's note)" '.notes == "seen by mgr"'
s=$(as admin GET "/api/v1/leads/$LC")
check_jq "matrix: the probes logged nothing (cat's lead has its one touch)" '.touches | length == 1'
# real touches by others than the owner: allowed ones log, the owner stays
s=$(as mgr POST "/api/v1/leads/$LB/touches" '{"outcome":"no_answer"}')
expect "matrix: manager mgr logs on bob's lead (same team): 201" 201 "$s"
s=$(as admin POST "/api/v1/leads/$LC/touches" '{"outcome":"no_answer"}')
expect "matrix: admin logs on cat's lead: 201" 201 "$s"
s=$(as admin GET "/api/v1/leads/$LB")
check_jq "matrix: a manager's touch leaves the owner" ".owner_id == ${UID_[bob]} and (.touches | length == 2)"
s=$(as mw POST "/api/v1/leads/$LB/touches" '{"outcome":"no_answer"}')
expect "matrix: manager mw logs on bob's lead (other team): 404" 404 "$s"
s=$(as cat POST "/api/v1/leads/$LA/touches" '{"outcome":"no_answer"}')
expect "matrix: rep cat logs on ann's lead: 404" 404 "$s"
s=$(as ann POST "/api/v1/leads/$LU/touches" '{"outcome":"no_answer"}')
expect "matrix: rep ann logs on an unowned lead she does not hold: 404" 404 "$s"
s=$(as admin GET "/api/v1/leads/$LU")
check_jq "matrix: ... and it stays unowned, untouched" '.owner_id == null and (.touches | length == 0)'
s=$(as admin GET "/api/v1/leads/999999")
expect "matrix: admin, a lead that does not exist: 404" 404 "$s"

# user ids: /agenda?user= and /stats?user=
batch_start
for a in $ACTORS; do
	for u in admin mgr ann bob cat mw; do
		if sees_user $a $u; then w=200; f=; else w=404; f=user; fi
		what="matrix: ${ROLE[$a]} $a, user $u (${ROLE[$u]}${TEAM[$u]:+ ${TEAM[$u]}})"
		bq "$what: GET /agenda?user= → $w" $w "$f" $a GET "/api/v1/agenda?user=${UID_[$u]}"
		bq "$what: GET /stats?user= → $w" $w "$f" $a GET "/api/v1/stats?user=${UID_[$u]}"
	done
	bq "matrix: $a, /stats?user= of no user: 404" 404 user $a GET "/api/v1/stats?user=999"
	bq "matrix: $a, /agenda?user= of no user: 404" 404 user $a GET "/api/v1/agenda?user=999"
	bq "matrix: $a, /stats?user=abc: 400 naming user" 400 user $a GET "/api/v1/stats?user=abc"
done
batch_run
s=$(as mgr GET "/api/v1/agenda?user=${UID_[bob]}")
check_jq "matrix: mgr's view of bob's agenda shows bob's lead" "[.tasks[].lead] | index($LB) != null"

# role-forbidden routes: imports are for managers and admins, users for admins
printf 'First Name,Last Name,Company,Phone,Email,State,Country\n' >"$T/one.csv"
n=0
for a in $ACTORS; do
	n=$((n + 1))
	printf 'Matrix%d,Row,Matrix Co %d,+1 212 555 01%02d,m%d@example.com,NY,US\n' $n $n $((50 + n)) $n >>"$T/one.csv"
	case ${ROLE[$a]} in rep) w=403 ;; *) w=200 ;; esac
	s=$(as $a GET /api/v1/imports); expect "matrix: ${ROLE[$a]} $a: GET /imports → $w" $w "$s"
	s=$(as $a GET /api/v1/imports/1); expect "matrix: ${ROLE[$a]} $a: GET /imports/{id} → $w" $w "$s"
	s=$(as $a GET /api/v1/imports/1/rejects); expect "matrix: ${ROLE[$a]} $a: GET /imports/{id}/rejects → $w" $w "$s"
	[ $w = 200 ] && w=202
	s=$(req -X POST -b "$T/$a.jar" -H "X-CSRF-Token: ${CSRF[$a]}" -H 'Content-Type: text/csv' \
		--data-binary @"$T/one.csv" "/api/v1/imports?name=m$n.csv&region=US")
	expect "matrix: ${ROLE[$a]} $a: POST /imports → $w" $w "$s"
	case ${ROLE[$a]} in admin) w=201 ;; *) w=403 ;; esac
	s=$(as $a POST /api/v1/users "{\"login\":\"new$a\",\"password\":\"password1\",\"team\":\"south\"}")
	expect "matrix: ${ROLE[$a]} $a: POST /users → $w" $w "$s"
done

# lists: /leads and /users show only what one may see
s=$(as admin GET "/api/v1/leads?limit=500")
ALL_NOW=$(jb '[.leads[].id] | sort | .[]')
for a in $ACTORS; do
	want=$(for k in LA LB LC LM LW LD LU LX; do sees_lead $a $k && [ $k != LX -o ${ROLE[$a]} != rep ] && echo "${LEAD[$k]}"; done | sort)
	excl=$(for k in LA LB LC LM LW LD LU LX; do sees_lead $a $k || echo "${LEAD[$k]}"; done)
	s=$(as $a GET "/api/v1/leads?limit=500")
	got=$(jb '.leads[].id' | sort)
	case ${ROLE[$a]} in
	rep) # exactly their own leads
		check_eq "lists: rep $a, /leads holds exactly their own leads" "$(echo $want)" "$(echo $got)" ;;
	manager) # everything but the leads of other teams and of the admin
		exp=$(comm -23 <(echo "$ALL_NOW" | sort) <(echo "$excl" | sort) | sort -n)
		check_eq "lists: manager $a, /leads holds their own, their team's and the unowned leads" \
			"$(echo $exp)" "$(echo $(echo "$got" | sort -n))" ;;
	admin)
		check_eq "lists: admin, /leads holds every lead" "$(echo "$ALL_NOW" | sort -n | tr '\n' ' ')" "$(echo "$got" | sort -n | tr '\n' ' ')" ;;
	esac
done
for a in $ACTORS; do
	s=$(as $a GET /api/v1/users)
	got=$(jb '[.users[].login] | sort | join(" ")')
	case $a in
	ann) want="ann" ;; cat) want="cat" ;;
	mgr) want="ann bob mgr" ;; mw) want="cat mw" ;;
	admin) want=$(H users --json | jq -r '[.users[].login] | sort | join(" ")') ;;
	esac
	check_eq "lists: ${ROLE[$a]} $a, /users holds $( [ $a = admin ] && echo everyone || echo "$want")" "$want" "$got"
done
# /agenda and /stats without ?user=: a rep's or manager's own, an admin's
# everyone's (docs/API.md, Shapes)
s=$(as ann GET /api/v1/agenda)
check_jq "lists: rep ann's agenda holds only leads she may see" "[.tasks[].lead | IN($LA, $LX)] | all"
s=$(as cat GET "/api/v1/agenda?day=2026-11-25")
check_jq "lists: rep cat's agenda tomorrow holds her callback, only her lead" "(.tasks | length > 0) and ([.tasks[].lead == $LC] | all)"
s=$(as mgr GET /api/v1/agenda)
check_jq "lists: manager mgr's agenda (no user) holds their own tasks only" "(.tasks | length > 0) and ([.tasks[].lead == $LM] | all)"
s=$(as admin GET /api/v1/agenda)
check_jq "lists: admin's agenda (no user) holds everyone's tasks" "[.tasks[].lead] as \$l | [$LA, $LB, $LM, $LW] | map(. as \$x | \$l | index(\$x) != null) | all"
dials() { as "$1" GET "/api/v1/stats${2:+?user=$2}" >/dev/null; jb .dials; }
d_ann=$(dials admin "${UID_[ann]}"); d_mgr=$(dials admin "${UID_[mgr]}")
d_all=0; for u in admin mgr ann bob cat mw; do d_all=$((d_all + $(dials admin "${UID_[$u]}"))); done
check_eq "lists: rep ann's stats (no user) are her own" "$d_ann" "$(dials ann)"
check_eq "lists: manager mgr's stats (no user) are their own" "$d_mgr" "$(dials mgr)"
check_eq "lists: admin's stats (no user) are everyone's" "$d_all" "$(dials admin)"

# ==== 2. imports =========================================================
"$HAWSER" demo --csv "$T/imp.csv" --rows 300 --mix us --seed 7 >/dev/null || nok "fixture: demo --csv"
# Bad rows: a number Excel turned into scientific notation, a number too short.
cat >>"$T/imp.csv" <<'EOF'
Sci,Notation,CEO,Excel Damage Co,,Software,10,5.55E+09,,sci@example.com,,1 Main St,Austin,TX,78701,United States,,Cold List
Tiny,Number,CTO,Short Digits Co,,Software,10,12,,,,,Austin,TX,78701,United States,,Cold List
EOF
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/imp.csv" "/api/v1/imports?name=x.csv&region=US")
expect "import as manager: 202" 202 "$s"
check_jq "import: answers its id" '.id > 0 and .status == "running"'
IMP=$(jb '.id // 0')
st=
for i in $(seq 300); do
	s=$(as mgr GET "/api/v1/imports/$IMP")
	st=$(jb .status)
	[ "$st" != running ] && break
	sleep 0.1
done
check_eq "import: the status goes to done" done "$st"
check_jq "import: bytes_done == bytes == the file's size" ".bytes_done == .bytes and .bytes == $(wc -c <"$T/imp.csv")"
cp "$T/b" "$T/imp.json"
check_jq "import: the bad rows are counted as rejected" '.rejected >= 2'
s=$(as mgr GET /api/v1/imports)
check_jq "imports lists it" "[.imports[].id] | index($IMP) != null"
s=$(as mgr GET "/api/v1/imports/$IMP/rejects")
expect "import rejects: 200" 200 "$s"
case "$(hdr Content-Type)" in text/csv*) ok "import rejects: text/csv" ;; *) nok "import rejects: text/csv" "$(hdr Content-Type)" ;; esac
case "$(hdr Content-Disposition)" in
"attachment; filename=\"import-$IMP-rejects.csv\"") ok "import rejects: an attachment named after the import" ;;
*) nok "import rejects: an attachment named after the import" "$(hdr Content-Disposition)" ;;
esac
check_grep "import rejects: the scientific-notation row, with why" 'Excel Damage Co' "$T/b"
check_grep "import rejects: says scientific notation" 'scientific notation' "$T/b"
check_grep "import rejects: the row whose number is too short" 'Short Digits Co' "$T/b"
check_eq "import rejects: one line per rejected row (and the header)" \
	"$(($(jq .rejected "$T/imp.json") + 1))" "$($PY -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))))' "$T/b")"
s=$(as mgr GET "/api/v1/leads?q=Excel%20Damage")
check_jq "import: the rejected rows are not leads" '.leads == []'
{ printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa'; seq 2000 | tr '\n' '\0'; } >"$T/bin"
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/bin" "/api/v1/imports?name=picture.csv")
expect "import of a binary body: 400" 400 "$s"
check_jq "import of a binary body: the message says why" '.error.message | length > 10'
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' "/api/v1/imports?name=e.csv")
expect "import of an empty body: 400" 400 "$s"
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/one.csv" "/api/v1/imports?name=x.csv&region=USA")
expect "import with a bad region: 400 naming region" 400 "$s" region
s=$(req -X POST -b "$T/ann.jar" -H "X-CSRF-Token: ${CSRF[ann]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/imp.csv" "/api/v1/imports?name=x.csv")
expect "import as a rep: 403" 403 "$s"
s=$(req -X POST -b "$T/mgr.jar" -H 'Content-Type: text/csv' --data-binary @"$T/one.csv" "/api/v1/imports?name=x.csv")
expect "import without X-CSRF-Token: 403" 403 "$s" X-CSRF-Token
s=$(as mgr GET /api/v1/imports/99999)
expect "import that does not exist: 404" 404 "$s"
s=$(as mgr GET /api/v1/imports/99999/rejects)
expect "rejects of an import that does not exist: 404" 404 "$s"

# ==== 4. OpenAPI ===================================================
s=$(req /api/v1/openapi.json)
expect "openapi.json: 200 without a sign-in" 200 "$s"
cp "$T/b" "$T/openapi.json"
check_jq "openapi.json parses: OpenAPI 3 with paths" '(.openapi | startswith("3")) and (.paths | type == "object")'
sed -n '/^const hw_route hw_routes\[\] = {/,/^};/p' "$ROOT/src/http/server.c" |
	sed -n 's/^[[:space:]]*{[[:space:]]*"\([A-Z]*\)",[[:space:]]*"\([^"]*\)".*/\1 \2/p' >"$T/routes"
nr=$(grep -c . "$T/routes")
if [ "$nr" -ge 20 ]; then ok "the route table parses ($nr routes)"; else nok "the route table parses ($nr routes)" "$(cat "$T/routes")"; fi
jq -r --rawfile r "$T/routes" '. as $d | $r | split("\n")[] | select(length > 0) | split(" ") as [$m, $p] |
	if $d.paths[$p][$m | ascii_downcase] != null then "ok - openapi documents \($m) \($p)"
	else "not ok - openapi documents \($m) \($p)\n  not in .paths of /api/v1/openapi.json" end' "$T/openapi.json" ||
	nok "openapi documents the routes" "jq failed"
ADMTOK=$(as admin POST /api/v1/tokens '{"name":"openapi"}' >/dev/null; jb .token)
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | select(IN("get","put","post","patch","delete","head","options")) | "\(ascii_upcase) \($p)"' \
	"$T/openapi.json" >"$T/documented"
check_eq "openapi documents exactly the route table" "$(sort "$T/routes")" "$(sort "$T/documented")"
batch_start
while read -r m p; do
	case $p in
	*/imports/*) u=${p//\{id\}/1} ;;
	*) u=${p//\{id\}/$LA} ;;
	esac
	case "$m $p" in
	"POST /api/v1/imports") bq "openapi: $m $u answers (not a missing route)" route "" tok:"$ADMTOK" "$m" "$u" "" text/csv ;;
	POST* | PATCH*) bq "openapi: $m $u answers (not a missing route)" route "" tok:"$ADMTOK" "$m" "$u" '{}' ;;
	*) bq "openapi: $m $u answers (not a missing route)" route "" tok:"$ADMTOK" "$m" "$u" ;;
	esac
done <"$T/documented"
batch_run

# ==== 6. hostile input =================================================
"$PY" -c 'import sys; sys.stdout.write("{\"outcome\":\"voicemail\",\"note\":\"" + "a" * (2 << 20) + "\"}")' >"$T/big.json"
s=$(as ann POST "/api/v1/leads/$LA/touches" @"$T/big.json")
expect "hostile: a 2 MB JSON body: 413" 413 "$s"
s=$(req -X POST -b "$T/ann.jar" -H "X-CSRF-Token: ${CSRF[ann]}" -H 'Content-Type: application/json' \
	-H 'Transfer-Encoding: chunked' --data-binary @"$T/big.json" "/api/v1/leads/$LA/touches")
expect "hostile: a 2 MB JSON body, chunked (no Content-Length): 413" 413 "$s"
# raw requests: python sends exactly the bytes given and prints the status line, headers and body
raw() { # TEXT (with \r\n escapes) — sends it as is; prints the answer (waits up to 5 s)
	"$PY" - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1"))
out = b""
try:
    while True:
        d = s.recv(65536)
        if not d:
            break
        out += d
        if b"\r\n\r\n" in out:
            head, _, rest = out.partition(b"\r\n\r\n")
            cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if cl and len(rest) >= int(cl[0].split(b":")[1]):
                break
except socket.timeout:
    pass
sys.stdout.write(out.decode("latin-1"))
PY
}
raw "POST /api/v1/leads/$LA/touches HTTP/1.1\r\nHost: x\r\nCookie: $(grep hawser_session "$T/ann.jar" | awk '{print "hawser_session=" $7}')\r\nX-CSRF-Token: ${CSRF[ann]}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{\"outcome\":" >"$T/raw"
check_grep "hostile: Content-Length above the cap, body never sent: 413 at once" '^HTTP/1\.1 413' "$T/raw"
raw "POST /api/v1/imports?name=x.csv HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 99999999999\r\n\r\nFirst Name" >"$T/raw"
check_grep "hostile: an upload's Content-Length above 64 MiB: 413 at once" '^HTTP/1\.1 413' "$T/raw"
raw "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 18446744073709551617\r\n\r\n{}" >"$T/raw"
check_grep "hostile: a Content-Length beyond 64 bits: refused (4xx)" '^HTTP/1\.1 4[0-9][0-9]' "$T/raw"
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":')
expect "hostile: malformed JSON: 400" 400 "$s"
s=$(as ann POST "/api/v1/leads/$LA/touches" "$(printf '[%.0s' $(seq 100))$(printf ']%.0s' $(seq 100))")
expect "hostile: 100 levels of [: 400" 400 "$s"
"$PY" -c 'import sys; sys.stdout.write("{\"a\":" * 100000 + "1" + "}" * 100000)' >"$T/deep.json"
s=$(as ann POST "/api/v1/leads/$LA/touches" @"$T/deep.json")
expect "hostile: 100,000 levels of {: 400" 400 "$s"
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail","outcome":"busy"}')
expect "hostile: duplicate keys: 400" 400 "$s"
s=$(as ann POST "/api/v1/leads/$LA/touches" '["outcome","voicemail"]')
expect "hostile: a JSON array for an object: 400" 400 "$s"
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":5}')
expect "hostile: {\"outcome\":5}: 400 naming outcome" 400 "$s" outcome
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail","duration":"x"}')
expect "hostile: {\"duration\":\"x\"}: 400 naming duration" 400 "$s" duration
s=$(as ann POST "/api/v1/leads/$LA/touches" '{"outcome":"voicemail","note":["a"]}')
expect "hostile: a list for a text field: 400 naming note" 400 "$s" note
s=$(as ann PATCH "/api/v1/leads/$LA" '{"title":"a\u0000b"}')
expect "hostile: a NUL inside a string: 400" 400 "$s"
s=$(as ann PATCH "/api/v1/leads/$LA" "$(printf '{"title":"\xff\xfe"}')")
expect "hostile: invalid UTF-8: 400" 400 "$s"
s=$(req -X POST -b "$T/ann.jar" -H "X-CSRF-Token: ${CSRF[ann]}" -H 'Content-Type: text/plain' \
	--data-binary '{"outcome":"voicemail"}' "/api/v1/leads/$LA/touches")
expect "hostile: Content-Type text/plain: 415" 415 "$s"
s=$(req -X POST -b "$T/ann.jar" -H "X-CSRF-Token: ${CSRF[ann]}" -H 'Content-Type:' \
	--data-binary '{"outcome":"voicemail"}' "/api/v1/leads/$LA/touches")
expect "hostile: no Content-Type: 415" 415 "$s"
s=$(as ann GET "/api/v1/leads/$LA")
check_jq "hostile: none of the refused bodies logged a touch" '.touches | length == 1'
: >"$T/allh"
batch_start
for p in /../../etc/passwd /%2e%2e/%2e%2e/etc/passwd /..%2f..%2fetc%2fpasswd /%2e%2e%2f%2e%2e%2fetc%2fpasswd \
	/static/../../../../etc/passwd /api/v1/../../../etc/passwd /....//....//etc/passwd /%252e%252e/etc/passwd \
	/./index.html/../../etc/passwd '/..\..\etc\passwd' /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd //etc/passwd; do
	bq "hostile: GET $p: 404, no file" 404nofile "" anon GET "$p"
done
batch_run
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/one.csv" "/api/v1/imports?name=a%0d%0aSet-Cookie:x")
expect "hostile: a CR LF in the import's name: 400 naming name" 400 "$s" name
cat "$T/h" >>"$T/allh"
s=$(req -X POST -b "$T/mgr.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: text/csv' \
	--data-binary @"$T/one.csv" "/api/v1/imports?name=..%2f..%2fetc%2fcron.d%2fx%3b%20y.csv")
expect "hostile: a path in the import's name: accepted, made safe (202)" 202 "$s"
check_jq "hostile: ... the stored name is a plain file name" '.name | test("^[A-Za-z0-9._-]+$")'
s=$(as mgr GET "/api/v1/leads?q=a%0d%0aSet-Cookie:%20x%3D1")
cat "$T/h" >>"$T/allh"
expect "hostile: a CR LF in a query: answered normally" 200 "$s"
req --path-as-is '/api/v1/me%0d%0aSet-Cookie:%20x=1' >/dev/null; cat "$T/h" >>"$T/allh"
req --path-as-is '/index.html%0d%0aX-Evil:%201' >/dev/null; cat "$T/h" >>"$T/allh"
s=$(as mgr GET "/api/v1/stats?user=1%0d%0aX-Evil:%201")
expect "hostile: a CR LF in ?user=: 400 naming user" 400 "$s" user
cat "$T/h" >>"$T/allh"
if grep -qiE '^(Set-Cookie: *x|X-Evil)' "$T/allh"; then nok "hostile: no injected header in any answer" "$(grep -iE '^(Set-Cookie|X-Evil)' "$T/allh")"; else ok "hostile: no injected header in any answer"; fi
s=$(req -H "Cookie: hawser_session=$(head -c 100000 /dev/zero | tr '\0' a)" /api/v1/me)
case $s in 4??) ok "hostile: a 100 KB cookie: refused (4xx)" ;; *) nok "hostile: a 100 KB cookie: refused (4xx)" "status $s" ;; esac
s=$(req -H "X-Filler: $(head -c 60000 /dev/zero | tr '\0' b)" -H "X-Filler2: $(head -c 60000 /dev/zero | tr '\0' b)" /healthz)
case $s in 4??) ok "hostile: 120 KB of headers: refused (4xx)" ;; *) nok "hostile: 120 KB of headers: refused (4xx)" "status $s" ;; esac
s=$(req /healthz)
expect "hostile: the server is up after the huge headers" 200 "$s"
s=$(as nocsrf:ann PATCH "/api/v1/leads/$LA" '{"title":"csrf"}')
expect "hostile: PATCH with the cookie, no X-CSRF-Token: 403" 403 "$s" X-CSRF-Token
s=$(req -X POST -b "$T/ann.jar" -H "X-CSRF-Token: ${CSRF[mgr]}" -H 'Content-Type: application/json' \
	--data-binary '{"name":"x"}' /api/v1/tokens)
expect "hostile: another session's CSRF token: 403" 403 "$s" X-CSRF-Token
s=$(as ann GET "/api/v1/leads/$LA")
check_jq "hostile: the CSRF-less PATCH changed nothing" '.title == "Head of Testing"'
s=$(req /api/v1/nope)
expect "hostile: an unknown API route: 404" 404 "$s"
case "$(hdr Content-Type)" in application/json*) ok "hostile: ... as JSON" ;; *) nok "hostile: ... as JSON" "$(hdr Content-Type)" ;; esac
for p in /api/v1/leads/0 /api/v1/leads/-1 /api/v1/leads/99999999999999999999999 /api/v1/leads/1x /api/v1/leads/1/; do
	s=$(req --path-as-is -b "$T/admin.jar" "$p")
	case $s in 404 | 400) ok "hostile: GET $p: $s, not a crash" ;; *) nok "hostile: GET $p: 404 (or 400)" "$s $(body)" ;; esac
done
s=$(req -X DELETE /api/v1/me)
expect "hostile: DELETE /api/v1/me: 405" 405 "$s"
check_eq "hostile: ... with Allow: GET" "GET" "$(hdr Allow)"
s=$(req -X PUT -b "$T/ann.jar" "/api/v1/leads/$LA")
expect "hostile: PUT /api/v1/leads/{id}: 405" 405 "$s"
case "$(hdr Allow)" in *GET*PATCH* | *PATCH*GET*) ok "hostile: ... with Allow: GET, PATCH" ;; *) nok "hostile: ... with Allow: GET, PATCH" "Allow: $(hdr Allow)" ;; esac
s=$(req -X GET "/api/v1/leads/$LA/touches")
expect "hostile: GET /api/v1/leads/{id}/touches: 405" 405 "$s"
check_eq "hostile: ... with Allow: POST" "POST" "$(hdr Allow)"
s=$(req -X POST /)
expect "hostile: POST / (a web page): 405" 405 "$s"
case "$(hdr Allow)" in *GET*) ok "hostile: ... with an Allow header naming GET" ;; *) nok "hostile: ... with an Allow header naming GET" "Allow: '$(hdr Allow)'; headers: $(tr -d '\r' <"$T/h" | tr '\n' '|')" ;; esac
# slow clients: half a request each, then nothing; others are still answered
for i in $(seq 20); do
	if exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"; then
		SLOW_FDS+=("$fd")
		if [ $((i % 2)) = 0 ]; then
			printf 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"log' >&"$fd"
		else
			printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' >&"$fd"
		fi
	fi
done
check_eq "hostile: 20 slow clients connected" 20 "${#SLOW_FDS[@]}"
t0=$(date +%s%N)
s=$(req --max-time 5 /healthz)
ms=$((($(date +%s%N) - t0) / 1000000))
expect "hostile: with 20 half-sent requests open, /healthz still answers" 200 "$s"
if [ $ms -lt 2000 ]; then ok "hostile: ... at once ($ms ms)"; else nok "hostile: ... at once" "$ms ms"; fi
s=$(as ann GET "/api/v1/leads/$LA")
expect "hostile: ... and so does a signed-in read" 200 "$s"
s=$(as ann POST /api/v1/tokens '{"name":"during-slow"}')
expect "hostile: ... and a write" 201 "$s"
for fd in "${SLOW_FDS[@]}"; do exec {fd}>&-; done
s=$(req /healthz)
expect "hostile: healthz after everything: 200" 200 "$s"
if kill -0 "$SRV" 2>/dev/null; then ok "hostile: the server process is still running"; else nok "hostile: the server process is still running" "$(tail -n 30 "$T/srv1.err")"; fi
s=$(req /metrics)
expect "metrics from loopback: 200" 200 "$s"
check_grep "metrics: requests counted by route" 'hawser_http_requests_total\{method="POST",route="/api/v1/leads/\{id\}/touches",status="4xx"\}' "$T/b"

# ==== a graceful stop ===================================================
kill -TERM "$SRV" 2>/dev/null
rc=timeout
for i in $(seq 150); do
	if ! kill -0 "$SRV" 2>/dev/null; then wait "$SRV"; rc=$?; break; fi
	sleep 0.1
done
[ "$rc" = timeout ] && stop_server KILL
SRV=
check_eq "SIGTERM: the server stops, exit 0, within 15 s" 0 "$rc"
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$T/srv1.err"; then
	nok "the server's run has no sanitizer report" "$(grep -E -A 25 'Sanitizer|runtime error' "$T/srv1.err" | head -n 60)"
else
	ok "the server's run has no sanitizer report"
fi
if grep -qi 'quiesce' "$T/srv1.err"; then
	nok "SIGTERM: the server stops accepting without an error" "$(grep -i quiesce "$T/srv1.err")"
else
	ok "SIGTERM: the server stops accepting without an error"
fi

# ==== 5. durability ======================================================
if start_server 2; then
	s=$(as tok:"$ANNTOK" POST "/api/v1/leads/$LA/touches" '{"outcome":"no_answer","note":"durable-7f3a"}')
	expect "durability: a touch through the API: 201" 201 "$s"
	TOUCH=$(jb '.touch // 0')
	stop_server KILL
	H lead show "$LA" --json >"$T/lead.json" 2>"$T/err"
	if jq -e --argjson t "$TOUCH" '[.touches[] | select(.id == $t and .notes == "durable-7f3a" and .outcome == "no_answer")] | length == 1' "$T/lead.json" >/dev/null 2>&1; then
		ok "durability: after kill -9 the CLI shows the touch"
	else
		nok "durability: after kill -9 the CLI shows the touch" "touch $TOUCH: $(head -c 600 "$T/lead.json") $(cat "$T/err")"
	fi
	H stats --user ann --json >"$T/st.json" 2>&1
	check_eq "durability: ann's dials count it" 2 "$(jq -r .dials "$T/st.json" 2>/dev/null)"
	if command -v sqlite3 >/dev/null; then
		check_eq "durability: the database is intact" ok "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
	fi
else
	nok "durability: the server starts again" "$(cat "$T/srv2.out" "$T/srv2.err")"
fi
