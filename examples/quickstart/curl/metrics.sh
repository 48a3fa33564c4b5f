#!/usr/bin/env bash
# Prometheus metrics: requests, latency, tokens, cost, gateway overhead (master key).
#   GET /metrics
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
MASTER="${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_MASTER_KEY}"
curl -sS --fail-with-body "$GW/metrics" -H "Authorization: Bearer $MASTER"
