#!/usr/bin/env bash
# scripts/deps.sh — make sure this Debian machine has what hawser needs to
# build, test and run. As root it installs what is missing (apt-get, npm ci);
# otherwise it prints the one command to run and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and run.
PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libjansson-dev libcsv-dev
libphonenumber-dev libicu-dev python3 python3-phonenumbers libmicrohttpd-dev libsodium-dev
libzip-dev libcurl4-openssl-dev libcairo2-dev fonts-dejavu-core libical-dev"
# Tests and benchmarks.
PKGS="$PKGS libcmocka-dev valgrind tmux time nodejs npm curl wrk chromium zip
clang libclang-rt-14-dev python3-aiosmtpd poppler-utils"

missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine may have node and npm from elsewhere (nvm, a tarball): that will do.
if command -v node >/dev/null && command -v npm >/dev/null; then
	m2=()
	for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || m2+=("$p"); done
	missing=("${m2[@]+"${m2[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "deps: installing ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null
		apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
	else
		echo "hawser needs these Debian packages; run:" >&2
		echo "  sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
fi

# npm packages for tests (csv-spectrum; playwright-core drives Debian's
# chromium in the browser tests), pinned by package-lock.json.
if [ -f package-lock.json ] && { [ ! -d node_modules/csv-spectrum ] || [ ! -d node_modules/playwright-core ]; }; then
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
