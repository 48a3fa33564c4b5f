#!/usr/bin/env bash
# Change a key's budget or limits (master key). Usage: key-update.sh sk-...
#   POST /key/update
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body "$GW/key/update" \
  -H "Authorization: Bearer $MASTER" -H 'content-type: application/json' \
  -d "{\"key\":\"${1:?usage: key-update.sh <key>}\",\"max_budget\":10,\"rpm_limit\":120}"
echo
