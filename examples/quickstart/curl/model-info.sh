#!/usr/bin/env bash
# Model groups and deployments (secrets never shown); any valid key.
#   GET /model/info
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/model/info" -H "Authorization: Bearer $KEY"
echo
