#!/usr/bin/env bash
# End-to-end: do-not-call, compliance and honest caller ID with the real
# binary — verified caller IDs, national registry copies (full lists, change
# lists, additions, deletions, zip, the Canadian list, format errors, stale
# copies, missing area codes), consents, the internal list (add, lift),
# calls logged to a number listed after the offer, the call records and their
# trigger, the honesty lint, and the same over HTTP (the role matrix of the
# new routes, a running server picking up a new copy).
#
# "Now" is Tuesday 2026-11-24 16:00 UTC: 10:00 in Chicago, 11:00 in New York,
# Toronto and Miami, so every lead may be called by the clock; the registry
# copy is of Friday 2026-11-20. Every number is a fictional NANP 555-01XX one.
#
# Leads (ids by the order of the list):
#   1 Ada  +1 312 555 0101  on the US copy
#   2 Bob  +1 312 555 0102, mobile +1 312 555 0112 (the internal list: all his numbers)
#   3 Cal  +1 773 555 0103  on the US copy (consents)
#   4 Dot  +1 212 555 0104  clear
#   5 Eli  +1 416 555 0105  Toronto: the Canadian list
#   6 Fay  +1 312 555 0106  clear (then listed by a change list)
#   7 Gus  +1 305 555 0107  Miami: area code 305 is not in the US copy
#   8 Hal  +1 312 555 0108  clear
. "$(dirname "$0")/lib.sh"
NOW=2026-11-24T16:00:00Z
DB="$T/dnc.db"
H() { "$HAWSER" --db "$DB" --now "$NOW" "$@"; }
for c in curl jq python3 sqlite3 zip; do command -v $c >/dev/null || { nok "$c installed"; exit 0; }; done
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

SRV=
stop_server() {
	[ -n "$SRV" ] || return 0
	kill -TERM "$SRV" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$SRV" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
	SRV=
}
trap 'stop_server; rm -rf "$T"' EXIT

# jf FILE FILTER — jq -r on a file, empty on an error
jf() { jq -r "$2" "$1" 2>/dev/null; }
# verdict NUMBER — "may_call verdict" from dnc check --json
verdict() { H dnc check "$1" --json | jq -r '"\(.may_call) \(.registry.verdict // "none")"' 2>/dev/null; }
# copy_db NAME — a snapshot of the database and its registry copies
copy_db() {
	rm -f "$T/$1.db"*
	sqlite3 "$DB" ".backup '$T/$1.db'"
	for l in us ca; do [ -f "$DB.dnc-$l" ] && cp "$DB.dnc-$l" "$T/$1.db.dnc-$l"; done
	return 0
}
# offered DB USER NOW — the leads 'next' offers one after the other (each
# logged no_answer, so the next one comes), sorted, space-separated
offered() {
	local i id out=
	for i in $(seq 12); do
		id=$("$HAWSER" --db "$1" --now "$3" next --user "$2" --json 2>/dev/null | jq -r '.lead.id // empty' 2>/dev/null)
		[ -n "$id" ] || break
		out="$out $id"
		"$HAWSER" --db "$1" --now "$3" log "$id" no_answer --user "$2" >/dev/null 2>&1 || break
	done
	# shellcheck disable=SC2046,SC2005 # one line, the words sorted
	echo $(tr ' ' '\n' <<<"$out" | sort -n)
}

cat >"$T/leads.csv" <<'EOF'
First Name,Last Name,Title,Company,Industry,Employees,Phone,Mobile Phone,Email,City,State,Country
Ada,Lovelace,CTO,Analytical Engines,Software,120,+1 312 555 0101,,ada@example.com,Chicago,IL,United States
Bob,Ray,VP Sales,Lakeshore Tools,Software,80,+1 312 555 0102,+1 312 555 0112,bob@example.com,Chicago,IL,United States
Cal,Diaz,CTO,Windy Freight,Software,200,+1 773 555 0103,,cal@example.com,Chicago,IL,United States
Dot,Fox,CTO,Hudson Bakes,Software,40,+1 212 555 0104,,dot@example.com,New York,NY,United States
Eli,Park,CTO,Maple Paper,Software,30,+1 416 555 0105,,eli@example.ca,Toronto,ON,Canada
Fay,Lim,CTO,Loop Labs,Software,60,+1 312 555 0106,,fay@example.com,Chicago,IL,United States
Gus,Orr,CTO,Sunshine Data,Software,90,+1 305 555 0107,,gus@example.com,Miami,FL,United States
Hal,Ito,CTO,Prairie Code,Software,70,+1 312 555 0108,,hal@example.com,Chicago,IL,United States
EOF
H import "$T/leads.csv" --json >"$T/imp.json"
check_eq "fixture: eight leads imported, none flagged (no registry copy yet)" "8 0" "$(jf "$T/imp.json" '"\(.imported) \(.registry)"')"
adduser() { # LOGIN ROLE [CALLER_ID]
	echo 'password1' | H user add "$1" --role "$2" --tz America/Chicago ${3:+--caller-id "$3"} \
		--password-stdin >/dev/null || nok "fixture: user $1"
}
adduser admin admin
adduser mgr manager +13125550190
adduser ann rep +13125550100
adduser cy rep

# ==== 1. honest caller ID ======================================================
H users --json >"$T/users.json"
check_eq "user add --caller-id: the caller ID is the user's, verified" "+13125550100" \
	"$(jf "$T/users.json" '.users[] | select(.login == "ann") | .caller_id')"
check_eq "user add without --caller-id: no caller ID" "" \
	"$(jf "$T/users.json" '.users[] | select(.login == "cy") | .caller_id // ""')"
