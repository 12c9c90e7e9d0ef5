#!/usr/bin/env bash
# scripts/demo.sh HAWSER — create the demo database (fictional leads only),
# then start the server on it and print the address and the demo login.
# Used by 'make run'. HAWSER_LISTEN changes the address (default
# 127.0.0.1:8080); HAWSER_NO_SERVE=1 only prepares the database.
set -euo pipefail
bin=${1:-build/hawser}
db=${HAWSER_DB:-demo.db}
listen=${HAWSER_LISTEN:-127.0.0.1:8080}
password=hawser-demo
# A user may call only with a verified caller ID: the demo user's is a
# fictional number (NANP 555-01XX), verified here as the database's owner.
caller_id=+13125550100
if [ -f "$db" ]; then
	echo "demo database $db exists already (delete it to start over)"
	# a demo database made before caller IDs were required: verify the demo user's
	if ! "$bin" --db "$db" users --json | sed 's/},{/}\n{/g' | grep '"login":"demo"' |
		grep -q '"caller_id":"+'; then
		"$bin" --db "$db" user callerid demo "$caller_id"
	fi
else
	"$bin" --db "$db" demo --rows 500 --mix intl --seed 1
	# a fictional do-not-call registry copy for the demo's US numbers, so the
	# queue shows scrubbing at work ('hawser why' explains a listed lead)
	"$bin" --db "$db" demo --registry "$db.registry.txt" >/dev/null
	"$bin" --db "$db" dnc load "$db.registry.txt" | tail -n 2
	rm -f "$db.registry.txt"
	echo "$password" | "$bin" --db "$db" user add demo --name "Demo Rep" --role manager \
		--team demo --tz America/Chicago --goal 40 --caller-id "$caller_id" --password-stdin >/dev/null
	# follow-ups: the demo rep's address and purpose, the company's postal
	# address; no SMTP server is set, so emails wait in the outbox
	"$bin" --db "$db" user profile demo --email demo@hawser-demo.example \
		--purpose "we help sales teams reach people at the right moment" >/dev/null
	"$bin" --db "$db" mail config --company "Hawser Demo Inc." \
		--address "1 Harbour St, Portland, ME 04101" --public-url "http://$listen" >/dev/null
fi
cat <<MSG

In the browser: http://$listen/   sign in as demo / $password
From the terminal:
  $bin --db $db session --user demo   call: the terminal calling screen
  $bin --db $db next --user demo      the lead to call now
  $bin --db $db agenda --user demo    today's callbacks and tasks
  $bin --db $db leads                 the leads
  $bin --db $db dnc status            the do-not-call registry copy and the internal list
  $bin --db $db notes print --user demo   today's note cards and letters as one PDF
  $bin --db $db outbox                emails waiting (no SMTP server is set: hawser mail config)
  $bin --db $db import YOUR_LIST.csv  import a real list (rejects go next to it)
  $bin help                           every command; man ./docs/hawser.1
MSG
[ "${HAWSER_NO_SERVE:-}" = 1 ] && exit 0
exec "$bin" --db "$db" serve --listen "$listen"
