import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import type { BedrockAgentRuntimeClientConfig } from "@aws-sdk/client-bedrock-agent-runtime";
import { buildProxiedClient } from "./build-proxied-client.js";
import type { GatewayManagedConfig } from "./create-proxied-bedrock-client.js";
import type { GatewayOptions } from "./resolve-gateway-options.js";

/**
 * Options of `createProxiedBedrockAgentClient`: the gateway's, plus any `BedrockAgentRuntimeClient` config.
 *
 * @example
 * const options: ProxiedBedrockAgentClientOptions = { baseUrl: "http://localhost:4000", apiKey: "sk-...", requestHandler: new NodeHttpHandler() };
 */
export type ProxiedBedrockAgentClientOptions = GatewayOptions & Omit<BedrockAgentRuntimeClientConfig, GatewayManagedConfig>;

/**
 * A `BedrockAgentRuntimeClient` (knowledge bases, agents, flows, sessions) that calls Bedrock through the gateway,
 * streaming included, over the SDK's default handler or any `requestHandler` you pass. The agent-runtime API has
 * no API-key scheme of its own, so the client does not sign at all: the gateway key goes out as
 * `Authorization: Bearer` and the gateway signs upstream with its own credentials. `baseUrl` and `apiKey`
 * default to `BEDROCK_GW_URL` and `BEDROCK_GW_API_KEY`; a missing one throws a `GatewayOptionsError` here.
 *
 * @example
 * import { RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
 * const agents = createProxiedBedrockAgentClient({ baseUrl: "http://localhost:4000", apiKey: "sk-..." });
 * const out = await agents.send(new RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "refund policy" } }));
 */
export function createProxiedBedrockAgentClient(options: ProxiedBedrockAgentClientOptions = {}): BedrockAgentRuntimeClient {
  return buildProxiedClient((config) => new BedrockAgentRuntimeClient(config as BedrockAgentRuntimeClientConfig), options);
}