H next --user cy >"$T/o" 2>&1; rc=$?
check_eq "next for a user without a caller ID: exit 5" 5 "$rc"
check_grep "... the message says to run 'hawser user callerid'" "hawser user callerid cy" "$T/o"
H next --user cy --json >"$T/o.json" 2>/dev/null
check_eq "next --json without a caller ID: the error names the field caller_id" caller_id "$(jf "$T/o.json" .error.field)"
printf 'q\n' | H session --user cy >"$T/o" 2>&1; rc=$?
check_eq "session for a user without a caller ID: exit 5" 5 "$rc"
H user callerid cy +13125550191 --user ann >"$T/o" 2>&1; rc=$?
check_eq "user callerid --user REP: refused (exit 5)" 5 "$rc"
check_grep "... only an admin may verify a caller ID" "only an admin may verify a caller ID" "$T/o"
H user callerid cy +13125550191 --user mgr >/dev/null 2>&1; rc=$?
check_eq "user callerid --user MANAGER: refused (exit 5)" 5 "$rc"
H user callerid cy 12 --user admin >/dev/null 2>&1; rc=$?
check_eq "user callerid with a number that is not one: exit 2" 2 "$rc"
H users --json >"$T/users.json"
check_eq "the refused changes left cy without a caller ID" "" "$(jf "$T/users.json" '.users[] | select(.login == "cy") | .caller_id // ""')"
check "user callerid --user ADMIN" H user callerid cy "(312) 555-0191" --user admin
H users --json >"$T/users.json"
check_eq "... stored in E.164" "+13125550191" "$(jf "$T/users.json" '.users[] | select(.login == "cy") | .caller_id')"
check_eq "... audited as caller_id_verify by the admin" "caller_id_verify +13125550191 1" \
	"$(sqlite3 "$DB" "SELECT action, json_extract(detail, '$.caller_id'), user_id = (SELECT id FROM users WHERE login = 'admin') FROM audit_log WHERE action LIKE 'caller_id%' ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
H next --user ann --json >"$T/n.json"
check_eq "the offer carries the caller ID presented" "+13125550100" "$(jf "$T/n.json" .caller_id)"
check "next as text says which number calls" H next --user ann
check_grep "... 'your caller ID'" '\+13125550100 \(your caller ID\)' "$T/.out"
check "user callerid --clear" H user callerid cy --clear
H next --user cy >/dev/null 2>&1; rc=$?
check_eq "after --clear the user may not call again (exit 5)" 5 "$rc"
H --json user add zed --caller-id "+1 312 555 0177" >/dev/null 2>&1
check_eq "user add --caller-id stores the number in E.164" "+13125550177" \
	"$(H users --json | jq -r '.users[] | select(.login == "zed") | .caller_id')"
H user add zed2 --caller-id 12 >/dev/null 2>&1; rc=$?
check_eq "user add --caller-id with a number that is not one: exit 2" 2 "$rc"

# ==== 2. a national registry copy ================================================
H dnc status --json >"$T/st0.json"
check_eq "dnc status before a load: no US copy" false "$(jf "$T/st0.json" '.registries[] | select(.list == "us") | .loaded')"
check_eq "dnc check before a load: no copy covers the number, it may be called" "true ok" "$(verdict +13125550101)"
printf 'Area Code,Phone Number\r\n312,5550101\r\n773,5550103\r\n212,5550150\r\n312,5550199\r\n' >"$T/us-full.txt"
H dnc load "$T/us-full.txt" --date 2026-11-20 --json >"$T/load1.json"
check_eq "dnc load: a full list (header, CR LF), four numbers in three area codes" "full 4 3 4" \
	"$(jf "$T/load1.json" '"\(.files[0].kind) \(.files[0].lines) \(.area_codes) \(.numbers)"')"
check_eq "dnc load: every lead number scrubbed again, two on the registry" "9 2" \
	"$(jf "$T/load1.json" '"\(.scrub.numbers) \(.scrub.listed)"')"
if [ -s "$DB.dnc-us" ]; then ok "dnc load: the index file DB.dnc-us next to the database"; else nok "dnc load: the index file DB.dnc-us next to the database" "$(ls -la "$T")"; fi
check_eq "dnc load: the load is recorded with its copy date" "us full us-full.txt 2026-11-20" \
	"$(sqlite3 "$DB" "SELECT list, kind, file, date(copy_date, 'unixepoch') FROM dnc_loads ORDER BY id DESC LIMIT 1" | tr '|' ' ' | sed "s|$T/||")"
H dnc status --json >"$T/st1.json"
check_eq "dnc status: the US copy, its date and age" "true 4 2026-11-20 4 false" \
	"$(jf "$T/st1.json" '.registries[] | select(.list == "us") | "\(.loaded) \(.numbers) \(.oldest_copy) \(.age_days) \(.stale)"')"
check "dnc status prints as text" H dnc status
check_grep "... naming the copy's date" "copy of 2026-11-20" "$T/.out"
check_eq "dnc check: a listed number may not be called" "false listed" "$(verdict 3125550101)"
H dnc check "(312) 555-0101" >"$T/o" 2>&1
check_grep "dnc check as text: the registry and the copy's date" "on the US National Do Not Call Registry \(copy of 2026-11-20\)" "$T/o"
check_eq "dnc check: a number of a loaded area code, not listed, may be called" "true ok" "$(verdict 2125550104)"
check_eq "dnc check: a US number of an area code not in the copy may not be called" "false area_missing" "$(verdict 3055550107)"
check_eq "dnc check: a Canadian number is not the US list's business" "true ok" "$(verdict 4165550105)"
H dnc check 12 >/dev/null 2>&1; rc=$?
check_eq "dnc check of something that is not a number: exit 2" 2 "$rc"
H lead show 1 --json >"$T/l1.json"
check_eq "the load flags the lead's number" "us" "$(jf "$T/l1.json" '.phones[0].registry')"
H why 1 --json >"$T/why1.json"
check_eq "why: a listed number, code registry" "registry false" "$(jf "$T/why1.json" '"\(.code) \(.callable)"')"
check_grep "why names the registry and the copy's date" "US National Do Not Call Registry \(copy of 2026-11-20\)" "$T/why1.json"
H why 7 --json >"$T/why7.json"
check_eq "why: a US number whose area code the copy lacks, code registry" "registry" "$(jf "$T/why7.json" .code)"
check_grep "why says the area code is missing from the copy" "area code 305 .* not in the loaded US National Do Not Call Registry copy" "$T/why7.json"
H why 4 --json >"$T/why4.json"
check_eq "why: a clear number is callable" "callable" "$(jf "$T/why4.json" .code)"
copy_db q
check_eq "next never offers a listed number, nor one of a missing area code" "2 4 5 6 8" "$(offered "$T/q.db" ann "$NOW")"
copy_db s # for the stale copy, below
copy_db p # for the server, below

