#!/usr/bin/env bash
# bench/http/run.sh [HAWSER] — how many requests a second 'hawser serve'
# answers, and how fast, with 200 connections open (wrk, keep-alive):
#
#   healthz    GET /healthz, the trivial endpoint, against its baseline
#              mhd_hello (mhd_hello.c: libmicrohttpd alone, configured as
#              hawser configures it, answering the same bytes), both with 2
#              worker threads: hawser / mhd_hello is what hawser's own
#              request handling costs over the library
#   me         GET /api/v1/me with an API token: the trivial endpoint plus
#              authentication (a token looked up per request); no baseline,
#              it tells where the time of the cycle goes
#   logins     GET /healthz again while one client signs in, one sign-in
#              after another (POST /api/v1/login: argon2id in the server):
#              what a sign-in does to everyone else's requests
#   next+log   the calling cycle: each connection is a rep with its own API
#              token who asks for the next lead (POST /api/v1/next) and logs
#              it as not answered (POST /api/v1/leads/ID/touches), again and
#              again (cycle.lua); once per server thread count in
#              BENCH_HTTP_THREADS, each on a fresh copy of the database;
#              against its baseline, the CLI: the same cycle as 'hawser next'
#              and 'hawser log' processes, one process per command, as many
#              reps at once as there are cores — what a team pays without
#              the server
#   paced      the same cycle at a chosen rate (BENCH_HTTP_PACED_RPS, each rep
#              waiting between requests), on --threads $(nproc): the latency at
#              a load below what the server can do, which the runs above,
#              where every connection sends again as soon as it is answered,
#              cannot show (there, latency = connections / throughput)
#
# HAWSER is the binary (default build/hawser); it is copied first, so a
# rebuild during the run changes nothing. The database is made once per
# BENCH_HTTP_ROWS/BENCH_HTTP_CONNECTIONS/BENCH_SEED: 'hawser demo --mix us'
# leads, one rep per connection (argon2id passwords, created in parallel),
# one API token each (signed in through the API); every server run starts
# from a fresh copy of it. The clock of every server (and of the CLI) starts
# on Tuesday 2026-11-24 15:00 UTC, 10:00 in New York, so US leads are
# callable.
#
# wrk, the servers and the CLI share the machine's cores: the script records
# the CPU each used during each run (and what other processes used) and
# prints it. Prints a table and writes bench/out/http.json. A benchmark, not a
# test: a missed target is reported, never a failure; only a step that fails
# makes the script exit non-zero.
#
# Environment:
#   BENCH_HTTP_ROWS         demo leads (100000; about half may be called at the start time, and
#                           each cycle uses one up for the day: enough for 10 s at 10k req/s)
#   BENCH_HTTP_CONNECTIONS  wrk connections = reps = tokens (200)
#   BENCH_HTTP_DURATION     seconds per wrk run (10)
#   BENCH_HTTP_THREADS      server worker threads for the next+log runs ("1 2 4")
#   BENCH_HTTP_CLI_CYCLES   next+log cycles of the CLI baseline (300)
#   BENCH_HTTP_PACED_RPS    requests per second offered in the paced run (500; 0: no paced run)
#   BENCH_HTTP_SERVER_ENV   VAR=VALUE words added to the hawser servers' environment, for
#                           experiments (e.g. GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456)
#   BENCH_SEED              seed of the demo leads (1)
#   BENCH_TMP               where the databases go: default a fresh dir under
#                           /dev/shm (else $TMPDIR), removed at exit; when
#                           given, kept, and the database with its users and
#                           tokens is reused by the next run
set -euo pipefail

die() { echo "bench/http: $*" >&2; exit 1; }

