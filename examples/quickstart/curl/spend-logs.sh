#!/usr/bin/env bash
# Spend rows (LiteLLM's field names plus ours), newest first (master key).
#   GET /spend/logs · GET /spend/report
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body -G "$GW/spend/logs" --data-urlencode "limit=${1:-5}" -H "Authorization: Bearer $MASTER"
echo
curl -sS --fail-with-body -G "$GW/spend/report" --data-urlencode "group_by=model" -H "Authorization: Bearer $MASTER"
echo
