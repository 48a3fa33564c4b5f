import type { Pluggable } from "@smithy/types";
import { applyGatewayConfig } from "./apply-gateway-config.js";
import { getGatewayAuthPlugin } from "./gateway-auth-middleware.js";
import { getGatewayMetadataPlugin } from "./gateway-metadata-middleware.js";
import type { GatewayOptions, ResolvedGatewayOptions } from "./resolve-gateway-options.js";
import { resolveGatewayOptions } from "./resolve-gateway-options.js";

/**
 * Any AWS SDK v3 client (3.513 or later): `BedrockRuntimeClient`, `BedrockAgentRuntimeClient`, of any version
 * in the supported range. Only what `withGateway` touches is named.
 *
 * @example
 * function useGateway<C extends GatewayCompatibleClient>(client: C): C {
 *   return withGateway(client, { endUser: "batch-job" });
 * }
 */
export interface GatewayCompatibleClient {
  config: object;
  // `never`: clients of different SDK versions type their stacks with different @smithy/types copies, which do not
  // assign to each other; all that matters is that a plugin can be applied.
  middlewareStack: { use(pluggable: never): void };
}

/**
 * Retrofits a client the application already built so that every call goes to the gateway with the gateway key,
 * and returns that same client. Its endpoint becomes `${baseUrl}/bedrock`, its credentials and signer are replaced
 * (so the default credential chain, and its EC2/ECS metadata probing, never runs), and two plugins are added: the
 * key as `Authorization: Bearer` (plus end user, session and tags) and the gateway's response metadata.
 * Everything else (request handler, retries, logger) stays as the application set it.
 *
 * @example
 * import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
 * const client = withGateway(new BedrockRuntimeClient({ maxAttempts: 5 }), {
 *   baseUrl: "http://localhost:4000",
 *   apiKey: process.env.BEDROCK_GW_API_KEY,
 *   endUser: "user-42",
 * });
 */
export function withGateway<C extends GatewayCompatibleClient>(client: C, options: GatewayOptions = {}): C {
  return applyResolvedGateway(client, resolveGatewayOptions(options));
}

/** `withGateway` with options already resolved (the factories resolve them before building the client). */
export function applyResolvedGateway<C extends GatewayCompatibleClient>(client: C, resolved: ResolvedGatewayOptions): C {
  applyGatewayConfig(client.config, resolved);
  const stack = client.middlewareStack as { use(pluggable: Pluggable<object, object>): void };
  stack.use(getGatewayAuthPlugin({ apiKey: resolved.apiKey, headers: resolved.headers }));
  stack.use(getGatewayMetadataPlugin());
  return client;
}