[ $# -le 1 ] || die "usage: bench/http/run.sh [HAWSER] (default build/hawser)"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/http
SRC=${1:-$ROOT/build/hawser}
[ -x "$SRC" ] || die "no hawser binary at $SRC ('make' first, or give its path)"
ROWS=${BENCH_HTTP_ROWS:-100000}
CONNS=${BENCH_HTTP_CONNECTIONS:-200}
DUR=${BENCH_HTTP_DURATION:-10}
THREADS=${BENCH_HTTP_THREADS:-1 2 4}
CLI_CYCLES=${BENCH_HTTP_CLI_CYCLES:-300}
PACED_RPS=${BENCH_HTTP_PACED_RPS:-500}
SERVER_ENV=${BENCH_HTTP_SERVER_ENV:-}
SEED=${BENCH_SEED:-1}
for v in "$ROWS" "$CONNS" "$DUR" "$CLI_CYCLES" "$SEED" $THREADS; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_* values must be positive whole numbers, not '$v'" ;; esac
done
case $PACED_RPS in '' | *[!0-9]*) die "BENCH_HTTP_PACED_RPS must be a whole number, not '$PACED_RPS'" ;; esac
for v in $SERVER_ENV; do
	case $v in [A-Za-z_]*=*) ;; *) die "BENCH_HTTP_SERVER_ENV: '$v' is not VAR=VALUE" ;; esac
done
NOW=2026-11-24T15:00:00Z
CORES=$(nproc)
TCK=$(getconf CLK_TCK)

command -v wrk >/dev/null || die "wrk is missing (Debian: apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"
command -v cc >/dev/null || die "a C compiler (cc) is needed for the baseline mhd_hello.c"
pkg-config --exists libmicrohttpd || die "libmicrohttpd's development files are missing (libmicrohttpd-dev)"
PY=$(command -v /usr/bin/python3 || command -v python3) || die "python3 is missing"

if [ -n "${BENCH_TMP:-}" ]; then
	WORK=$BENCH_TMP
	mkdir -p "$WORK"
	KEEP=1
else
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
	WORK=$(mktemp -d "$base/hawser-bench-http.XXXXXX")
	KEEP=0
