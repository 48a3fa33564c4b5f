import type { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { createProxiedBedrockAgentClient, createProxiedBedrockClient } from "@bedrock-gw/client";
import type { GatewayOptions } from "@bedrock-gw/client";

export interface BedrockClients {
  runtime: BedrockRuntimeClient;
  agents: BedrockAgentRuntimeClient;
}

/**
 * Both Bedrock clients, pointed at the gateway. With no options, they read `BEDROCK_GW_URL` and
 * `BEDROCK_GW_API_KEY` (and fail right here, naming them, if either is missing).
 *
 * @example
 * const { runtime, agents } = createClients({ endUser: "user-42" });
 */
export function createClients(options: GatewayOptions = {}): BedrockClients {
  return {
    runtime: createProxiedBedrockClient({ ...options, maxAttempts: 3 }),
    agents: createProxiedBedrockAgentClient(options),
  };
}
