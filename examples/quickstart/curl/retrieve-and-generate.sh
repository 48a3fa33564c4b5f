#!/usr/bin/env bash
# RetrieveAndGenerate: answer from a knowledge base.
#   POST /bedrock/retrieveAndGenerate
set -euo pipefail
GW="${BEDROCK_GW_URL:-http://127.0.0.1:4000}"
KEY="${BEDROCK_GW_API_KEY:-${BEDROCK_GW_MASTER_KEY:?set BEDROCK_GW_API_KEY (or BEDROCK_GW_MASTER_KEY)}}"
curl -sS --fail-with-body "$GW/bedrock/retrieveAndGenerate" \
  -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"input":{"text":"Summarise the docs"},"retrieveAndGenerateConfiguration":{"type":"KNOWLEDGE_BASE","knowledgeBaseConfiguration":{"knowledgeBaseId":"KB12345678","modelArn":"anthropic.claude-3-haiku-20240307-v1:0"}}}'
echo