# --- import flags, never drops --------------------------------------------------
# Kim and Lee share a switchboard (one number, two extensions: two leads)
cat >"$T/more.csv" <<'EOF2'
First Name,Last Name,Company,Phone,City,State,Country
Iva,Lund,Fjord Tech,+1 312 555 0199,Chicago,IL,US
Jon,Moe,Lake Data,+1 312 555 0109,Chicago,IL,US
Kim,Nye,Harbor Law,+1 312 555 0120 x11,Chicago,IL,US
Lee,Ott,Harbor Law,+1 312 555 0120 x12,Chicago,IL,US
EOF2
H import "$T/more.csv" --json >"$T/imp2.json"
check_eq "import: a number on the registry is flagged, the row still imported" "4 1" "$(jf "$T/imp2.json" '"\(.imported) \(.registry)"')"
IVA=$(H leads --limit 0 --json | jq -r '.leads[] | select(.first_name == "Iva") | .id')
H lead show "$IVA" --json >"$T/iva.json"
check_eq "import: the imported lead's number carries the registry" "us" "$(jf "$T/iva.json" '.phones[0].registry')"
check_eq "import: ... and the lead is not offered (why: registry)" "registry" "$(H why "$IVA" --json | jq -r .code)"

# ==== 3. consent ===============================================================
H consent add 7735550103 --type written --source "signed form 17" --user ann >"$T/o" 2>&1; rc=$?
check_eq "consent add by a rep: refused (exit 5)" 5 "$rc"
H consent add 7735550103 --type verbal --source x --user mgr >/dev/null 2>&1; rc=$?
check_eq "consent add with an unknown type: exit 2" 2 "$rc"
H consent add 7735550103 --type written --user mgr >/dev/null 2>&1; rc=$?
check_eq "consent add without a source: exit 2" 2 "$rc"
H consent add 7735550103 --type written --source x --date 2026-12-01 --user mgr >/dev/null 2>&1; rc=$?
check_eq "consent add dated in the future: exit 2" 2 "$rc"
H consent add 3125550177 --type written --source x --user mgr >/dev/null 2>&1; rc=$?
check_eq "consent add for a number no lead has: exit 4" 4 "$rc"
H consent add 7735550103 --type written --source "signed form 17" --user mgr --json >"$T/c1.json"
check_eq "consent add (written): recorded, until revoked" "written null" "$(jf "$T/c1.json" '"\(.type) \(.expires)"')"
C1=$(jf "$T/c1.json" .id)
check_eq "a consent exempts the number from the registry" "true consent" "$(verdict 7735550103)"
check_eq "... so the lead may be called" "callable" "$(H why 3 --json | jq -r .code)"
H consent list 7735550103 >"$T/o" 2>&1
check_grep "consent list shows it with its source" "written .*signed form 17" "$T/o"
check_eq "consent audited" 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'consent_add'")"
H consent revoke "$C1" --user ann >/dev/null 2>&1; rc=$?
check_eq "consent revoke by a rep: refused (exit 5)" 5 "$rc"
check "consent revoke by a manager" H consent revoke "$C1" --user mgr
check_eq "a revoked consent exempts nothing" "false listed" "$(verdict 7735550103)"
H consent revoke "$C1" --user mgr >/dev/null 2>&1; rc=$?
check_eq "revoking it twice: exit 4" 4 "$rc"
H consent add 7735550103 --type ebr_inquiry --source "web form" --date 2026-07-01 --user mgr --json >"$T/c2.json"
check_eq "an inquiry exempts for three months" "2026-10-01" "$(jf "$T/c2.json" .expires)"
check_eq "... so an inquiry of July no longer exempts in November" "false listed" "$(verdict 7735550103)"
H consent add 7735550103 --type ebr_purchase --source "order 42" --date 2026-11-01 --user mgr --json >"$T/c3.json"
check_eq "a purchase exempts for 18 months" "2028-05-02" "$(jf "$T/c3.json" .expires)"
check_eq "... so a purchase of this month exempts" "true consent" "$(verdict 7735550103)"
H consent list --json >"$T/cl.json" 2>&1
check_eq "consent list --json: the consents on record" 3 "$(jf "$T/cl.json" '(.consents // .) | length')"
C3=$(jf "$T/c3.json" .id)
check "consent revoke of the purchase" H consent revoke "$C3" --user mgr
check_eq "... the number is blocked again" "false listed" "$(verdict 7735550103)"

# ==== 4. change lists, additions, deletions, zip, the Canadian list ============
printf '312,5550106,A\r\n312,5550199,D\r\n' >"$T/change.txt"
H dnc load "$T/change.txt" --date 2026-11-21 --json >"$T/load2.json"
check_eq "dnc load: a change list (A/D flags) read as one" "change 1 1" \
	"$(jf "$T/load2.json" '"\(.files[0].kind) \(.files[0].added) \(.files[0].deleted)"')"
check_eq "change list: the added number is listed" "false listed" "$(verdict 3125550106)"
check_eq "change list: the deleted number is not" "true ok" "$(verdict 3125550199)"
check_eq "change list: the rest of the copy is kept" "false listed" "$(verdict 3125550101)"
check_eq "the lead of the deleted number is flagged no more" "null" "$(H lead show "$IVA" --json | jq -r '.phones[0].registry')"
printf '2125550104\n' >"$T/adds.txt"
H dnc load "$T/adds.txt" --additions --date 2026-11-22 --json >"$T/load3.json"
check_eq "dnc load --additions: ten digits a line, each an addition" "change 1 0" \
	"$(jf "$T/load3.json" '"\(.files[0].kind) \(.files[0].added) \(.files[0].deleted)"')"
