#!/usr/bin/env bash
# Retrieve: search a knowledge base (bedrock-agent-runtime).
#   POST /bedrock/knowledgebases/{id}/retrieve
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
KB="${1:-KB12345678}"
curl -sS --fail-with-body "$GW/bedrock/knowledgebases/$KB/retrieve" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"retrievalQuery":{"text":"How are keys checked?"}}'
echo
