#!/usr/bin/env bash
# Installs what the tests need and is missing, then runs every test. Works on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
command -v oathtool >/dev/null || need+=(oathtool)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Offline validators for the Adaptive Cards and the Teams manifest (pinned in tests/js/package-lock.json).
[ -d tests/js/node_modules ] || npm ci --prefix tests/js --no-audit --no-fund
# The Teams App Test Tool for the browser end-to-end tests (pinned in tests/MfaBot.EndToEnd/tool/package-lock.json).
[ -d tests/MfaBot.EndToEnd/tool/node_modules ] || npm ci --prefix tests/MfaBot.EndToEnd/tool --no-audit --no-fund

dotnet test MfaBot.sln "$@"
