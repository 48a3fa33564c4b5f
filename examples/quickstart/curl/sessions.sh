#!/usr/bin/env bash
# CreateSession, for agent memory across invocations (bedrock-agent-runtime). Not served by the offline simulator.
#   POST /bedrock/sessions/
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/sessions/" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"sessionMetadata":{"app":"quickstart"}}'
echo
