#!/usr/bin/env bash
# StartAsyncInvoke, then GetAsyncInvoke and ListAsyncInvokes (results go to your S3 bucket).
#   POST /bedrock/async-invoke · GET /bedrock/async-invoke/{arn} · GET /bedrock/async-invoke
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
started=$(curl -sS --fail-with-body "$GW/bedrock/async-invoke" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"modelId":"amazon.nova-lite-v1:0","modelInput":{"prompt":"a short video"},"outputDataConfig":{"s3OutputDataConfig":{"s3Uri":"s3://my-bucket/out"}}}')
echo "$started"
arn=$(printf '%s' "$started" | sed -n 's/.*"invocationArn":"\([^"]*\)".*/\1/p')
encoded=$(printf '%s' "$arn" | sed 's/:/%3A/g; s#/#%2F#g')
curl -sS --fail-with-body "$GW/bedrock/async-invoke/$encoded" -H "Authorization: Bearer $KEY"
echo
curl -sS --fail-with-body "$GW/bedrock/async-invoke?maxResults=10" -H "Authorization: Bearer $KEY"
echo
