#!/usr/bin/env bash
# A key's settings and spend (master key). Usage: key-info.sh sk-...
#   GET /key/info?key=
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body -G "$GW/key/info" --data-urlencode "key=${1:?usage: key-info.sh <key>}" -H "Authorization: Bearer $MASTER"
echo
