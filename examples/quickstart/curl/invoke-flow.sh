#!/usr/bin/env bash
# InvokeFlow: run a Bedrock flow (bedrock-agent-runtime). Not served by the offline simulator.
#   POST /bedrock/flows/{flowId}/aliases/{aliasId}
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
# Event streams are binary frames (AWS event-stream); tr makes the JSON payloads inside them readable.
FLOW="${1:-FLOW123456}" ALIAS="${2:-ALIAS12345}"
curl -sS -N --fail-with-body "$GW/bedrock/flows/$FLOW/aliases/$ALIAS" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"inputs":[{"nodeName":"FlowInputNode","nodeOutputName":"document","content":{"document":"hello flow"}}]}' \
  --output - | tr -c '[:print:]\n' '.'
echo
