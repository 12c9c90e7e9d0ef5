#!/usr/bin/env bash
# End-to-end: the real binary imports lists with every kind of bad input the
# foundation issue names, and looks at the result with leads / lead show /
# export. Each check prints ok/not ok for tests/run.sh.
. "$(dirname "$0")/lib.sh"
H() { "$HAWSER" "$@"; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- a messy vendor list, CRLF, with every phone format the issue names -----
printf '%s\r\n' \
 'First Name,Last Name,Job Title,Company Name,Phone,Mobile Phone,E-mail Address,State,Country,Time Zone,Lead Source' \
 'Ada,Lovelace,CTO,Acme Inc,+1 (201) 555-0123 x89,,ADA@Example.com,NJ,USA,,fair' \
 'Bob,Smith,VP Sales,Acme Inc,5.55E+09,,bob@example.com,TX,US,,web' \
 "Carol,Jones,CFO,Beta Ltd,'+44 20 7946 0123,,carol@example.org,,United Kingdom,," \
 'Dan,Brown,CEO,Flowers Co,1-800-FLOWERS,,dan@example.net,,US,,' \
 'Erin,Wu,COO,Delta GmbH,030 23125 000,,erin@example.de,,Germany,,' \
 'Finn,Ng,CIO,Echo,2125550142,,finn@example.com,,,America/Chicago,' \
 'Gus,Ray,CTO,Foxtrot,+61 2 5550 1234,,,,,,' \
 'Hal,Lee,CEO,Golf,555-0100,,,,,,' \
 'Ida,Moe,"VP, ""Growth""","Hotel, Inc",+1 212 555 0199,,"ida@example.com",NY,US,Mars/Olympus,' \
 'Ada,L.,,,201.555.0123 ext. 89,,,,,,' > "$T/messy.csv"
H import "$T/messy.csv" --region US --json > "$T/out.json"
check_eq "messy list: rows counted" 10 "$(j 'd["rows"]' < "$T/out.json")"
check_eq "messy list: duplicate by number merged" 1 "$(j 'd["merged"]' < "$T/out.json")"
check_eq "messy list: bad rows rejected, not fatal" 3 "$(j 'd["rejected"]' < "$T/out.json")"
check_eq "messy list: the rest imported" 6 "$(j 'd["imported"]' < "$T/out.json")"
R="$T/messy.rejects.csv"
check_grep "rejects file names FILE:LINE:COLUMN and field for Excel damage" \
	'^"?messy.csv:3:5: field .Phone.: .*scientific notation' "$R"
check_grep "rejects file explains a number too short for its region" 'messy.csv:9:5: ' "$R"
check_grep "rejects file explains an unknown time zone" "messy.csv:10:10: field 'Time Zone': unknown time zone 'Mars/Olympus'" "$R"
check_grep "rejects file keeps the original header" '^error,First Name,Last Name' "$R"

H lead show 1 --json > "$T/l1.json"
check_eq "extension kept apart from the E.164 number" "+12015550123 89" \
	"$(j 'd["phones"][0]["e164"]+" "+d["phones"][0]["ext"]' < "$T/l1.json")"
check_eq "email lowercased" "ada@example.com" "$(j 'd["email"]' < "$T/l1.json")"
check_eq "zone from the address (NJ)" "America/New_York address" \
	"$(j '"|".join(d["time_zones"])+" "+d["tz_source"]' < "$T/l1.json")"
check_eq "unknown column kept as custom field" "fair" "$(j 'd["custom"]["Lead Source"]' < "$T/l1.json")"
check_eq "merge kept the first last name" "Lovelace" "$(j 'd["last_name"]' < "$T/l1.json")"
id_of() { H leads --limit 0 --json | python3 -c "import json,sys; print([l['id'] for l in json.load(sys.stdin)['leads'] if l['first_name']=='$1'][0])"; }
H lead show "$(id_of Carol)" --json > "$T/c.json"
check_eq "leading apostrophe stripped, UK number" "+442079460123 fixed_line" \
	"$(j 'd["phones"][0]["e164"]+" "+d["phones"][0]["type"]' < "$T/c.json")"
H lead show "$(id_of Dan)" --json > "$T/d.json"
check_eq "vanity letters" "+18003569377 toll_free" \
	"$(j 'd["phones"][0]["e164"]+" "+d["phones"][0]["type"]' < "$T/d.json")"
H lead show "$(id_of Erin)" --json > "$T/e.json"
check_eq "national number with trunk zero, row's country as region" "+493023125000 Europe/Berlin" \
	"$(j 'd["phones"][0]["e164"]+" "+d["time_zones"][0]' < "$T/e.json")"
H lead show "$(id_of Finn)" --json > "$T/f.json"
check_eq "explicit time-zone column wins over the phone prefix" "America/Chicago explicit" \
	"$(j 'd["time_zones"][0]+" "+d["tz_source"]' < "$T/f.json")"
H lead show "$(id_of Gus)" --json > "$T/g.json"
check_eq "zone from the phone prefix when there is no address" "Australia/Sydney phone" \
	"$(j 'd["time_zones"][0]+" "+d["tz_source"]' < "$T/g.json")"

# --- re-import: merges, never clears do-not-call, counts suppressed rows ----
sqlite3 "$HAWSER_DB" "UPDATE leads SET do_not_call = 1, status = 'do_not_contact' WHERE email = 'ada@example.com';
  INSERT INTO suppressions (kind, value, source, created_at) VALUES ('phone', '+12015550123', 'internal_request', 0);"
H import "$T/messy.csv" --region US --json > "$T/again.json"
check_eq "re-import merges every good row" "0 7" "$(j 'str(d["imported"])+" "+str(d["merged"])' < "$T/again.json")"
check_eq "re-import counts rows with suppressed numbers" 2 "$(j 'd["suppressed"]' < "$T/again.json")"
check_eq "re-import never clears do-not-call" "1 do_not_contact" \
	"$(sqlite3 "$HAWSER_DB" "SELECT do_not_call || ' ' || status FROM leads WHERE email = 'ada@example.com'")"
H lead show 1 --json > "$T/l1b.json"
check_eq "lead show marks the suppressed number" True "$(j 'd["phones"][0]["suppressed"]' < "$T/l1b.json")"

# --- encodings, delimiters, line ends ----------------------------------------
printf 'Vorname;Nachname;Firma;Telefon;Land\nJ\xfcrgen;M\xfcller;Stra\xdfe AG;030 23125 001;DE\n' > "$T/w1252.csv"
H --db "$T/enc.db" import "$T/w1252.csv" > "$T/enc.out" 2>&1
check_grep "Windows-1252 file converted, with a warning" 'Windows-1252|Latin-1' "$T/enc.out"
check_eq "Windows-1252 names arrive as UTF-8" "Straße AG" \
	"$(sqlite3 "$T/enc.db" "SELECT company FROM leads")"
printf '\xef\xbb\xbfName\tPhone\tCountry\r"Zo\xc3\xab Quinn"\t0113 496 0000\tGB\r' > "$T/bomtab.csv"
H --db "$T/tab.db" import "$T/bomtab.csv" --map 'Name=full_name' >/dev/null 2>&1
check_eq "UTF-8 BOM, tab delimiter, CR line ends" "Zoë|Quinn|+441134960000" \
	"$(sqlite3 "$T/tab.db" "SELECT first_name, last_name, e164 FROM leads JOIN phones ON lead_id = leads.id")"
printf 'Contact,Notes,Tel\n"Ann Bo","line one\nline two, with comma",+12015550111\nCid Dee,,+12015550112\n' > "$T/multi.csv"
H --db "$T/multi.db" import "$T/multi.csv" --map Tel=phone --map Contact=full_name >/dev/null
check_eq "quoted newline kept inside the field" "line one
line two, with comma" "$(sqlite3 "$T/multi.db" "SELECT research_notes FROM leads WHERE full_name = 'Ann Bo'")"

# --- files that are not lead lists: one error, nothing changed ---------------
before=$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM leads; SELECT count(*) FROM imports")
: > "$T/empty.csv"
check_fails "empty file refused" H import "$T/empty.csv"
check_grep "empty file error names the file" 'empty\.csv' "$T/.out"
printf 'First Name,Phone\n' > "$T/header.csv"
check_fails "header-only file refused" H import "$T/header.csv"
check_grep "header-only error says there are no rows" 'empty.csv|header|no data|no row' "$T/.out"
head -c 4096 /bin/ls > "$T/binary.csv"
check_fails "binary file refused" H import "$T/binary.csv"
check_grep "binary file error names the file" 'binary\.csv' "$T/.out"
printf 'Name,Fax\nAl,123\n' > "$T/nophone.csv"
check_fails "a list with no phone or email column refused" H import "$T/nophone.csv"
check_fails "unknown --map field refused" H import "$T/messy.csv" --map 'Phone=telefax'
check_grep "unknown --map field named" 'telefax' "$T/.out"
check_fails "missing file refused" H import "$T/nope.csv"
check_eq "refused files changed nothing" "$before" \
	"$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM leads; SELECT count(*) FROM imports")"
