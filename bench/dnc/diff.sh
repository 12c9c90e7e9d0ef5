#!/usr/bin/env bash
# bench/dnc/diff.sh [REV] [CASES] — the working tree's src/io/dnc.c against
# the one at REV (default HEAD) on CASES (default 3000) random registry files
# (bench/dnc/dnc_diff.c): both must give the same results, errors, statistics
# and index bytes. Run it before committing a change to the parser.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REV=${1:-HEAD} CASES=${2:-3000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$ROOT"
make -s build/libhawser.a
git show "$REV:src/io/dnc.c" >"$T/ref_dnc.c"
R=""
for f in build_new:bn build_free:bf build_load:bl build_text:bt build_write:bw build_set:bs \
	open:open close:close has:has has_many:has_many key:key npa_date:date info_get:info; do
	R="$R -Dhw_dnc_${f%%:*}=p_${f#*:}"
done
PKGS="sqlite3 jansson icu-uc icu-i18n libmicrohttpd libsodium libzip"
CF="-D_GNU_SOURCE -Isrc -Ibuild/gen $(pkg-config --cflags $PKGS) -std=c17 -O1 -g"
# shellcheck disable=SC2086
{
	cc $CF $R -DREAD_CHUNK=64 -c -o "$T/cand.o" src/io/dnc.c
	cc $CF -c -o "$T/ref.o" "$T/ref_dnc.c"
	# ref.o before the library: its hw_dnc_* are the ones linked
	cc $CF -o "$T/dnc_diff" bench/dnc/dnc_diff.c "$T/cand.o" "$T/ref.o" build/libhawser.a \
		$(pkg-config --libs $PKGS) -lcsv -lphonenumber -lstdc++ -lm -lpthread
}
"$T/dnc_diff" "$CASES" "$T"
