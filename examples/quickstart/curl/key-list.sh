#!/usr/bin/env bash
# Every key (hashes, never the keys themselves) (master key).
#   GET /key/list
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body "$GW/key/list" -H "Authorization: Bearer $MASTER"
echo