check_eq "... listed" "false listed" "$(verdict 2125550104)"
H dnc load "$T/adds.txt" --deletions --date 2026-11-22 --json >"$T/load4.json"
check_eq "dnc load --deletions: each line a deletion" "0 1" "$(jf "$T/load4.json" '"\(.files[0].added) \(.files[0].deleted)"')"
check_eq "... no longer listed" "true ok" "$(verdict 2125550104)"
cp "$DB.dnc-us" "$T/idx.before"
printf '3125550160\n3125550161\n' >"$T/noflags.txt"
H dnc load "$T/noflags.txt" --change --date 2026-11-22 >"$T/o" 2>&1; rc=$?
check_eq "dnc load --change of a file without A/D flags: refused (exit 3), not read as a full list" 3 "$rc"
check_eq "... and the listed 312 numbers are still listed" "false listed" "$(verdict 3125550106)"
cp "$T/idx.before" "$DB.dnc-us" # whatever happened above, go on from the copy before
printf '212,5550177\n' >"$T/full212.txt"
H dnc load "$T/full212.txt" --full --date 2026-11-23 --json >"$T/load5.json"
check_eq "dnc load --full: replaces the area codes it holds" "1 full" "$(jf "$T/load5.json" '"\(.files[0].area_codes_replaced) \(.files[0].kind)"')"
check_eq "... the area code's old numbers are gone" "true ok" "$(verdict 2125550150)"
check_eq "... its new one is listed" "false listed" "$(verdict 2125550177)"
check_eq "... other area codes untouched" "false listed" "$(verdict 3125550106)"
printf '312,5550101\n312,5550106\n312,5550108\n' >"$T/npa312.txt"
printf '7735550103\n' >"$T/npa773.txt"
(cd "$T" && zip -q us-2026-11-23.zip npa312.txt npa773.txt)
H dnc load "$T/us-2026-11-23.zip" --date 2026-11-23 --json >"$T/load6.json"
check_eq "dnc load of a .zip: every entry read" "full 4 2" "$(jf "$T/load6.json" '"\(.files[0].kind) \(.files[0].lines) \(.files[0].area_codes_replaced)"')"
check_eq "zip: a number of the first entry listed" "false listed" "$(verdict 3125550108)"
check_eq "zip: a number of the second entry listed" "false listed" "$(verdict 7735550103)"
check_eq "zip: 312 replaced, so 312-555-0199 stays off" "true ok" "$(verdict 3125550199)"

# --- format errors change nothing ------------------------------------------------
cp "$DB.dnc-us" "$T/idx.before"
H dnc status --json | jq -c '[.registries[] | select(.list == "us") | .numbers, .oldest_copy, .newest_copy]' >"$T/st.before"
nloads=$(sqlite3 "$DB" "SELECT count(*) FROM dnc_loads")
printf '312,5550102\n312,5550104\nabc,defghij\n' >"$T/bad.txt"
H dnc load "$T/bad.txt" --date 2026-11-24 >"$T/o" 2>&1; rc=$?
check_eq "a format error: exit 3" 3 "$rc"
check_grep "... named FILE:LINE" "bad\.txt:3: 'abc,defghij'" "$T/o"
if cmp -s "$T/idx.before" "$DB.dnc-us"; then ok "... the index file is untouched"; else nok "... the index file is untouched"; fi
check_eq "... dnc status says the same" "$(cat "$T/st.before")" "$(H dnc status --json | jq -c '[.registries[] | select(.list == "us") | .numbers, .oldest_copy, .newest_copy]')"
check_eq "... the first lines were not loaded (dnc check)" "true ok" "$(verdict 3125550102)"
check_eq "... and no load is recorded" "$nloads" "$(sqlite3 "$DB" "SELECT count(*) FROM dnc_loads")"
printf '312,5550102\n112,5550100\n' >"$T/bad2.txt"
H --json dnc load "$T/bad2.txt" --date 2026-11-24 >"$T/o.json" 2>/dev/null; rc=$?
check_eq "an area code starting with 1: exit 3, --json names file and line" "3 2" "$rc $(jf "$T/o.json" .error.line)"
printf '312,5550102,A\n312,5550104\n' >"$T/bad3.txt"
H dnc load "$T/bad3.txt" >"$T/o" 2>&1
check_grep "a change list line without its flag: FILE:LINE" "bad3\.txt:2: .*without its A \(add\) or D \(delete\) flag" "$T/o"
printf '312,5550102\nabc,defghij\n' >"$T/inner.txt"
(cd "$T" && zip -q bad.zip npa773.txt inner.txt)
H dnc load "$T/bad.zip" >"$T/o" 2>&1
check_grep "a bad entry in a zip: ZIP/ENTRY:LINE" "bad\.zip/inner\.txt:2: " "$T/o"
: >"$T/empty.txt"
check_fails "an empty file: refused" H dnc load "$T/empty.txt"
check_fails "a file that does not exist: refused" H dnc load "$T/nope.txt"
check_fails "dnc load --list xx: refused" H dnc load "$T/npa773.txt" --list xx
check_fails "dnc load --date in the future: refused" H dnc load "$T/npa773.txt" --date 2026-12-30
if cmp -s "$T/idx.before" "$DB.dnc-us"; then ok "none of the refused loads touched the index"; else nok "none of the refused loads touched the index"; fi

# --- the Canadian list -------------------------------------------------------------
printf '416,5550105\n' >"$T/ca.txt"
H dnc load "$T/ca.txt" --list ca --date 2026-11-24 --json >"$T/loadca.json"
check_eq "dnc load --list ca: its own index file" "ca 1" "$(jf "$T/loadca.json" '"\(.list) \(.numbers)"')"
if [ -s "$DB.dnc-ca" ]; then ok "... DB.dnc-ca"; else nok "... DB.dnc-ca" "$(ls "$T")"; fi
H why 5 --json >"$T/why5.json"
check_eq "the Canadian lead on the DNCL: not callable" "registry" "$(jf "$T/why5.json" .code)"
check_grep "... why names the Canadian list" "Canadian" "$T/why5.json"
check_eq "a US number is not the Canadian list's business" "true ok" "$(verdict 2125550104)"
check_eq "dnc status: both lists" "us ca" "$(H dnc status --json | jq -r '[.registries[] | select(.loaded) | .list] | join(" ")')"

# ==== 5. stale copies =========================================================
# s.db: the copy of 2026-11-20 only
S() { "$HAWSER" --db "$T/s.db" "$@"; }
check_eq "a copy 30 days old is good: the clear 212 number may be called" "callable" "$(S --now 2026-12-20T16:00:00Z why 4 --json | jq -r .code)"
S --now 2026-12-23T16:00:00Z why 4 --json >"$T/stale.json"
check_eq "a copy 33 days old: the clear number is not offered" "registry false" "$(jf "$T/stale.json" '"\(.code) \(.callable)"')"
check_grep "... why says the copy is too old, with its date" "copy for area code 212 is from 2026-11-20, older than the limit" "$T/stale.json"
check_eq "... dnc check says stale" "false stale" "$(S --now 2026-12-23T16:00:00Z dnc check 2125550104 --json | jq -r '"\(.may_call) \(.registry.verdict)"')"
check_eq "... dnc status says stale" "true 33" "$(S --now 2026-12-23T16:00:00Z dnc status --json | jq -r '.registries[] | select(.list == "us") | "\(.stale) \(.age_days)"')"
S --now 2026-12-23T16:00:00Z dnc status >"$T/o" 2>&1
check_grep "... as text: STALE" "STALE" "$T/o"
check_eq "with a stale US copy next offers only the numbers it does not cover (the Canadian lead)" "5" \
	"$(offered "$T/s.db" ann 2026-12-23T16:00:00Z)"