fi
WORK=$(cd "$WORK" && pwd)
SPID=
cleanup() {
	if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
		kill -TERM "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	[ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

HW=$WORK/hawser
cp "$SRC" "$HW.tmp" && mv "$HW.tmp" "$HW"
HELLO=$WORK/mhd_hello
# shellcheck disable=SC2046
cc -O2 -o "$HELLO" "$HERE/mhd_hello.c" $(pkg-config --cflags --libs libmicrohttpd) ||
	die "cannot build mhd_hello.c"
RES=$WORK/results
rm -rf "$RES"
mkdir -p "$RES"
OUT=$ROOT/bench/out
mkdir -p "$OUT"

# ---- servers ----

# start_server NAME COMMAND...: starts it in the background, waits for the
# "... on http://127.0.0.1:PORT/" line; sets SPID and PORT.
start_server() {
	local name=$1 i
	shift
	"$@" >"$RES/$name.out" 2>"$RES/$name.err" &
	SPID=$!
	PORT=
	for i in $(seq 200); do
		PORT=$(sed -n 's#.* on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$RES/$name.out")
		[ -n "$PORT" ] && return 0
		kill -0 "$SPID" 2>/dev/null || die "$name stopped at start: $(cat "$RES/$name.err")"
		sleep 0.05
	done
	die "$name did not say where it listens within 10 s"
}

# stop_server: SIGTERM, wait; sets SRV_ALIVE (was it still running) and SRV_RC.
stop_server() {
	SRV_RC=0
	if kill -0 "$SPID" 2>/dev/null; then
		SRV_ALIVE=true
		kill -TERM "$SPID"
	else
		SRV_ALIVE=false
	fi
	wait "$SPID" || SRV_RC=$?
	SPID=
}

hawser_serve() { # DB THREADS; exec: start_server's $! is then the server itself
	# shellcheck disable=SC2086 # words on purpose
	exec env $SERVER_ENV "$HW" --db "$1" --now "$NOW" serve --listen 127.0.0.1:0 --threads "$2"
}

fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; } # A - B, decimals

fresh_copy() { # GOLDEN DEST
	rm -rf "$2" "$2-wal" "$2-shm" "$2.uploads"
	cp "$1" "$2"
}

# ---- the database: demo leads, one rep per connection, one token each ----

# "-cid": the reps have a verified caller ID (a user without one may not
# call); a golden database kept from before that is not reused
GOLD=$WORK/golden-r$ROWS-u$CONNS-s$SEED-cid.db
TOKENS=$GOLD.tokens
if [ -f "$GOLD" ] && [ -f "$TOKENS" ] && [ "$(wc -l <"$TOKENS")" -eq "$CONNS" ]; then
	echo "reusing $GOLD and its $CONNS tokens"
else
	rm -rf "$GOLD" "$GOLD"-* "$GOLD.uploads" "$TOKENS"
	t0=$EPOCHREALTIME
	"$HW" --db "$GOLD" demo --rows "$ROWS" --mix us --seed "$SEED" >/dev/null || die "hawser demo failed"
	t1=$EPOCHREALTIME
	# argon2id costs each 'user add' ~0.2 s of CPU: one at a time per core.
	# Every rep calls from the company's one number (fictional, 555-01XX),
	# verified as they are added: without a caller ID 'next' refuses.
	# shellcheck disable=SC2016 # sh -c's script
	seq -f 'rep%03g' 1 "$CONNS" | xargs -P "$CORES" -I{} sh -c \
		'echo password1 | "$1" --db "$2" user add "$3" --tz America/New_York --caller-id +12125550100 --password-stdin >/dev/null' \
		sh "$HW" "$GOLD" {} || die "hawser user add failed"
	t2=$EPOCHREALTIME
	start_server setup hawser_serve "$GOLD" "$CORES"
	mkdir -p "$WORK/jar"
	# sign in (argon2id again, in the server) and make a token, per rep
	# shellcheck disable=SC2016 # sh -c's script
	seq -f 'rep%03g' 1 "$CONNS" | xargs -P "$CORES" -I{} sh -c '
		url=http://127.0.0.1:$1/api/v1; jar=$2/$3
		r=$(curl -sSf -c "$jar" -H "Content-Type: application/json" \
			-d "{\"login\":\"$3\",\"password\":\"password1\"}" "$url/login") || exit 1
		csrf=$(printf %s "$r" | sed -n "s/.*\"csrf\":\"\([^\"]*\)\".*/\1/p")
		t=$(curl -sSf -b "$jar" -H "Content-Type: application/json" -H "X-CSRF-Token: $csrf" \
			-d "{\"name\":\"bench-http\"}" "$url/tokens") || exit 1
		printf "%s\n" "$t" | sed -n "s/.*\"token\":\"\([^\"]*\)\".*/\1/p" >"$jar.token"
		[ -s "$jar.token" ]' sh "$PORT" "$WORK/jar" {} || die "signing in or making a token failed"
	stop_server
	[ "$SRV_RC" = 0 ] || die "the setup server exited with $SRV_RC: $(cat "$RES/setup.err")"
	for i in $(seq -f 'rep%03g' 1 "$CONNS"); do cat "$WORK/jar/$i.token"; done >"$TOKENS.tmp"
	[ "$(wc -l <"$TOKENS.tmp")" -eq "$CONNS" ] || die "expected $CONNS tokens in $TOKENS.tmp"
	mv "$TOKENS.tmp" "$TOKENS"
	rm -rf "$WORK/jar" "$GOLD.uploads"
	# the copies are of the file alone: fold the WAL in (the last connection
	# to close checkpoints it), in case the server left it
	"$HW" --db "$GOLD" users >/dev/null || die "cannot open $GOLD"
	[ ! -s "$GOLD-wal" ] || die "$GOLD-wal is left after the server stopped"
	t3=$EPOCHREALTIME
	printf 'database: %s leads in %.1f s, %s reps in %.1f s, %s sign-ins and tokens in %.1f s\n' \
		"$ROWS" "$(fsub "$t1" "$t0")" "$CONNS" "$(fsub "$t2" "$t1")" "$CONNS" "$(fsub "$t3" "$t2")"
fi
TOKEN1=$(head -1 "$TOKENS")

# ---- measuring ----

cpu_machine() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; } # busy ticks, all cores
cpu_proc() { awk '{print $14+$15}' "/proc/$1/stat"; } # user+system ticks, all threads

