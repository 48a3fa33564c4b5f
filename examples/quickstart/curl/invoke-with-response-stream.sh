#!/usr/bin/env bash
# InvokeModelWithResponseStream: native body, streamed answer.
#   POST /bedrock/model/{model}/invoke-with-response-stream
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
# Event streams are binary frames (AWS event-stream); tr makes the JSON payloads inside them readable.
curl -sS -N --fail-with-body "$GW/bedrock/model/claude/invoke-with-response-stream" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":"Stream from curl"}]}' \
  --output - | tr -c '[:print:]\n' '.'
echo
