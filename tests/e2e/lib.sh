# tests/e2e/lib.sh — sourced by end-to-end scripts. Provides a temporary
# directory, $HAWSER (the binary under test, set by tests/run.sh) and checks
# that print "ok - NAME" / "not ok - NAME" for tests/run.sh to count.
set -u
: "${HAWSER:=$PWD/build/hawser}"
T=$(mktemp -d "${TMPDIR:-/tmp}/hawser-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HAWSER_DB="$T/test.db"
FIX="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/fixtures"

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; [ $# -gt 1 ] && printf '  %s\n' "$2"; return 0; }

# check NAME CMD... — passes when CMD exits 0
check() { local n=$1; shift; if "$@" >"$T/.out" 2>&1; then ok "$n"; else nok "$n" "$(head -c 2000 "$T/.out")"; fi; }
# check_fails NAME CMD... — passes when CMD exits non-zero
check_fails() { local n=$1; shift; if "$@" >"$T/.out" 2>&1; then nok "$n" "exited 0: $(head -c 2000 "$T/.out")"; else ok "$n"; fi; }
# check_eq NAME EXPECTED ACTUAL
check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "expected [$2] got [$3]"; fi; }
# check_grep NAME PATTERN FILE
check_grep() { if grep -qE -- "$2" "$3"; then ok "$1"; else nok "$1" "no /$2/ in $3: $(head -c 2000 "$3")"; fi; }

# ---- HTTP: requests to the server at $BASE (api.sh, outreach_api.sh) ----
# req CURL-ARGS... PATH — prints the status; the body is in $T/b, the headers in $T/h.
req() {
	local p=${*: -1}
	curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' --max-time 20 "${@:1:$#-1}" "$BASE$p"
}
declare -A CSRF UID_
# as WHO METHOD PATH [JSON] — WHO: a signed-in login (its cookie and CSRF token),
# tok:TOKEN (Authorization: Bearer), anon, or nocsrf:LOGIN (the cookie alone).
as() {
	local who=$1 m=$2 p=$3 a
	shift 3
	a=(-X "$m")
	case $who in
	anon) ;;
	tok:*) a+=(-H "Authorization: Bearer ${who#tok:}") ;;
	nocsrf:*) a+=(-b "$T/${who#nocsrf:}.jar") ;;
	*) a+=(-b "$T/$who.jar" -H "X-CSRF-Token: ${CSRF[$who]:-}") ;;
	esac
	[ $# -gt 0 ] && a+=(-H 'Content-Type: application/json' --data-binary "$1")
	req "${a[@]}" "$p"
}
jb() { jq -r "$1" "$T/b" 2>/dev/null; }
hdr() { tr -d '\r' <"$T/h" | grep -i "^$1:" | head -n 1 | sed 's/^[^:]*: *//'; }
body() { head -c 400 "$T/b" | tr -d '\0'; }

code_of() {
	case $1 in
	400) echo bad_request ;; 401) echo unauthorized ;; 403) echo forbidden ;;
	404) echo not_found ;; 405) echo method_not_allowed ;; 409) echo conflict ;;
	413) echo too_large ;; 415) echo unsupported_media_type ;; 422) echo unprocessable ;;
	429) echo too_many_requests ;;
	*) echo internal ;;
	esac
}
# expect NAME WANT GOT [FIELD] — the status is WANT; an error status also needs
# the JSON error {"error":{"code","message"}} with its code, and with FIELD
# ("-": no field) when given. The last request's body is in $T/b.
expect() {
	local n=$1 want=$2 got=$3 field=${4:-} why= ec ef em
	if [ "$want" != "$got" ]; then
		why="expected $want, got $got: $(body)"
	elif [ "$want" -ge 400 ]; then
		# the compact shape jansson writes, read without a process; anything
		# else is parsed with jq
		local re='^\{"error":\{"code":"([a-z_]+)","message":"([^"\\]|\\.)+"(,"field":"(([^"\\]|\\.)*)")?\}\}$'
		if [[ $(<"$T/b") =~ $re ]]; then
			ec=${BASH_REMATCH[1]} em=1 ef=${BASH_REMATCH[4]:--}
		else IFS=$'\t' read -r ec ef em < <(jq -r '[(.error.code // "?" | tostring), (.error.field // "-" | tostring),
			(.error.message | if type == "string" then length else 0 end)] | @tsv' "$T/b" 2>/dev/null)
		fi
		if [ "${ec:-}" != "$(code_of "$want")" ] || [ "${em:-0}" = 0 ]; then
			why="status $got but not the JSON error with code $(code_of "$want") and a message: $(body)"
		elif [ -n "$field" ] && [ "$field" != "${ef:-}" ]; then
			why="expected field $field, got ${ef:-}: $(body)"
		fi
	fi
	if [ -z "$why" ]; then ok "$n"; else nok "$n" "$why"; fi
}

# check_jq NAME FILTER — the last body satisfies the jq FILTER
check_jq() {
	if jq -e "$2" "$T/b" >/dev/null 2>&1; then ok "$1"; else nok "$1" "not ($2): $(body)"; fi
}
# login LOGIN — signs in (password "password1") into $T/LOGIN.jar; sets
# CSRF[LOGIN], UID_[LOGIN] and s (the status)
login() {
	s=$(req -c "$T/$1.jar" -H 'Content-Type: application/json' \
		--data-binary "{\"login\":\"$1\",\"password\":\"password1\"}" /api/v1/login)
	CSRF[$1]=$(jb '.csrf // empty')
	UID_[$1]=$(jb '.user.id // empty')
}