# run_wrk ID KIND SERVER SERVER_THREADS WRK_THREADS SCRIPT PATH [wrk args...]:
# one wrk run against the server $SPID at $PORT; wrk's output in ID.wrk, the
# run's facts in ID.meta (JSON).
run_wrk() {
	local id=$1 kind=$2 server=$3 sthreads=$4 wthreads=$5 script=$6 path=$7 m0 m1 s0 s1 w0 w1 alive errs
	shift 7
	echo "  $id: $kind on $server --threads $sthreads, wrk -t$wthreads -c$CONNS -d${DUR}s" \
		"$([ "$DELAY_MS" = 0 ] || echo "(each connection waits $DELAY_MS ms before each request)")"
	m0=$(cpu_machine)
	s0=$(cpu_proc "$SPID")
	w0=$EPOCHREALTIME
	HB_DIR=$HERE HB_TOKENS=$TOKENS HB_DELAY_MS=$DELAY_MS /usr/bin/time -f '%U %S' -o "$RES/$id.time" \
		wrk -t"$wthreads" -c"$CONNS" -d"${DUR}s" --latency -s "$HERE/$script" "$@" \
		"http://127.0.0.1:$PORT$path" >"$RES/$id.wrk" 2>&1 || die "wrk failed: $(tail -5 "$RES/$id.wrk")"
	w1=$EPOCHREALTIME
	m1=$(cpu_machine)
	if kill -0 "$SPID" 2>/dev/null; then s1=$(cpu_proc "$SPID"); alive=true; else s1=$s0; alive=false; fi
	errs=$(wc -l <"$RES/$SERVER_NAME.err")
	grep -q '^HB_JSON ' "$RES/$id.wrk" || die "wrk printed no summary: $(tail -5 "$RES/$id.wrk")"
	printf '{"id":"%s","kind":"%s","server":"%s","server_threads":%s,"wrk_threads":%s,"connections":%s,"duration_s":%s,"wall_s":%s,"cpu_ticks":{"per_s":%s,"machine_busy":%s,"server":%s,"wrk_user_sys_s":"%s"},"server_alive_after_run":%s,"stderr_lines_after_run":%s,"err_file":"%s","delay_ms":%s,"server_env":"%s"}\n' \
		"$id" "$kind" "$server" "$sthreads" "$wthreads" "$CONNS" "$DUR" "$(fsub "$w1" "$w0")" \
		"$TCK" "$((m1 - m0))" "$((s1 - s0))" "$(tail -1 "$RES/$id.time")" "$alive" "$errs" \
		"$RES/$SERVER_NAME.err" "$DELAY_MS" "$([ "$server" = hawser ] && echo "$SERVER_ENV")" >"$RES/$id.meta"
}

# finish_server ID...: stops the server, adds how it ended to each ID.meta.
finish_server() {
	local id
	stop_server
	for id in "$@"; do
		printf '{"server_alive_at_stop":%s,"server_exit":%s}\n' "$SRV_ALIVE" "$SRV_RC" >>"$RES/$id.meta"
	done
}

echo "hawser HTTP benchmark: $CONNS connections, ${DUR} s per run, $CORES cores shared by wrk" \
	"and the server, databases in $WORK"
[ -z "$SERVER_ENV" ] || echo "hawser servers run with: $SERVER_ENV"
DELAY_MS=0

# healthz: the baseline first, then hawser, then hawser's authenticated trivial route
SERVER_NAME=mhd_hello
start_server "$SERVER_NAME" "$HELLO" 2
run_wrk 01-healthz-mhd healthz mhd_hello 2 2 get.lua /healthz
finish_server 01-healthz-mhd

fresh_copy "$GOLD" "$WORK/trivial.db"
SERVER_NAME=hawser-trivial
start_server "$SERVER_NAME" hawser_serve "$WORK/trivial.db" 2
run_wrk 02-healthz-hawser healthz hawser 2 2 get.lua /healthz
run_wrk 03-me-hawser me hawser 2 2 get.lua /api/v1/me -H "Authorization: Bearer $TOKEN1"
# sign-ins, one at a time, for as long as wrk runs
(
	end=$((SECONDS + DUR + 1))
	while [ "$SECONDS" -lt "$end" ]; do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Content-Type: application/json" \
			-d '{"login":"rep001","password":"password1"}' "http://127.0.0.1:$PORT/api/v1/login" || true
	done
) >"$RES/04-healthz-logins.logins" &
lpid=$!
run_wrk 04-healthz-logins "healthz during sign-ins" hawser 2 2 get.lua /healthz
wait "$lpid"
finish_server 02-healthz-hawser 03-me-hawser 04-healthz-logins

