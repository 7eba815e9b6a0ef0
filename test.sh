#!/usr/bin/env bash
# Installs what the tests need and is missing, then runs every test. Works on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
command -v oathtool >/dev/null || need+=(oathtool)
command -v zbarimg >/dev/null || need+=(zbar-tools)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

dotnet test MfaBot.sln "$@"
