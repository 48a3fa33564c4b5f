#!/usr/bin/env bash
# CountTokens: how many input tokens a request would use (nothing is generated or charged).
#   POST /bedrock/model/{model}/count-tokens
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/model/claude/count-tokens" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"input":{"converse":{"messages":[{"role":"user","content":[{"text":"How many tokens is this?"}]}]}}}'
echo
