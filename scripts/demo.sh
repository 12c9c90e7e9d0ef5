#!/usr/bin/env bash
# scripts/demo.sh HAWSER — create the demo database (fictional leads only) and
# show what to do next. Used by 'make run'.
set -euo pipefail
bin=${1:-build/hawser}
db=${HAWSER_DB:-demo.db}
if [ -f "$db" ]; then
	echo "demo database $db exists already (delete it to start over)"
else
	"$bin" --db "$db" demo --rows 500 --mix intl --seed 1
	"$bin" --db "$db" user add demo --name "Demo Rep" --tz America/Chicago --goal 40 >/dev/null
fi
cat <<MSG

Next:
  $bin --db $db session --user demo   call: the terminal calling screen
  $bin --db $db next --user demo      the lead to call now
  $bin --db $db agenda --user demo    today's callbacks and tasks
  $bin --db $db leads                 the leads
  $bin --db $db lead show 1           one lead: phones, time zones, history
  $bin --db $db import YOUR_LIST.csv  import a real list (rejects go next to it)
  $bin --db $db export > leads.csv    spreadsheet-safe export
  $bin help                           every command; man ./docs/hawser.1
MSG