# next+log: one wrk thread per connection (see cycle.lua), a fresh database per run
n=5
for t in $THREADS; do
	id=$(printf '%02d-cycle-hawser-t%s' "$n" "$t")
	fresh_copy "$GOLD" "$WORK/cycle.db"
	SERVER_NAME=hawser-cycle-t$t
	start_server "$SERVER_NAME" hawser_serve "$WORK/cycle.db" "$t"
	run_wrk "$id" next+log hawser "$t" "$CONNS" cycle.lua /
	finish_server "$id"
	n=$((n + 1))
done

# next+log at a chosen rate: each rep waits CONNS/RATE seconds before each request
if [ "$PACED_RPS" -gt 0 ]; then
	id=$(printf '%02d-paced-hawser-t%s' "$n" "$CORES")
	DELAY_MS=$((CONNS * 1000 / PACED_RPS))
	fresh_copy "$GOLD" "$WORK/cycle.db"
	SERVER_NAME=hawser-paced
	start_server "$SERVER_NAME" hawser_serve "$WORK/cycle.db" "$CORES"
	run_wrk "$id" "next+log paced" hawser "$CORES" "$CONNS" cycle.lua /
	finish_server "$id"
	DELAY_MS=0
	n=$((n + 1))
fi

# the CLI baseline: $CORES reps at once, each a loop of 'hawser next' + 'hawser log'
echo "  $(printf %02d $n)-cycle-cli: next+log with the CLI, $CLI_CYCLES cycles, $CORES reps at once"
fresh_copy "$GOLD" "$WORK/cli.db"
cli_rep() { # REP CYCLES OUT
	local rep=$1 n=$2 out=$3 i j id t0 t1 t2 rc
	for ((i = 0; i < n; i++)); do
		t0=$EPOCHREALTIME
		rc=0
		j=$("$HW" --db "$WORK/cli.db" --now "$NOW" --json next --user "$rep") || rc=$?
		t1=$EPOCHREALTIME
		if [ "$rc" != 0 ]; then
			echo "next_fail $rc $t0 $t1" >>"$out"
			continue
		fi
		id=${j#'{"lead":{"id":'}
		id=${id%%,*}
		rc=0
		"$HW" --db "$WORK/cli.db" --now "$NOW" log "$id" no_answer --user "$rep" >/dev/null || rc=$?
		t2=$EPOCHREALTIME
		echo "cycle $rc $t0 $t1 $t2" >>"$out"
	done
}
CLI_OUT=$RES/$(printf %02d $n)-cycle-cli
: >"$CLI_OUT.tsv"
m0=$(cpu_machine)
c0=$EPOCHREALTIME
pids=()
for ((r = 1; r <= CORES; r++)); do
	k=$(((CLI_CYCLES + CORES - r) / CORES)) # split the cycles over the reps
	cli_rep "$(printf 'rep%03d' "$r")" "$k" "$CLI_OUT.$r" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
c1=$EPOCHREALTIME
m1=$(cpu_machine)
cat "$CLI_OUT".[0-9]* >"$CLI_OUT.tsv"
rm -f "$CLI_OUT".[0-9]*
printf '{"id":"%s","kind":"next+log","server":"cli","procs":%s,"wall_s":%s,"cpu_ticks":{"per_s":%s,"machine_busy":%s},"lines":"%s"}\n' \
	"$(basename "$CLI_OUT")" "$CORES" "$(fsub "$c1" "$c0")" "$TCK" "$((m1 - m0))" "$CLI_OUT.tsv" \
	>"$CLI_OUT.meta"

"$PY" "$HERE/summary.py" "$RES" "$OUT/http.json" "$CORES" "$ROWS" "$SEED" "$WORK" "$(cat /proc/loadavg)"
