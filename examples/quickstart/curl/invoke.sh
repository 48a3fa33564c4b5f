#!/usr/bin/env bash
# InvokeModel: the model's native body (here Anthropic's Messages format).
#   POST /bedrock/model/{model}/invoke
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/model/claude/invoke" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' -H 'accept: application/json' \
  -d '{"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":"Hello from curl"}]}'
echo
