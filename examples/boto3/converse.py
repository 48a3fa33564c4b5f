"""boto3 through bedrock-gw: Converse, ConverseStream and a knowledge-base Retrieve.

    BEDROCK_GW_URL=http://127.0.0.1:4000 BEDROCK_GW_API_KEY=sk-... python3 converse.py

Needs boto3 >= 1.39 (Bedrock API keys). Two settings change, nothing else:
  * endpoint_url: the gateway's Bedrock endpoint (<gateway>/bedrock);
  * AWS_BEARER_TOKEN_BEDROCK: the gateway key. boto3 then sends it as `Authorization: Bearer <key>` to
    bedrock-runtime instead of SigV4-signing, so no AWS credentials are needed.
bedrock-agent-runtime has no API-key scheme in boto3: it always signs, so the example gives it placeholder
credentials and sends the key in the `x-bedrock-gw-api-key` header, which the gateway prefers over a signature.
"""

import os
import sys

import boto3
import botocore

gateway = os.environ.get("BEDROCK_GW_URL", "http://127.0.0.1:4000").rstrip("/")
key = os.environ.get("BEDROCK_GW_API_KEY")
if not key:
    sys.exit("Set BEDROCK_GW_API_KEY (any value against a gateway without a master key).")
if tuple(int(part) for part in botocore.__version__.split(".")[:2]) < (1, 39):
    sys.exit(f"botocore {botocore.__version__} has no Bedrock API keys; upgrade to boto3 >= 1.39.")

# boto3 reads the Bedrock API key from the environment (there is no client argument for it).
os.environ["AWS_BEARER_TOKEN_BEDROCK"] = key
runtime = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=f"{gateway}/bedrock")

# Per-call gateway headers (end user, tags) go in with botocore's event hooks.
def add_gateway_headers(request, **_):
    request.headers["x-bedrock-gw-end-user"] = "boto3-example"
    request.headers["x-bedrock-gw-tags"] = "examples,python"

runtime.meta.events.register("before-send.bedrock-runtime.*", add_gateway_headers)

messages = [{"role": "user", "content": [{"text": "What is boto3?"}]}]
answer = runtime.converse(modelId="claude", messages=messages)
print("converse:", answer["output"]["message"]["content"][0]["text"])
print("  gateway request id:", answer["ResponseMetadata"]["HTTPHeaders"].get("x-bedrock-gw-request-id"),
      "cost:", answer["ResponseMetadata"]["HTTPHeaders"].get("x-bedrock-gw-cost"))

stream = runtime.converse_stream(modelId="nova", messages=[{"role": "user", "content": [{"text": "Stream it"}]}])
print("converse_stream: ", end="")
for event in stream["stream"]:
    if "contentBlockDelta" in event:
        print(event["contentBlockDelta"]["delta"].get("text", ""), end="", flush=True)
print()

agents = boto3.client(
    "bedrock-agent-runtime",
    region_name="us-east-1",
    endpoint_url=f"{gateway}/bedrock",
    aws_access_key_id="unused",
    aws_secret_access_key="unused",
)

def add_gateway_key(request, **_):
    request.headers["x-bedrock-gw-api-key"] = key

agents.meta.events.register("before-send.bedrock-agent-runtime.*", add_gateway_key)
results = agents.retrieve(knowledgeBaseId="KB12345678", retrievalQuery={"text": "how are keys checked?"})
print("retrieve:", len(results["retrievalResults"]), "passages")
