import type { AwsCredentialIdentity } from "@smithy/types";
import { DEFAULT_REGION, readPlaceholderCredentials } from "./apply-gateway-config.js";
import type { GatewayOptions } from "./resolve-gateway-options.js";
import { resolveGatewayOptions } from "./resolve-gateway-options.js";
import type { GatewayCompatibleClient } from "./with-gateway.js";
import { applyResolvedGateway } from "./with-gateway.js";

/** What a proxied client is constructed with, on top of the application's own SDK config. */
export interface ProxiedClientConfig {
  region: string;
  endpoint: string;
  credentials: () => Promise<AwsCredentialIdentity>;
  [sdkOption: string]: unknown;
}

/**
 * Checks the gateway options first (so a missing URL or key fails here, before anything is built), then builds
 * the client with the gateway endpoint and a placeholder identity, and retrofits it. Shared by both factories,
 * and called by tests with older SDK client classes.
 */
export function buildProxiedClient<C extends GatewayCompatibleClient, O extends GatewayOptions>(
  construct: (config: ProxiedClientConfig) => C,
  options: O,
): C {
  const resolved = resolveGatewayOptions(options);
  const { baseUrl: _baseUrl, apiKey: _apiKey, region: _region, endUser: _endUser, sessionId: _sessionId, tags: _tags, env: _env, ...sdkConfig } = options;
  const client = construct({
    ...sdkConfig,
    region: resolved.region ?? DEFAULT_REGION,
    endpoint: resolved.endpoint.href,
    credentials: readPlaceholderCredentials,
  });
  return applyResolvedGateway(client, resolved);
}
