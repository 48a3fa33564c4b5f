#!/usr/bin/env bash
# Make a virtual key for an app or a person: allowed models, budget, rate limits (master key).
#   POST /key/generate
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body "$GW/key/generate" \
  -H "Authorization: Bearer $MASTER" -H 'content-type: application/json' \
  -d '{"models":["claude","nova"],"max_budget":5,"budget_duration":"30d","rpm_limit":60,"key_alias":"quickstart-app","metadata":{"owner":"quickstart"}}'
echo
