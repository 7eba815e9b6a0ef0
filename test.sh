#!/usr/bin/env bash
# Installs what the tests need and is missing, starts a private PostgreSQL on loopback for the storage tests,
# then runs every test. Works on a fresh Debian machine, as root or not.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
command -v oathtool >/dev/null || need+=(oathtool)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Offline validators for the Adaptive Cards and the Teams manifest (pinned in tests/js/package-lock.json).
[ -d tests/js/node_modules ] || npm ci --prefix tests/js --no-audit --no-fund
# The Microsoft 365 Agents Playground and axe-core for the browser end-to-end tests (pinned in
# tests/MfaBot.EndToEnd/tool/package-lock.json); installed again when either is missing (an older checkout's tools).
e2e_tool=tests/MfaBot.EndToEnd/tool/node_modules
[ -f $e2e_tool/@microsoft/m365agentsplayground/cli.js ] && [ -f $e2e_tool/axe-core/axe.min.js ] \
  || npm ci --prefix tests/MfaBot.EndToEnd/tool --no-audit --no-fund

# A throw-away cluster: its own folder, a free loopback port, no fsync, trust auth (loopback only), removed on exit.
# PostgreSQL refuses to run as root, so root runs it as the 'postgres' account the Debian package creates.
pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
pg_dir=$(mktemp -d /tmp/mfabot-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; as_pg=(runuser -u postgres --); fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# What the tests learn (every seed and code) and what the bot and the simulator write or log, for the secret scan
# after the whole suite (tests/MfaBot.LeakScan). Capped per test process by MFABOT_TEST_ARTIFACTS_MAX_MB (2048).
artifacts=$(mktemp -d "${TMPDIR:-/tmp}/mfabot-artifacts.XXXXXX")
export MFABOT_TEST_ARTIFACTS="$artifacts"
stop_pg() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir" "$artifacts"; }
trap stop_pg EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U mfabot -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log"; exit 1; }
export MFABOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=mfabot;Database=postgres"

tests_rc=0
dotnet test MfaBot.sln "$@" || tests_rc=$?

# No seed or code in clear in any kept file, recorded log line, the server's log or any row of any database.
# It refuses to pass on an empty ledger, so a run that sees no seed (a narrow --filter) skips it with MFABOT_LEAK_SCAN=0.
scan_rc=0
if [ "${MFABOT_LEAK_SCAN:-1}" != 0 ]; then
  scan_dll=$(ls -t tests/MfaBot.LeakScan/bin/*/net10.0/MfaBot.LeakScan.dll 2>/dev/null | head -1)
  dotnet "${scan_dll:?MfaBot.LeakScan was not built}" "$artifacts" "$pg_dir/server.log" || scan_rc=$?
fi
exit $(( tests_rc != 0 ? tests_rc : scan_rc ))
