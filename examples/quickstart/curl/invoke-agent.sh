#!/usr/bin/env bash
# InvokeAgent: talk to a Bedrock agent; the answer is an event stream.
#   POST /bedrock/agents/{agentId}/agentAliases/{aliasId}/sessions/{sessionId}/text
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
# Event streams are binary frames (AWS event-stream); tr makes the JSON payloads inside them readable.
AGENT="${1:-AGENT12345}" ALIAS="${2:-ALIAS12345}" SESSION="${3:-quickstart-session}"
curl -sS -N --fail-with-body "$GW/bedrock/agents/$AGENT/agentAliases/$ALIAS/sessions/$SESSION/text" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"inputText":"hello agent"}' --output - | tr -c '[:print:]\n' '.'
echo
