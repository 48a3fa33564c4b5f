import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { buildProxiedClient } from "./build-proxied-client.js";
import type { GatewayOptions } from "./resolve-gateway-options.js";

/**
 * SDK config members that the gateway decides; everything else a `BedrockRuntimeClient` takes is accepted.
 *
 * @example
 * type AppConfig = Omit<BedrockRuntimeClientConfig, GatewayManagedConfig>; // maxAttempts, requestHandler, logger, ...
 */
export type GatewayManagedConfig = "endpoint" | "credentials" | "token" | "signer" | "region" | "useFipsEndpoint" | "useDualstackEndpoint";

/**
 * Options of `createProxiedBedrockClient`: the gateway's, plus any `BedrockRuntimeClient` config.
 *
 * @example
 * const options: ProxiedBedrockClientOptions = { baseUrl: "http://localhost:4000", apiKey: "sk-...", maxAttempts: 5 };
 */
export type ProxiedBedrockClientOptions = GatewayOptions & Omit<BedrockRuntimeClientConfig, GatewayManagedConfig>;

/**
 * A `BedrockRuntimeClient` that calls Bedrock through the gateway: every command, streaming included, over the
 * SDK's default HTTP/2 handler or any `requestHandler` you pass (e.g. `NodeHttpHandler` for HTTP/1.1). The key
 * goes out as `Authorization: Bearer`; nothing is SigV4-signed and no AWS credentials are looked up.
 * `baseUrl` and `apiKey` default to `BEDROCK_GW_URL` and `BEDROCK_GW_API_KEY`; a missing one throws a
 * `GatewayOptionsError` here, naming the option and the variable.
 *
 * @example
 * import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
 * const client = createProxiedBedrockClient({ baseUrl: "http://localhost:4000", apiKey: "sk-...", endUser: "user-42" });
 * const out = await client.send(new ConverseCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: "Hi" }] }] }));
 * console.log(out.output?.message?.content?.[0]?.text, getGatewayMetadata(out)?.cost);
 */
export function createProxiedBedrockClient(options: ProxiedBedrockClientOptions = {}): BedrockRuntimeClient {
  return buildProxiedClient((config) => new BedrockRuntimeClient(config as BedrockRuntimeClientConfig), options);
}
