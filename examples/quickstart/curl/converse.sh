#!/usr/bin/env bash
# Converse: one answer (JSON in, JSON out) from the model group "claude".
#   POST /bedrock/model/{model}/converse
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/model/claude/converse" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -H 'x-bedrock-gw-end-user: quickstart' -H 'x-bedrock-gw-tags: quickstart,curl' \
  -d '{"messages":[{"role":"user","content":[{"text":"Hello from curl"}]}],"inferenceConfig":{"maxTokens":200}}'
echo
