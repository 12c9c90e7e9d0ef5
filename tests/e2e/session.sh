#!/usr/bin/env bash
# End-to-end: 'hawser session', the calling session, driven like a rep would
# drive it — in a real terminal (a detached tmux pane, keys sent one by one,
# the screen read back) and scripted through a pipe. "Now" is Tuesday
# 2026-11-24 16:00 UTC: 10:00 in Chicago, 11:00 in Miami, so all four leads
# may be called; every number is a fictional NANP 555-01XX one.
. "$(dirname "$0")/lib.sh"
NOW=2026-11-24T16:00:00Z
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
command -v tmux >/dev/null || { nok "tmux installed"; exit 0; }

cat > "$T/leads.csv" <<'EOF'
First Name,Last Name,Title,Company,Industry,Employees,Phone,Email,City,State,Country,Notes
Ada,Lovelace,CTO,Analytical Engines,Software,120,+1 312 555 0101,ada@example.com,Chicago,IL,United States,Just raised a Series B
Bob,Ray,VP Sales,Sunshine Tools,Software,80,+1 305 555 0102,bob@example.com,Miami,FL,United States,
Cal,Diaz,Head of Operations,Lakeshore Freight,Logistics,200,+1 773 555 0103,cal@example.com,Chicago,IL,United States,
Dot,Fox,Owner,Biscayne Bakes,Retail,12,+1 786 555 0104,dot@example.com,Miami,FL,United States,
EOF
for db in tty pipe; do
	"$HAWSER" --db "$T/$db.db" import "$T/leads.csv" >/dev/null &&
		"$HAWSER" --db "$T/$db.db" user add ann --tz America/Chicago --goal 5 --name Ann \
			--caller-id +13125550190 >/dev/null ||
		nok "fixture $db.db"
done

