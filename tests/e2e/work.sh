#!/usr/bin/env bash
# End-to-end: working leads from the terminal with the real binary — next,
# log, why, agenda, stats, users — on a small list whose zones and rules make
# every expected time computable by hand. "Now" is Tuesday 2026-11-24 16:00
# UTC: 10:00 in Chicago, 11:00 in Miami and Toronto, 03:00 Wednesday in
# Sydney. Thursday 2026-11-26 is Thanksgiving (a US holiday in the policy).
. "$(dirname "$0")/lib.sh"
NOW=2026-11-24T16:00:00Z
H() { "$HAWSER" --now "$NOW" "$@"; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cat > "$T/leads.csv" <<'EOF'
First Name,Last Name,Title,Company,Industry,Employees,Phone,Email,City,State,Country
Ada,Lovelace,CTO,Analytical Engines,Software,120,+1 312 555 0101,ada@example.com,Chicago,IL,United States
Bob,Ray,VP Sales,Sunshine Tools,Software,80,+1 305 555 0102,bob@example.com,Miami,FL,United States
Cleo,Ng,Office Manager,Harbour Bikes,Retail,8,+61 2 5550 1234,cleo@example.com.au,Sydney,NSW,Australia
Dee,Moss,Office Manager,Maple Paper,Retail,30,+1 416 555 0104,dee@example.ca,Toronto,ON,Canada
Eve,Kim,CEO,Nophone Inc,Software,50,,eve@example.com,Boston,MA,United States
EOF
H import "$T/leads.csv" --json > "$T/imp.json"
check_eq "fixture imported" 5 "$(j 'd["imported"]' < "$T/imp.json")"
check "user add ann" H user add ann --tz America/Chicago --goal 3 --caller-id +13125550190
check "user add bob" H user add bob --tz America/New_York --caller-id +13125550191
check_fails "user add refuses a duplicate login" H user add ann
check_fails "user add refuses a bad time zone" H user add cy --tz Mars/Base
H users --json > "$T/users.json"
check_eq "users lists both" "ann bob" "$(j '" ".join(u["login"] for u in d["users"])' < "$T/users.json")"
check_eq "users shows each one's verified caller ID" "+13125550190 +13125550191" "$(j '" ".join(u["caller_id"] for u in d["users"])' < "$T/users.json")"

H why 1 --json > "$T/why.json"
check_eq "why: a new lead has no call planned yet" "no_task" "$(j 'd["code"]' < "$T/why.json")"
check_fails "next needs --user" H next
H next --user nobody > "$T/o" 2>&1; rc=$?
check_eq "next for an unknown user: exit 4" 4 "$rc"
check_grep "next for an unknown user says how to add one" "hawser user add nobody" "$T/o"
check "user add cy (no caller ID)" H user add cy --tz America/Chicago
H next --user cy > "$T/o" 2>&1; rc=$?
check_eq "next for a user without a caller ID: exit 5" 5 "$rc"
check_grep "... says how to verify one (hawser user callerid)" "hawser user callerid cy" "$T/o"

# --- the queue: best ICP first, held for the rep, never twice -----------------
H next --user ann --json > "$T/n1.json"
check_eq "next offers the best fit first (the CTO in Chicago)" "1 +13125550101" \
	"$(j 'str(d["lead"]["id"])+" "+d["dial"]' < "$T/n1.json")"
check_grep "the card says the lead's local time" '"local_time": ?"Tue 10:00 in America/Chicago"' "$T/n1.json"
check_eq "the offer carries ann's verified caller ID" "+13125550190" "$(j 'd["caller_id"]' < "$T/n1.json")"
H next --user ann --json > "$T/n1b.json"
check_eq "asking again gives the lead held" 1 "$(j 'd["lead"]["id"]' < "$T/n1b.json")"
H next --user bob --json > "$T/n2.json"
check_eq "another rep gets another lead (the VP in Miami)" 2 "$(j 'd["lead"]["id"]' < "$T/n2.json")"
H why 1 --json > "$T/why.json"
check_eq "why: held by ann" "leased" "$(j 'd["code"]' < "$T/why.json")"
H why 3 --json > "$T/why3.json"
check_eq "why: Sydney's first call waits for 09:30 there (after the quiet half hour)" \
	"not_due 2026-11-24T22:30:00Z" "$(j 'd["code"]+" "+d["next"]' < "$T/why3.json")"
H why 5 --json > "$T/why5.json"
check_eq "why: a lead without a number cannot be called" "suppressed" "$(j 'd["code"]' < "$T/why5.json")"
check_grep "why says to add a number" "no phone number" "$T/why5.json"

# --- logging: the engine plans the next touches -------------------------------
H log 1 voicemail --user ann --json > "$T/l1.json"
check_eq "voicemail: an email today, a call later" "email call" \
	"$(j '" ".join(t["channel"] for t in d["tasks"])' < "$T/l1.json")"
check_eq "voicemail: the email is the follow-up template" "voicemail-follow-up" \
	"$(j 'd["tasks"][0]["template"]' < "$T/l1.json")"
check_eq "voicemail: the call two business days on skips Thanksgiving (Friday)" "2026-11-27" \
	"$(j 'd["tasks"][1]["due_from"][:10]' < "$T/l1.json")"
check_eq "voicemail: the lead is now working" working "$(j 'd["status"]' < "$T/l1.json")"
check_grep "voicemail: the rule is named" '"rule": ?"smart-persistence:[0-9]+"' "$T/l1.json"
H why 1 --json > "$T/why.json"
check_eq "why after logging: the next call is not due yet" "not_due" "$(j 'd["code"]' < "$T/why.json")"

H log 2 brush_off --user bob --objection no_time --json > "$T/l2.json"
check_eq "brush-off: the bad-time note today, then a call" "note call" \
	"$(j '" ".join(t["channel"] for t in d["tasks"])' < "$T/l2.json")"
check_eq "brush-off: the call refers to the note" "yes" \
	"$(j '"yes" if d["tasks"][1]["refers_to_task"]==d["tasks"][0]["id"] else "no"' < "$T/l2.json")"
check_eq "brush-off: three business days on, past Thanksgiving (Monday)" "2026-11-30" \
	"$(j 'd["tasks"][1]["due_from"][:10]' < "$T/l2.json")"
H agenda --user bob --json > "$T/ag.json"
check_eq "agenda: today's note for Bob's lead with its template" "note bad-time-note 2" \
	"$(j '" ".join(t["channel"]+" "+t.get("template","")+" "+str(t["lead"]) for t in d["tasks"] if t["channel"]!="call")' < "$T/ag.json")"
H agenda --user bob --day 2026-11-30 --json > "$T/ag30.json"
check_eq "agenda on the 30th: the call that refers to the note" "call" \
	"$(j '" ".join(t["channel"] for t in d["tasks"])' < "$T/ag30.json")"
check "agenda prints as text" H agenda --user bob

# --- the Florida cap: three calls in 24 h --------------------------------------
"$HAWSER" --now 2026-11-24T16:30:00Z log 2 no_answer --user bob >/dev/null
"$HAWSER" --now 2026-11-24T17:00:00Z log 2 callback --at 2026-11-24T13:00 --user bob --json > "$T/cap.json"
check_eq "Florida: a callback after three calls in 24 h moves past the cap" \
	"2026-11-25T16:00:00Z" "$(j 'd["tasks"][0]["due_from"]' < "$T/cap.json")"
check_grep "Florida: the task says why" "first legal moment after the time given" "$T/cap.json"

# --- a callback at the prospect's time comes first ------------------------------
H log 4 callback --at 14:30 --user ann --json > "$T/cb.json"
check_eq "callback at 14:30 Toronto time" "2026-11-24T19:30:00Z" "$(j 'd["tasks"][0]["due_from"]' < "$T/cb.json")"
"$HAWSER" --now 2026-11-24T19:31:00Z next --user ann --json > "$T/n4.json"
check_eq "next at 14:31 there: the callback first" 4 "$(j 'd["lead"]["id"]' < "$T/n4.json")"

# --- a do-not-call request ---------------------------------------------------
"$HAWSER" --now 2026-11-24T19:32:00Z log 4 do_not_call --user ann --json > "$T/dnc.json"
check_eq "do-not-call: the number suppressed, the lead closed" "1 do_not_contact" \
	"$(j 'str(d["suppressed"])+" "+d["status"]' < "$T/dnc.json")"
H why 4 --json > "$T/why4.json"
check_eq "why: never after a do-not-call request" "suppressed" "$(j 'd["code"]' < "$T/why4.json")"
H lead show 4 --json > "$T/lead4.json"
check_eq "lead show: the number is suppressed" "True" "$(j 'd["phones"][0]["suppressed"]' < "$T/lead4.json")"
H agenda --user ann --json > "$T/ag4.json"
check_eq "do-not-call: no open task left for the lead" 0 \
	"$(j 'len([t for t in d["tasks"] if t["lead"]==4 and t["status"]=="open"])' < "$T/ag4.json")"

# --- bad input changes nothing ---------------------------------------------
H log 1 not_interested --user ann > "$T/o" 2>&1; rc=$?
check_eq "not_interested without a reason: exit 3" 3 "$rc"
check_grep "the error says which reasons" "needs a reason: --reason timing" "$T/o"
H log 1 sleepy > "$T/o" 2>&1; rc=$?
check_eq "unknown outcome: exit 2" 2 "$rc"
H log 99 no_answer > "$T/o" 2>&1; rc=$?
check_eq "unknown lead: exit 4" 4 "$rc"
H log 1 callback --at 25:99 > "$T/o" 2>&1; rc=$?
check_eq "a bad --at: exit 2" 2 "$rc"
H lead show 1 --json > "$T/lead1.json"
check_eq "refused logs left no touch" 1 "$(j 'len(d["touches"])' < "$T/lead1.json")"

# --- the numbers --------------------------------------------------------------
H stats --user ann --json > "$T/st.json"
check_eq "stats: ann's dials and connects" "3 2" "$(j 'str(d["dials"])+" "+str(d["connects"])' < "$T/st.json")"
check_eq "stats: the day's goal" 3 "$(j 'd["daily_goal"]' < "$T/st.json")"
H stats --json > "$T/stt.json"
check_eq "stats: the team's dials" 6 "$(j 'd["dials"]' < "$T/stt.json")"
check_eq "stats: objections counted" 1 "$(j 'd["objections"]["no_time"]' < "$T/stt.json")"
check "stats prints as text" H stats --user ann
for c in next log why agenda stats user users; do
	check "help $c" "$HAWSER" help $c
done

# --- the rules are text a team edits ------------------------------------------
H cadence show > "$T/team.cadence"
check_grep "cadence show prints the default rules" '^cadence smart-persistence' "$T/team.cadence"
printf 'cadence bad\non voicemail do call tomorrow\n' > "$T/bad.cadence"
H cadence check "$T/bad.cadence" > "$T/o" 2>&1; rc=$?
check_eq "cadence check: a bad rule exits 3" 3 "$rc"
check_grep "cadence check names FILE:LINE and what was expected" \
	"bad.cadence:2: unexpected 'tomorrow': expected when" "$T/o"
printf 'cadence team\non enroll do call today\non voicemail do linkedin linkedin-connect today, call in 7 days\non no_answer do call next business day\n' > "$T/team2.cadence"
check "cadence load" H cadence load "$T/team2.cadence"
H log 1 voicemail --user ann --json > "$T/l1b.json"
check_eq "the loaded cadence decides: a LinkedIn task and a call a week later" "linkedin call team:3" \
	"$(j '" ".join(t["channel"] for t in d["tasks"])+" "+d["rule"]' < "$T/l1b.json")"
printf 'window US mon-sun 08:00 25:00\n' > "$T/bad.policy"
H policy load "$T/bad.policy" > "$T/o" 2>&1; rc=$?
check_eq "policy load refuses a bad file: exit 3" 3 "$rc"
check_grep "policy error names FILE:LINE" "bad.policy:1: " "$T/o"
H policy show > "$T/p.txt"
check_grep "the policy in force is still the default" "^window +US-FL" "$T/p.txt"
printf 'title has "cto" +40\nregion is XX YY +5\n' > "$T/bad.icp"
H icp check "$T/bad.icp" > "$T/o" 2>&1; rc=$?
check_eq "icp check of a valid file" 0 "$rc"
printf 'titel has "cto" +40\n' > "$T/bad2.icp"
H icp check "$T/bad2.icp" > "$T/o" 2>&1; rc=$?
check_eq "icp check: unknown field exits 3" 3 "$rc"
check_grep "icp error names FILE:LINE" "bad2.icp:1: " "$T/o"

# --- import sets what the queue needs --------------------------------------
H lead show 2 --json > "$T/lead2.json"
check_eq "import: the jurisdiction from the address (Florida)" "US-FL" "$(j 'd["jurisdiction"]' < "$T/lead2.json")"
check_eq "import: the ICP score from the default rules (VP, Software, 80, US)" 100 "$(j 'd["icp_score"]' < "$T/lead2.json")"
H lead show 3 --json > "$T/lead3.json"
check_eq "import: an Australian state is its own jurisdiction" "AU-NSW" "$(j 'd["jurisdiction"]' < "$T/lead3.json")"
H log 1 conversation --next "demo on Friday" --note "liked the idea" --user ann --json > "$T/conv.json"
H lead show 1 --json > "$T/lead1c.json"
check_eq "a conversation keeps its next step in the note" "next step: demo on Friday; liked the idea" \
	"$(j 'd["touches"][-1]["notes"]' < "$T/lead1c.json")"

# --- the card shows the lead's history ----------------------------------------
D=(--db "$T/hist.db")
"$HAWSER" "${D[@]}" demo --rows 50 --mix us >/dev/null
"$HAWSER" "${D[@]}" user add ann --caller-id +13125550190 >/dev/null
L=$("$HAWSER" "${D[@]}" --now 2026-11-24T16:00:00Z next --user ann --json | j 'd["lead"]["id"]')
"$HAWSER" "${D[@]}" --now 2026-11-24T16:00:00Z log "$L" no_answer --user ann >/dev/null
"$HAWSER" "${D[@]}" --now 2026-11-24T16:05:00Z log "$L" voicemail --note "left msg" --user ann >/dev/null
"$HAWSER" "${D[@]}" --now 2026-11-24T16:10:00Z log "$L" callback --at 2026-11-24T18:00:00Z --user ann >/dev/null
"$HAWSER" "${D[@]}" --now 2026-11-24T18:01:00Z next --user ann --json > "$T/hist.json"
check_eq "the callback's card: the last touch, then the history newest first" \
	"$L callback voicemail:left msg no_answer" \
	"$(j 'str(d["lead"]["id"])+" "+d["last_touch"]["outcome"]+" "+" ".join(h["outcome"]+(":"+h["notes"] if h["notes"] else "") for h in d["history"])' < "$T/hist.json")"
