#!/usr/bin/env bash
# Revoke keys (master key). Usage: key-delete.sh sk-... [sk-...]
#   POST /key/delete
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
[ "$#" -gt 0 ] || { echo "usage: key-delete.sh <key> [<key>...]" >&2; exit 2; }
keys=$(printf '"%s",' "$@")
curl -sS --fail-with-body "$GW/key/delete" \
  -H "Authorization: Bearer $MASTER" -H 'content-type: application/json' \
  -d "{\"keys\":[${keys%,}]}"
echo