check "dnc config --max-age 10" S --now "$NOW" dnc config --max-age 10
check_eq "max-age 10: a copy 12 days old is stale" "false stale" "$(S --now 2026-12-02T16:00:00Z dnc check 3125550108 --json | jq -r '"\(.may_call) \(.registry.verdict)"')"
check_eq "max-age 10: a copy 9 days old is good" "true ok" "$(S --now 2026-11-29T16:00:00Z dnc check 3125550108 --json | jq -r '"\(.may_call) \(.registry.verdict)"')"
check_fails "dnc config --max-age 0: refused" S dnc config --max-age 0
check_fails "dnc config --max-age 32 (more than the rule's 31 days): refused" S dnc config --max-age 32

# ==== 6. the internal list ======================================================
H dnc add 3125550112 --user ann --reason "asked on the call" >"$T/o" 2>&1; rc=$?
check_eq "dnc add by a rep: refused (exit 5)" 5 "$rc"
check_grep "... only a manager or an admin" "only a manager or an admin" "$T/o"
check_eq "... the lead is unchanged" "false" "$(H lead show 2 --json | jq -r .do_not_call)"
open2=$(sqlite3 "$DB" "SELECT count(*) FROM tasks WHERE lead_id = 2 AND status = 'open'")
H dnc add "(312) 555-0112" --user mgr --reason "asked on the call" --json >"$T/add.json"
check_eq "dnc add by a manager (the lead's mobile): its other number listed too, its tasks ended" \
	"false 1 1 $open2" "$(jf "$T/add.json" '"\(.was_listed) \(.leads) \(.numbers) \(.tasks_ended)"')"
[ "$open2" -gt 0 ] || nok "fixture: lead 2 had an open task before dnc add"
H lead show 2 --json >"$T/l2.json"
check_eq "the lead at once: do not contact, every number suppressed" "do_not_contact true true true" \
	"$(jf "$T/l2.json" '"\(.status) \(.do_not_call) \([.phones[].suppressed] | join(" "))"')"
check_eq "... no open task left" 0 "$(sqlite3 "$DB" "SELECT count(*) FROM tasks WHERE lead_id = 2 AND status = 'open'")"
check_eq "... why: suppressed" "suppressed" "$(H why 2 --json | jq -r .code)"
check_eq "dnc check: the other number is on the internal list" "false" "$(H dnc check 3125550102 --json | jq -r '.may_call')"
check_grep "dnc check as text says internal list: yes" "internal list: yes" <(H dnc check 3125550102 2>&1)
H consent add 3125550102 --type written --source "signed form 18" --user mgr >/dev/null 2>&1
check_eq "a consent does not exempt from the internal list" "false" "$(H dnc check 3125550102 --json | jq -r .may_call)"
H dnc add 3125550120 --user admin --reason "the switchboard asked" --json >"$T/add2.json"
check_eq "dnc add of a switchboard's number: every lead with it" 2 "$(jf "$T/add2.json" .leads)"
check_eq "... both do not contact at once" "do_not_contact do_not_contact" \
	"$(H leads --limit 0 --json | jq -r '[.leads[] | select(.company == "Harbor Law") | .status] | join(" ")')"
check_eq "dnc add audited with its reason" "the switchboard asked" \
	"$(sqlite3 "$DB" "SELECT json_extract(detail, '$.reason') FROM audit_log WHERE action = 'dnc_add' ORDER BY id DESC LIMIT 1")"
H dnc remove 3125550112 --user mgr --reason "the customer signed a new request form" >"$T/o" 2>&1; rc=$?
check_eq "dnc remove by a manager: refused (exit 5)" 5 "$rc"
H dnc remove 3125550112 --user admin --reason "he agreed" >"$T/o" 2>&1; rc=$?
check_eq "dnc remove with a reason under 15 letters: exit 2" 2 "$rc"
check_grep "... says a written reason is needed" "written reason" "$T/o"
H dnc remove 3125550112 --user admin >/dev/null 2>&1; rc=$?
check_eq "dnc remove without a reason: exit 2" 2 "$rc"
check_eq "the refused lifts changed nothing" "true" "$(H lead show 2 --json | jq -r .do_not_call)"
H dnc remove 3125550112 --user admin --reason "signed request of 2026-11-20 to be called again" --json >"$T/rm.json"
check_eq "dnc remove by an admin with a written reason" "true 1" "$(jf "$T/rm.json" '"\(.was_listed) \(.leads)"')"
check_eq "... audited with the reason" "signed request of 2026-11-20 to be called again" \
	"$(sqlite3 "$DB" "SELECT json_extract(detail, '$.reason') FROM audit_log WHERE action = 'dnc_remove' ORDER BY id DESC LIMIT 1")"
H dnc remove 3125550112 --user admin --reason "signed request of 2026-11-20 to be called again" >/dev/null 2>&1; rc=$?
check_eq "lifting a number not on the list: exit 4" 4 "$rc"

# ==== 7. a call logged to a number listed after the offer ========================
# ann may now get Dot (212-555-0104), Iva or Jon: clear numbers, each
H next --user ann --json >"$T/offer.json"
L=$(jf "$T/offer.json" .lead.id); D=$(jf "$T/offer.json" .dial)
check_eq "fixture: ann is offered a clear lead" "true ok" "$(verdict "$D")"
printf '%s,%s,A\n' "${D:2:3}" "${D:5:7}" >"$T/late.txt"
H dnc load "$T/late.txt" --date 2026-11-24 >/dev/null || nok "fixture: the late change list loads"
H log "$L" no_answer --duration 17 --user ann --json >"$T/late.json"; rc=$?
check_eq "the call to the number listed since the offer is still recorded" 0 "$rc"
check_grep "log --json has a warning naming the registry" '"warning": ?"[^"]*on the US National Do Not Call Registry' "$T/late.json"
check_eq "... the touch is in the lead's history" "no_answer" "$(H lead show "$L" --json | jq -r '.touches[-1].outcome')"
check_eq "... audited as call_to_blocked_number" "$D us" \
	"$(sqlite3 "$DB" "SELECT json_extract(detail, '$.number'), json_extract(detail, '$.list') FROM audit_log WHERE action = 'call_to_blocked_number' ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
