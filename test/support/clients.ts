import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export type Transport = "http2" | "http1";
export const TRANSPORTS: Transport[] = ["http2", "http1"];

/**
 * A stock BedrockRuntimeClient pointed at the gateway with a key as its Bedrock API key. `http2` keeps the SDK's
 * default handler (NodeHttp2Handler, h2c); `http1` uses NodeHttpHandler.
 */
export function createRuntimeClient(gatewayUrl: string, key: string, transport: Transport): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: `${gatewayUrl}/bedrock`,
    token: { token: key },
    authSchemePreference: ["httpBearerAuth"],
    maxAttempts: 1,
    ...(transport === "http1" ? { requestHandler: new NodeHttpHandler() } : {}),
  });
}

/**
 * A stock BedrockAgentRuntimeClient (SigV4 only, no bearer scheme) that also sends the gateway key in
 * `x-bedrock-gw-api-key`, which the gateway prefers over the (dummy) SigV4 Authorization.
 */
export function createAgentClient(gatewayUrl: string, key: string, transport: Transport): BedrockAgentRuntimeClient {
  const client = new BedrockAgentRuntimeClient({
    region: "us-east-1",
    endpoint: `${gatewayUrl}/bedrock`,
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    maxAttempts: 1,
    ...(transport === "http1" ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      request.headers["x-bedrock-gw-api-key"] = key;
      return next(args);
    },
    { step: "build", name: "gatewayKey" },
  );
  return client;
}
