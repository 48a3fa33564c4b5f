#!/usr/bin/env bash
# ConverseStream: the answer as it is generated.
#   POST /bedrock/model/{model}/converse-stream
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
# Event streams are binary frames (AWS event-stream); tr makes the JSON payloads inside them readable.
curl -sS -N --fail-with-body "$GW/bedrock/model/nova/converse-stream" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"messages":[{"role":"user","content":[{"text":"Stream a short answer"}]}]}' --output - | tr -c '[:print:]\n' '.'
echo