# the internal list between offer and dial
H next --user ann --json >"$T/offer2.json"
L2=$(jf "$T/offer2.json" .lead.id); D2=$(jf "$T/offer2.json" .dial)
if [ -n "$L2" ]; then
	H dnc add "$D2" --user mgr --reason "asked by email" >/dev/null
	H log "$L2" no_answer --user ann --json >"$T/late2.json"
	check_grep "a call to a number put on the internal list since the offer: a warning" '"warning": ?"[^"]*internal do-not-call list' "$T/late2.json"
else
	nok "fixture: a second offer for ann" "$(cat "$T/offer2.json")"
fi

# ==== 8. call records =============================================================
H records >"$T/rec.csv"
check_eq "records: the header" "time_utc,user,lead_id,lead,channel,number_dialed,caller_id,duration_s,outcome,template,blocked_by" "$(head -n 1 "$T/rec.csv" | tr -d '\r')"
# rec LEAD — the lead's last record as "user|number|caller|duration|outcome|blocked_by"
rec() {
	"$PY" - "$T/rec.csv" "$1" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["lead_id"] == sys.argv[2]]
r = rows[-1] if rows else {}
print("|".join(r.get(k, "?").lstrip("'") for k in ("user", "number_dialed", "caller_id", "duration_s", "outcome", "blocked_by")))
PY
}
check_eq "records: the call to the newly listed number, with the caller ID and the list" "ann|$D|+13125550100|17|no_answer|us" "$(rec "$L")"
check_eq "records: the call to the number put on the internal list" "ann|$D2|+13125550100||no_answer|internal" "$(rec "$L2")"
check_grep "records: numbers are spreadsheet-safe" "\"'\\+13125550100\"" "$T/rec.csv"
H records --from 2026-11-25 >"$T/rec2.csv"
check_eq "records --from tomorrow: the header only" 1 "$(wc -l <"$T/rec2.csv")"
H records --from 2026-11-24 --to 2026-11-24 --out "$T/rec3.csv" 2>"$T/o"
check_eq "records --out: the same rows into the file" "$(cat "$T/rec.csv")" "$(cat "$T/rec3.csv" 2>/dev/null)"
check_grep "... and says how many" "call records written to" "$T/o"
check_fails "records --from with a bad day: refused" H records --from 24/11/2026
n0=$(sqlite3 "$DB" "SELECT count(*) FROM touches")
check_fails "call records cannot be deleted (the database refuses)" sqlite3 "$DB" "DELETE FROM touches"
check_fails "call records cannot be changed (the database refuses)" sqlite3 "$DB" "UPDATE touches SET outcome = 'x'"
check_eq "... every record is still there as it was" "$n0 0" "$(sqlite3 "$DB" "SELECT count(*), sum(outcome = 'x') FROM touches" | tr '|' ' ')"

# ==== 9. the honesty lint ========================================================
check "lint: the stock templates and openers are honest (exit 0)" H lint
H lint --rules >"$T/o" 2>&1
check_grep "lint --rules lists the rules" "fake-return-call" "$T/o"
printf 'Hi {first_name},\nI am not trying to sell you anything, just returning your call.\n' >"$T/dishonest.txt"
H template set pretext --channel email --subject "Quick one" "$T/dishonest.txt" >"$T/o" 2>&1; rc=$?
check_eq "template set with a dishonest phrase: saved anyway (exit 0)" 0 "$rc"
check_grep "... with a warning naming the rule" "fake-return-call" "$T/o"
check_grep "template show: the body" "just returning your call" <(H template show pretext 2>&1)
check_grep "template list: the new template" "^pretext +email" <(H template list 2>&1)
H lint >"$T/o" 2>&1; rc=$?
check_eq "lint finds it in the stored templates: exit 3" 3 "$rc"
check_grep "... naming the template and line" "template pretext body:2:" "$T/o"
H lint "$T/dishonest.txt" >"$T/o" 2>&1; rc=$?
check_eq "lint FILE with findings: exit 3" 3 "$rc"
check_grep "... FILE:LINE:COL" "dishonest\.txt:2:[0-9]+: " "$T/o"
printf 'Hi {first_name}, this is Ann from Acme. I am calling because we help teams like yours book meetings.\n' >"$T/honest.txt"
check "lint of an honest file: exit 0" H lint "$T/honest.txt"
check_fails "template set with an unknown channel: refused" H template set x --channel fax "$T/honest.txt"
for c in dnc consent records lint template user; do check "help $c" "$HAWSER" help $c; done

# ==== 10. over HTTP ===============================================================
# p.db: the database as it was after the first US load (ann, cy, mgr, admin)
PDB="$T/p.db"
"$HAWSER" --db "$PDB" --now "$NOW" --json serve --listen 127.0.0.1:0 >"$T/srv.out" 2>"$T/srv.err" &
SRV=$!
for _ in $(seq 300); do
	grep -q '"url"' "$T/srv.out" 2>/dev/null && break
	kill -0 "$SRV" 2>/dev/null || break
	sleep 0.1
done
BASE=$(jq -r '.url // empty' "$T/srv.out" 2>/dev/null | head -n 1)
BASE=${BASE%/}
if [ -z "$BASE" ]; then
	nok "serve: the server starts" "$(cat "$T/srv.out" "$T/srv.err")"
	exit 0
