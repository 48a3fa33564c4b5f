#!/usr/bin/env bash
# ApplyGuardrail: check a text against a guardrail (uses bedrock_defaults: no model).
#   POST /bedrock/guardrail/{id}/version/{version}/apply
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
GUARDRAIL="${1:-gr12345abc}"
curl -sS --fail-with-body "$GW/bedrock/guardrail/$GUARDRAIL/version/DRAFT/apply" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"source":"INPUT","content":[{"text":{"text":"Is this text fine?"}}]}'
echo
