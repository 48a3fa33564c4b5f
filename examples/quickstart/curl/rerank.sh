#!/usr/bin/env bash
# Rerank: order passages by relevance to a query.
#   POST /bedrock/rerank
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/rerank" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"queries":[{"type":"TEXT","textQuery":{"text":"red apples"}}],
       "sources":[{"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"bananas are yellow"}}},
                  {"type":"INLINE","inlineDocumentSource":{"type":"TEXT","textDocument":{"text":"red apples are sweet"}}}],
       "rerankingConfiguration":{"type":"BEDROCK_RERANKING_MODEL","bedrockRerankingConfiguration":{"numberOfResults":1,
         "modelConfiguration":{"modelArn":"arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"}}}}'
echo