fi
req() { # CURL-ARGS... PATH — prints the status; the body in $T/b, the headers in $T/h
	local p=${*: -1}
	curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' --max-time 20 "${@:1:$#-1}" "$BASE$p"
}
declare -A CSRF UID_
as() { # WHO METHOD PATH [JSON]
	local who=$1 m=$2 p=$3 a
	shift 3
	a=(-X "$m")
	[ "$who" = anon ] || a+=(-b "$T/$who.jar" -H "X-CSRF-Token: ${CSRF[$who]:-}")
	[ $# -gt 0 ] && a+=(-H 'Content-Type: application/json' --data-binary "$1")
	req "${a[@]}" "$p"
}
jb() { jq -r "$1" "$T/b" 2>/dev/null; }
body() { head -c 300 "$T/b" | tr -d '\0'; }
# expect NAME WANT GOT [FIELD] — the status; an error's JSON field when given
expect() {
	local why=
	if [ "$2" != "$3" ]; then
		why="expected $2, got $3: $(body)"
	elif [ -n "${4:-}" ] && [ "$(jb '.error.field // "-"')" != "$4" ]; then
		why="expected field $4: $(body)"
	fi
	if [ -z "$why" ]; then ok "$1"; else nok "$1" "$why"; fi
}
check_jq() { if jq -e "$2" "$T/b" >/dev/null 2>&1; then ok "$1"; else nok "$1" "not ($2): $(body)"; fi; }
for u in admin mgr ann cy; do
	s=$(req -c "$T/$u.jar" -H 'Content-Type: application/json' \
		--data-binary "{\"login\":\"$u\",\"password\":\"password1\"}" /api/v1/login)
	CSRF[$u]=$(jb '.csrf // empty')
	UID_[$u]=$(jb '.user.id // empty')
	[ "$s" = 200 ] || nok "fixture: $u signs in" "$s $(body)"
done
declare -A ROLE=([admin]=admin [mgr]=manager [ann]=rep)

# caller ID
s=$(as cy POST /api/v1/next)
expect "API next without a caller ID: 409 naming caller_id" 409 "$s" caller_id
check_jq "... the message says to run 'hawser user callerid'" '.error.message | contains("hawser user callerid")'
s=$(as ann POST /api/v1/next)
expect "API next: 200" 200 "$s"
check_jq "API next: the offer carries the caller ID" '.caller_id == "+13125550100"'
AL=$(jb .lead.id)
s=$(as ann POST "/api/v1/leads/$AL/touches" '{"outcome":"voicemail","caller_id":"+13125550199"}')
expect "touches with a caller_id field: logged (201)" 201 "$s"
"$HAWSER" --db "$PDB" records >"$T/prec.csv"
check_eq "... the record has the user's verified caller ID, not the one sent" "+13125550100" \
	"$("$PY" -c 'import csv,sys; r=[x for x in csv.DictReader(open(sys.argv[1])) if x["lead_id"]==sys.argv[2]]; print(r[-1]["caller_id"].lstrip("'"'"'") if r else "")' "$T/prec.csv" "$AL")"
if grep -q 5550199 "$T/prec.csv"; then nok "... the number sent appears nowhere in the records"; else ok "... the number sent appears nowhere in the records"; fi
for a in ann mgr; do
	s=$(as $a PUT "/api/v1/users/${UID_[cy]}/caller-id" '{"caller_id":"+13125550192"}')
	expect "PUT /users/{id}/caller-id as ${ROLE[$a]}: 403" 403 "$s"
done
s=$(as ann PUT "/api/v1/users/${UID_[ann]}/caller-id" '{"caller_id":"+13125550199"}')
expect "a rep cannot set their own caller ID either: 403" 403 "$s"
s=$(as admin PUT "/api/v1/users/${UID_[cy]}/caller-id" '{"caller_id":"12"}')
expect "PUT caller-id with a number that is not one: 400 naming caller_id" 400 "$s" caller_id
s=$(as admin PUT /api/v1/users/9999/caller-id '{"caller_id":"+13125550192"}')
expect "PUT caller-id of a user that does not exist: 404" 404 "$s"
s=$(as cy POST /api/v1/next)
expect "... none of that gave cy a caller ID (next: 409)" 409 "$s"
s=$(as admin PUT "/api/v1/users/${UID_[cy]}/caller-id" '{"caller_id":"(312) 555-0192"}')
expect "PUT caller-id as admin: 200" 200 "$s"
check_jq "... answers the number in E.164" '.caller_id == "+13125550192"'
s=$(as cy POST /api/v1/next)
expect "... then cy may call" 200 "$s"
check_jq "... with that caller ID" '.caller_id == "+13125550192"'
check_eq "... audited as the admin's" "caller_id_verify ${UID_[admin]}" \
	"$(sqlite3 "$PDB" "SELECT action, user_id FROM audit_log WHERE action LIKE 'caller_id%' ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
s=$(as admin POST /api/v1/users '{"login":"dee","password":"password1","caller_id":"+1 312 555 0193"}')
expect "POST /users with a caller_id as admin: 201" 201 "$s"
check_jq "... the caller ID in E.164" '.caller_id == "+13125550193"'
s=$(as admin POST /api/v1/users '{"login":"dee2","password":"password1","caller_id":"555"}')
expect "POST /users with a bad caller_id: 400 naming caller_id" 400 "$s" caller_id
s=$(as mgr POST /api/v1/users '{"login":"dee3","password":"password1","caller_id":"+13125550194"}')
expect "POST /users with a caller_id as a manager: 403" 403 "$s"

# GET /api/v1/dnc: any signed-in user
for a in ann mgr admin; do
	s=$(as $a GET "/api/v1/dnc?number=%2B13125550101")
	expect "GET /dnc as ${ROLE[$a]}: 200" 200 "$s"
done
check_jq "GET /dnc: a listed number, the copy's date" '.may_call == false and .registry.verdict == "listed" and .registry.copy_date == "2026-11-20"'
s=$(as anon GET "/api/v1/dnc?number=3125550101")
expect "GET /dnc without a sign-in: 401" 401 "$s"
s=$(as ann GET /api/v1/dnc)
expect "GET /dnc without a number: 400 naming number" 400 "$s" number
s=$(as ann GET "/api/v1/dnc?number=12")
expect "GET /dnc?number=12: 400 naming number" 400 "$s" number
s=$(as ann GET "/api/v1/dnc?number=3055550107")
check_jq "GET /dnc: a US area code not in the copy" '.may_call == false and .registry.verdict == "area_missing"'

