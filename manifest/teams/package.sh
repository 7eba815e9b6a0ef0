#!/usr/bin/env bash
# Builds the Teams app package: manifest.json (with the bot's app id) + color.png + outline.png at the zip root.
# Usage: ./manifest/teams/package.sh <MicrosoftAppId> [out.zip]
#   MFABOT_DOMAIN=bot.example.org  optional: the host of the bot's public URL, replacing the validDomains placeholder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
placeholder="00000000-0000-0000-0000-000000000000"

app_id="${1:-}"
out="${2:-$PWD/mfabot-teams.zip}"
if ! [[ "$app_id" =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]] || [ "$app_id" = "$placeholder" ]; then
  echo "usage: $0 <MicrosoftAppId (the bot's Entra app id, a GUID)> [out.zip]" >&2
  exit 2
fi
domain="${MFABOT_DOMAIN:-}"
if [ -n "$domain" ] && ! [[ "$domain" =~ ^[A-Za-z0-9.*-]+(:[0-9]+)?$ ]]; then
  echo "MFABOT_DOMAIN must be a host name such as bot.example.org" >&2
  exit 2
fi
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The app id serves as both the Teams app id and the bot id, as the Bot Framework samples do.
sed "s/$placeholder/$app_id/g" "$here/manifest.json" > "$work/manifest.json"
[ -z "$domain" ] || sed -i "s/\"mfabot\\.example\\.com\"/\"$domain\"/" "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"

rm -f "$out"
if command -v zip >/dev/null; then
  (cd "$work" && zip -q -X "$out" manifest.json color.png outline.png)
else
  python3 - "$work" "$out" <<'PY'
import sys, zipfile, os
work, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("manifest.json", "color.png", "outline.png"):
        z.write(os.path.join(work, name), name)
PY
fi
echo "$out"