H import "$T/empty.csv" --json > "$T/err.json"
check_eq "--json error is one object with the file" "$T/empty.csv" "$(j 'd["error"]["file"]' < "$T/err.json")"

# --- undo: leads gone, merged lead restored -----------------------------------
printf 'Name,Phone,Email,Title\nNew Person,+12015550177,new@example.com,\nAda Lovelace,,ada@example.com,Countess\n' > "$T/undo.csv"
H import "$T/undo.csv" --json > "$T/u.json"
uid=$(j 'd["import_id"]' < "$T/u.json")
check_eq "undo fixture: one new lead, one merge" "1 1" "$(j 'str(d["imported"])+" "+str(d["merged"])' < "$T/u.json")"
sqlite3 "$HAWSER_DB" "UPDATE leads SET title = NULL WHERE email = 'ada@example.com'" # make the merge fill it
H import "$T/undo.csv" --json > "$T/u2.json"
uid2=$(j 'd["import_id"]' < "$T/u2.json")
check_eq "merge filled the missing title" Countess "$(sqlite3 "$HAWSER_DB" "SELECT title FROM leads WHERE email = 'ada@example.com'")"
check "undo of the second import" H import --undo "$uid2"
check_eq "undo restored the merged lead" "" "$(sqlite3 "$HAWSER_DB" "SELECT title FROM leads WHERE email = 'ada@example.com'")"
check "undo of the first import" H import --undo "$uid"
check_eq "undo removed the lead it created" 0 "$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM leads WHERE email = 'new@example.com'")"
check_eq "undo audited" 2 "$(sqlite3 "$HAWSER_DB" "SELECT count(*) FROM audit_log WHERE action = 'import.undo'")"
check_fails "undo twice refused" H import --undo "$uid"