# POST /api/v1/dnc: managers and admins
s=$(as ann POST /api/v1/dnc '{"number":"3125550108","reason":"asked"}')
expect "POST /dnc as rep: 403" 403 "$s"
s=$(as ann GET "/api/v1/dnc?number=3125550108")
check_jq "... the number is not listed" '.may_call == true and .internal == null'
s=$(as mgr POST /api/v1/dnc '{"number":"3125550108","reason":"asked on the call"}')
expect "POST /dnc as manager: 201" 201 "$s"
check_jq "... the lead and its tasks" '.leads == 1 and .tasks_ended >= 1 and .was_listed == false'
s=$(as admin POST /api/v1/dnc '{"number":"+1 212 555 0104","reason":"asked by letter"}')
expect "POST /dnc as admin: 201" 201 "$s"
s=$(as mgr POST /api/v1/dnc '{"number":"12"}')
expect "POST /dnc with a bad number: 400 naming number" 400 "$s" number
check_eq "POST /dnc: the lead is do-not-contact at once" "do_not_contact true" \
	"$("$HAWSER" --db "$PDB" lead show 8 --json | jq -r '"\(.status) \(.do_not_call)"')"
s=$(as admin GET "/api/v1/leads/8/why")
check_jq "... why: suppressed" '.code == "suppressed"'

# POST /api/v1/dnc/lift: admins, with a written reason
for a in ann mgr; do
	s=$(as $a POST /api/v1/dnc/lift '{"number":"3125550108","reason":"signed request of 2026-11-20 to be called again"}')
	expect "POST /dnc/lift as ${ROLE[$a]}: 403" 403 "$s"
done
s=$(as admin POST /api/v1/dnc/lift '{"number":"3125550108","reason":"he agreed"}')
expect "POST /dnc/lift with a short reason: 400 naming reason" 400 "$s" reason
s=$(as admin POST /api/v1/dnc/lift '{"number":"3125550108"}')
expect "POST /dnc/lift without a reason: 400 naming reason" 400 "$s" reason
s=$(as admin POST /api/v1/dnc/lift '{"number":"3125550108","reason":"signed request of 2026-11-20 to be called again"}')
expect "POST /dnc/lift as admin with a written reason: 200" 200 "$s"
check_eq "... audited" 1 "$(sqlite3 "$PDB" "SELECT count(*) FROM audit_log WHERE action = 'dnc_remove'")"
s=$(as admin POST /api/v1/dnc/lift '{"number":"3125550108","reason":"signed request of 2026-11-20 to be called again"}')
expect "POST /dnc/lift of a number not listed: 404" 404 "$s"

# GET /api/v1/records: admins
for a in ann mgr; do
	s=$(as $a GET /api/v1/records)
	expect "GET /records as ${ROLE[$a]}: 403" 403 "$s"
done
s=$(as admin GET /api/v1/records)
expect "GET /records as admin: 200" 200 "$s"
case "$(tr -d '\r' <"$T/h" | grep -i '^content-type:' | head -n 1)" in
*text/csv*) ok "GET /records: text/csv" ;;
*) nok "GET /records: text/csv" "$(grep -i content-type "$T/h")" ;;
esac
check_eq "GET /records: the same CSV as the CLI" "$("$HAWSER" --db "$PDB" records)" "$(cat "$T/b")"
s=$(as admin GET "/api/v1/records?from=2026-11-25T00:00:00Z")
check_eq "GET /records?from=tomorrow: the header only" 1 "$(grep -c . "$T/b")"
s=$(as admin GET "/api/v1/records?from=yesterday")
expect "GET /records?from=yesterday: 400 naming from" 400 "$s" from

# POST /api/v1/dnc/loads: admins (an upload, loaded by a thread of its own)
printf '312,5550105,A\n' >"$T/up.txt"
for a in ann mgr; do
	s=$(req -X POST -b "$T/$a.jar" -H "X-CSRF-Token: ${CSRF[$a]}" -H 'Content-Type: text/plain' \
		--data-binary @"$T/up.txt" "/api/v1/dnc/loads?list=us&date=2026-11-24&name=up.txt")
	expect "POST /dnc/loads as ${ROLE[$a]}: 403" 403 "$s"
done

# a running server picks up a copy loaded from the command line
s=$(as ann GET "/api/v1/dnc?number=3125550106")
check_jq "before the load the server says 312-555-0106 may be called" '.may_call == true'
printf '312,5550106,A\n' >"$T/reload.txt"
"$HAWSER" --db "$PDB" --now "$NOW" dnc load "$T/reload.txt" --date 2026-11-24 >/dev/null || nok "fixture: dnc load while serving"
t0=$(date +%s%N); got=
for _ in $(seq 40); do
	as ann GET "/api/v1/dnc?number=3125550106" >/dev/null
	got=$(jb .may_call)
	[ "$got" = false ] && break
	sleep 0.1
done
ms=$((($(date +%s%N) - t0) / 1000000))
check_eq "the server picks up the new copy without a restart (${ms} ms)" false "$got"
# each server thread looks at the index file once a second: ask until every
# answer has the new copy
for _ in $(seq 25); do
	as admin GET "/api/v1/leads/6/why" >/dev/null
	jq -e '.code == "registry"' "$T/b" >/dev/null 2>&1 && break
	sleep 0.1
done
check_jq "... and why explains it with the new copy's date" '.code == "registry" and (.why | contains("copy of 2026-11-24"))'

s=$(req -X POST -b "$T/admin.jar" -H "X-CSRF-Token: ${CSRF[admin]}" -H 'Content-Type: text/plain' \
	--data-binary @"$T/up.txt" "/api/v1/dnc/loads?list=us&date=2026-11-24&name=up.txt")
expect "POST /dnc/loads as admin: 202" 202 "$s"
LID=$(jb '.id // 0'); st=
for _ in $(seq 100); do
	as admin GET "/api/v1/dnc/loads/$LID" >/dev/null
	st=$(jb .status)
	[ "$st" = running ] || break
	sleep 0.1
done
check_eq "... the load finishes" "done" "$st"
for a in ann mgr; do
	s=$(as $a GET "/api/v1/dnc/loads/$LID")
	expect "GET /dnc/loads/{id} as ${ROLE[$a]}: 403" 403 "$s"
done
for _ in $(seq 25); do
	as ann GET "/api/v1/dnc?number=3125550105" >/dev/null
	[ "$(jb .may_call)" = false ] && break
	sleep 0.1
done
check_jq "... and its number is listed" '.may_call == false and .registry.verdict == "listed"'

stop_server
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/srv.err"; then
	nok "the server's run has no sanitizer report" "$(grep -E -A 20 'Sanitizer|runtime error' "$T/srv.err" | head -n 40)"
else
	ok "the server's run has no sanitizer report"
fi
