#!/usr/bin/env bash
# Liveliness and readiness (no key): for load balancers and orchestrators.
#   GET /health/liveliness · GET /health/readiness
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
curl -sS --fail-with-body "$GW/health/liveliness"
echo
curl -sS --fail-with-body "$GW/health/readiness"
echo