# --- export: spreadsheet-safe ------------------------------------------------
printf 'Name,Phone,Title\nMal Ice,+12015550166,=HYPERLINK("http://x")\n' > "$T/evil.csv"
H --db "$T/evil.db" import "$T/evil.csv" >/dev/null
H --db "$T/evil.db" export > "$T/export.csv"
check_grep "formula cell neutralized in export" "\"'=HYPERLINK" "$T/export.csv"
check_grep "E.164 numbers neutralized too" "'\\+12015550166" "$T/export.csv"
H --db "$T/evil.db" import "$T/export.csv" --json > "$T/reimp.json"
check_eq "export re-imports onto the same lead" "0 1" "$(j 'str(d["imported"])+" "+str(d["merged"])' < "$T/reimp.json")"
check_eq "export --status filters" 1 "$(H export --status do_not_contact | tail -n +2 | wc -l)"

# --- help, version, exit codes ----------------------------------------------
check "--version" H --version
check_grep "version printed" '^hawser [0-9]' "$T/.out"
check "help import" H help import
check_grep "help import documents --resume and --undo" 'resume ID' "$T/.out"
H bogus >/dev/null 2>&1; check_eq "unknown command exits 2" 2 $?
H lead show 99999 >/dev/null 2>&1; check_eq "missing lead exits 4" 4 $?
for c in $("$HAWSER" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1{print $1}'); do
	grep -q "^\.B $c\b\|^\.SS $c\b\|hawser $c" "$(dirname "$0")/../../docs/hawser.1" \
		&& ok "man page documents $c" || nok "man page documents $c"
done

# --- progress: a bar on a terminal, nothing in a pipe --------------------------
printf 'Name,Phone\n' > "$T/prog.csv"
for i in $(seq 100 199); do printf 'P %s,+1201555%04d\n' "$i" "$i"; done >> "$T/prog.csv"
script -qec "'$HAWSER' --db '$T/prog.db' import '$T/prog.csv' --batch 10" /dev/null > "$T/tty.out" 2>&1
check_grep "progress bar with rows/s and ETA on a terminal" 'rows/s.*ETA' "$T/tty.out"
"$HAWSER" --db "$T/prog2.db" import "$T/prog.csv" 2> "$T/pipe.err" >/dev/null
check_eq "no progress bar when not a terminal" "" "$(cat "$T/pipe.err")"

# --- a row naming two existing leads merges into the first, steals nothing -----
printf 'Name,Phone,Mobile,Email\nXavier One,+12015550141,,x@example.com\nYara Two,+12015550142,,y@example.com\n' > "$T/two.csv"
"$HAWSER" --db "$T/two.db" import "$T/two.csv" >/dev/null
printf 'Name,Phone,Mobile,Email\nX Again,+12015550141,+12015550142,y@example.com\n' > "$T/both.csv"
"$HAWSER" --db "$T/two.db" import "$T/both.csv" --json > "$T/both.json"
check_eq "row matching two leads merges into one, no error" "0 1 0" \
	"$(j 'str(d["imported"])+" "+str(d["merged"])+" "+str(d["rejected"])' < "$T/both.json")"
check_eq "the other lead keeps its number and email" "+12015550142 y@example.com" \
	"$(sqlite3 "$T/two.db" "SELECT e164 || ' ' || email FROM phones JOIN leads ON leads.id = lead_id WHERE full_name = 'Yara Two'")"