# --- in a terminal --------------------------------------------------------
# A private tmux server (its own socket, no config), killed on every exit.
S=hawser-test-$$
tm() { tmux -L "$S" -f /dev/null "$@"; }
SOCK="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$S" # a server that ends by itself leaves it behind
trap 'tm kill-server 2>/dev/null; rm -f "$SOCK"; rm -rf "$T"' EXIT
# Polls the pane (with its history) for PATTERN for up to 5 s; never hangs.
# The text stays in $T/pane for the failure message.
wait_screen() {
	local i
	for i in $(seq 50); do
		tm capture-pane -p -J -S - -t s >"$T/pane" 2>/dev/null
		grep -qE -- "$1" "$T/pane" && return 0
		sleep 0.1
	done
	return 1
}
# ... and for PATTERN to be there N times (a prompt asked again).
wait_count() {
	local i
	for i in $(seq 50); do
		tm capture-pane -p -J -S - -t s >"$T/pane" 2>/dev/null
		[ "$(grep -cE -- "$1" "$T/pane")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
check_screen() { if wait_screen "$2"; then ok "$1"; else nok "$1" "no /$2/ on screen: $(tail -n 25 "$T/pane")"; fi; }
check_count() { if wait_count "$2" "$3"; then ok "$1"; else nok "$1" "/$2/ not $3 times on screen: $(tail -n 25 "$T/pane")"; fi; }
# Waits up to 5 s for the file the pane's shell writes when hawser ends.
wait_file() {
	local i
	for i in $(seq 50); do [ -s "$1" ] && return 0; sleep 0.1; done
	return 1
}
key() { tm send-keys -t s "$@"; }

SESSION="'$HAWSER' --db '$T/tty.db' --now $NOW session --user ann"
tm new-session -d -s s -x 120 -y 50 \
	"stty -g >'$T/stty.before'; $SESSION; echo \$? >'$T/rc'; stty -g >'$T/stty.after'" \; \
	set-option -w -t s remain-on-exit on
check_screen "tty: the card shows the first lead's name" "lead 1: Ada Lovelace, CTO at Analytical Engines"
check_screen "tty: the card shows the number to dial" "dial +\+13125550101"
check_screen "tty: the header shows the day's goal and streak" "^ann · today 0/5 dials · streak 0 days"
check_screen "tty: the card shows the lead's local time" "local +Tue 10:00 in America/Chicago"
check_screen "tty: the card shows the verified caller ID the call presents" "from +\+13125550190 \(your caller ID\)"
check_screen "tty: the card shows the research notes" "research Just raised a Series B"
check_screen "tty: an honest default opener" "Opener: \"Hi Ada, this is Ann\."
check_screen "tty: the legend is built from the outcome table" "v Voicemail left.*g Gatekeeper"
check_screen "tty: the legend says q only lets the hold expire" "q quit \(the lead stays held"

key v
check_screen "tty: v logs a voicemail" "touch 1 logged; the lead is now working"
check_screen "tty: v shows the planned email" "task [0-9]+ email +Tue 2026-11-24 10:00 America/Chicago"
check_screen "tty: v shows the planned call" "task [0-9]+ call +Fri 2026-11-27"
check_screen "tty: then the next lead" "lead 2: Bob Ray, VP Sales at Sunshine Tools"
check_screen "tty: the header counts the dial" "^ann · today 1/5 dials"

key c
check_screen "tty: c asks for the callback time in the lead's zone" \
	"callback time, HH:MM or YYYY-MM-DD HH:MM in America/New_York: *$"
key -l '25:99'
key Enter
check_screen "tty: a bad time is refused with the error" "'25:99' is not a time"
check_count "tty: the time is asked again" "callback time, HH:MM" 2
key -l '14:30'
key Enter
check_screen "tty: the time is read in the lead's zone" "→ Tue 2026-11-24 14:30 America/New_York"
check_screen "tty: a callback asks which objection was heard" "objection heard \(Enter: none\): +1 no_time"
key Enter
check_screen "tty: Enter: none" "7 not_decision_maker.*: none"
check_screen "tty: then the optional note" "note \(Enter skips\): *$"
key Enter
check_screen "tty: the callback is due 14:30 in the lead's zone" \
	"call at the time given: Tue 2026-11-24 14:30 in America/New_York"
check_screen "tty: then the third lead" "lead 3: Cal Diaz"

key x
check_screen "tty: x shows the reason menu" "reason: +1 timing +2 no_need +3 no_fit +4 has_provider +5 other"
key 2
check_screen "tty: the reason is taken" "5 other: no_need"
check_count "tty: x asks for the objection" "objection heard" 2
key 5
check_screen "tty: the objection is taken" ": price$"
check_count "tty: x asks for a note" "note \(Enter skips\)" 2
key Escape
check_screen "tty: Esc cancels and logs nothing" "cancelled: nothing logged"
key x
check_count "tty: x asks for the reason again" "reason: +1 timing" 2
key 2
key 5
check_count "tty: and for the note again" "note \(Enter skips\)" 3
key -l 'no budget'
key BSpace BSpace BSpace BSpace BSpace BSpace
key -l 'need, they build it in-house'
key Enter
check_screen "tty: not interested, no need: disqualified" "the lead is now disqualified"
check_screen "tty: then the fourth lead" "lead 4: Dot Fox"
check_screen "tty: three dials today" "^ann · today 3/5 dials"

key Left
key z
check_screen "tty: an unknown key says so (an arrow key logs nothing)" "z: no such key here"
key '?'
check_screen "tty: ? explains every key" "c  Callback requested +asks the callback time \(needed\), a note"
key r
sleep 0.3
tm capture-pane -p -t s >"$T/visible" 2>/dev/null
check_grep "tty: r redraws the card on a clean screen" "^ann · today 3/5 dials" <(head -n 1 "$T/visible")
key q
check_screen "tty: q says the hold simply expires" "bye: lead 4 stays held for you until"
if wait_file "$T/rc"; then check_eq "tty: q exits 0" 0 "$(cat "$T/rc")"; else nok "tty: q exits 0" "no exit within 5 s"; fi
wait_file "$T/stty.after"
check_eq "tty: the terminal is restored on q" "$(cat "$T/stty.before")" "$(cat "$T/stty.after" 2>/dev/null)"
tm kill-server 2>/dev/null

"$HAWSER" --db "$T/tty.db" lead show 1 --json >"$T/l1.json"
check_eq "tty: lead 1 has the voicemail" "voicemail" "$(j '" ".join(t["outcome"] for t in d["touches"])' <"$T/l1.json")"
"$HAWSER" --db "$T/tty.db" lead show 3 --json >"$T/l3.json"
check_eq "tty: lead 3 has one not_interested (the cancelled one left nothing), the note as edited" \
	"not_interested no need, they build it in-house disqualified" \
	"$(j '" ".join(t["outcome"]+" "+(t["notes"] or "") for t in d["touches"])+" "+d["status"]' <"$T/l3.json")"
"$HAWSER" --db "$T/tty.db" lead show 4 --json >"$T/l4.json"
"$HAWSER" --db "$T/tty.db" stats --json >"$T/st.json"
check_eq "tty: the objection heard is counted by category" 1 "$(j 'd["objections"].get("price", 0)' <"$T/st.json")"
check_eq "tty: the arrow key and the unknown key logged nothing" 0 "$(j 'len(d["touches"])' <"$T/l4.json")"
"$HAWSER" --db "$T/tty.db" --now $NOW agenda --user ann --json >"$T/ag.json"
check_eq "tty: the callback is planned for 14:30 New York time" "2026-11-24T19:30:00Z" \
	"$(j '" ".join(t["due_from"] for t in d["tasks"] if t["lead"]==2 and t.get("callback"))' <"$T/ag.json")"
"$HAWSER" --db "$T/tty.db" --now $NOW stats --user ann --json >"$T/st.json"
check_eq "tty: stats count the three dials today" "3 3" "$(j 'str(d["dials"])+" "+str(d["dials_today"])' <"$T/st.json")"

# Ctrl-C and SIGTERM end the session with the terminal as it was.
for sig in INT TERM; do
	rm -f "$T/rc" "$T/stty.before" "$T/stty.after"
	tm new-session -d -s s -x 120 -y 50 \
		"trap : INT TERM; stty -g >'$T/stty.before'; $SESSION; echo \$? >'$T/rc'; stty -g >'$T/stty.after'"
	check_screen "tty: the card before SIG$sig" "^key: "
	if [ $sig = INT ]; then
		key C-c
	else
		pid=$(pgrep -P "$(tm display-message -p -t s '#{pane_pid}')" | head -n 1)
		[ -n "$pid" ] && kill -TERM "$pid"
	fi
	wait_file "$T/stty.after"
	check_eq "tty: SIG$sig ends the session by the signal" $((128 + $(kill -l $sig))) "$(cat "$T/rc" 2>/dev/null)"
	check_eq "tty: the terminal is restored after SIG$sig" "$(cat "$T/stty.before")" "$(cat "$T/stty.after" 2>/dev/null)"
	tm kill-server 2>/dev/null
done

# --- scripted: one line per key or answer ------------------------------------
P() { "$HAWSER" --db "$T/pipe.db" --now "$NOW" "$@"; }
printf 'v\nq\n' | P session --user ann >"$T/p1" 2>&1; rc=$?
check_eq "pipe: v then q exits 0" 0 "$rc"
check_grep "pipe: the card and the log are printed" "touch 1 logged" "$T/p1"
P lead show 1 --json >"$T/p1.json"
check_eq "pipe: the voicemail is recorded" "voicemail" "$(j '" ".join(t["outcome"] for t in d["touches"])' <"$T/p1.json")"
printf 'c\n14:30\n\n\nq\n' | P session --user ann >"$T/p2" 2>&1; rc=$?
check_eq "pipe: a callback exits 0" 0 "$rc"
check_grep "pipe: the lead held from before comes back" "lead 2: Bob Ray" "$T/p2"
check_grep "pipe: the callback at 14:30 in the lead's zone" "call at the time given: Tue 2026-11-24 14:30 in America/New_York" "$T/p2"
printf 'c\n' | P session --user ann >"$T/p3" 2>&1; rc=$?
check_eq "pipe: input ending inside a question: exit 2" 2 "$rc"
check_grep "pipe: ... and says nothing was logged" "nothing was logged for lead 3" "$T/p3"
P lead show 3 --json >"$T/p3.json"
check_eq "pipe: ... and nothing was" 0 "$(j 'len(d["touches"])' <"$T/p3.json")"
printf 'x\n9\n1\n\nask again in spring\nq\n' | P session --user ann >"$T/p4" 2>&1; rc=$?
check_eq "pipe: not interested with a reason exits 0" 0 "$rc"
check_grep "pipe: a wrong menu choice is asked again" "pick 1 to 5" "$T/p4"
check_grep "pipe: timing puts the lead in nurture" "the lead is now nurture" "$T/p4"
"$HAWSER" --db "$T/pipe.db" --now 2026-11-24T04:00:00Z session --user ann <<<$'w\nq' >"$T/p5" 2>&1; rc=$?
check_eq "pipe: at 22:00 nothing may be called, q exits 0" 0 "$rc"
check_eq "pipe: w asks again" 2 "$(grep -c 'no lead may be called now' "$T/p5")"
# After a brush-off the call three business days on refers to the bad-time note.
head -n 1 "$T/leads.csv" >"$T/dot.csv" && grep '^Dot,' "$T/leads.csv" >>"$T/dot.csv"
R() { "$HAWSER" --db "$T/refer.db" "$@"; }
R import "$T/dot.csv" >/dev/null && R user add ann --tz America/Chicago --caller-id +13125550190 >/dev/null
printf 'h\n1\nsaid she was busy\nq\n' | R --now 2026-11-24T19:00:00Z session --user ann >"$T/r1" 2>&1
check_grep "pipe: a brush-off plans the bad-time note" "note +Tue 2026-11-24 14:00 America/New_York" "$T/r1"
printf 'q\n' | R --now 2026-11-30T20:05:00Z session --user ann >"$T/r2" 2>&1
check_grep "pipe: the next call shows the last touch" "last +call brush_off on Tue 2026-11-24 14:00 America/New_York: said she was busy" "$T/r2"
check_grep "pipe: the opener refers to the note" "Opener: refer to the note planned for Tue 2026-11-24" "$T/r2"
P session --user nobody </dev/null >"$T/o" 2>&1; rc=$?
check_eq "an unknown user: exit 4" 4 "$rc"
P user add cy --tz America/Chicago >/dev/null
P session --user cy </dev/null >"$T/o" 2>&1; rc=$?
check_eq "a user without a verified caller ID: exit 5" 5 "$rc"
check_grep "... and the message says how to verify one" "hawser user callerid cy" "$T/o"
check_fails "session needs --user" P session </dev/null
check_fails "session has no --json" P session --user ann --json </dev/null
check "help session" "$HAWSER" help session

# --- valgrind over a scripted session (plain build: ASan and valgrind do not
# mix; ASan's own leak check runs through the checks above) -----------------
case "$HAWSER" in *build-asan*) exit 0 ;; esac
command -v valgrind >/dev/null || { nok "valgrind installed"; exit 0; }
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VG=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9
	--suppressions="$ROOT/tests/unit/libphonenumber.supp")
# 19:30 UTC: Bob's callback (14:30 in Miami) is due, then Dot is offered.
printf 't\ndemo next week\n\nsounded keen\ng\nMary\n15:45\n\nr\n?\nz\nq\n' >"$T/vg.in"
check "valgrind: a scripted session (conversation, gatekeeper, redraw, help)" \
	"${VG[@]}" "$HAWSER" --db "$T/pipe.db" --now 2026-11-24T19:30:00Z session --user ann <"$T/vg.in"
"$HAWSER" --db "$T/pipe.db" lead show 2 --json >"$T/v2.json"
check_eq "valgrind: the conversation keeps the next step in its note" \
	"conversation next step: demo next week; sounded keen" \
	"$(j '" ".join(t["outcome"]+" "+(t["notes"] or "") for t in d["touches"] if t["outcome"]=="conversation")' <"$T/v2.json")"
"$HAWSER" --db "$T/pipe.db" --now 2026-11-24T19:30:00Z agenda --user ann --json >"$T/vag.json"
check_eq "valgrind: the gatekeeper's better time is planned" "2026-11-24T20:45:00Z" \
	"$(j '" ".join(t["due_from"] for t in d["tasks"] if t["lead"]==4 and t["status"]=="open")' <"$T/vag.json")"
