import type { AwsCredentialIdentity, RequestSigner, TokenIdentity } from "@smithy/types";
import type { ResolvedGatewayOptions } from "./resolve-gateway-options.js";

/** The SDK's region when none is given: the gateway chooses each deployment's real region itself. */
export const DEFAULT_REGION = "us-east-1";

/**
 * The members of a resolved AWS SDK v3 client config that decide where a call goes and how it is authenticated.
 * They are read per call by the SDK's own middleware (3.513 and later), so replacing them on a built client takes
 * effect on its next call.
 */
export interface GatewayClientConfig {
  credentials?: unknown;
  token?: unknown;
  signer?: unknown;
  region?: unknown;
  endpoint?: unknown;
  isCustomEndpoint?: boolean;
  useFipsEndpoint?: unknown;
  useDualstackEndpoint?: unknown;
}

/**
 * A placeholder identity so that the SDK never runs the default credential chain (environment, files, SSO, and
 * the EC2/ECS metadata endpoints with their timeouts). It signs nothing: the pass-through signer ignores it.
 * A fresh object per call, because the SDK tags identities it is given.
 */
export const readPlaceholderCredentials = async (): Promise<AwsCredentialIdentity> => ({
  accessKeyId: "BEDROCK-GW-CLIENT",
  secretAccessKey: "unused: the gateway key is sent as a Bearer token",
});

/** A signer that leaves the request as it is: the auth middleware adds the key right after this step. */
const PASS_THROUGH_SIGNER: RequestSigner = { sign: async (request) => request };

/**
 * Points a built client's config at the gateway: the gateway endpoint (`…/bedrock`), no FIPS/dual-stack
 * endpoint rewriting, a fixed region, a placeholder identity for both auth schemes and a signer that does not sign.
 */
export function applyGatewayConfig(config: GatewayClientConfig, options: ResolvedGatewayOptions): void {
  const endpoint = toEndpointV1(options.endpoint);
  config.endpoint = async () => endpoint;
  config.isCustomEndpoint = true;
  config.useFipsEndpoint = async () => false;
  config.useDualstackEndpoint = async () => false;
  config.credentials = readPlaceholderCredentials;
  config.token = async (): Promise<TokenIdentity> => ({ token: options.apiKey });
  config.signer = async () => PASS_THROUGH_SIGNER;
  // Always replaced: the SDK's own region chain ends in an EC2 metadata lookup (newer SDKs), and the region only
  // feeds the SDK's endpoint rules here, since the gateway picks each deployment's real region.
  const region = options.region ?? DEFAULT_REGION;
  config.region = async () => region;
}

/** The endpoint object the SDK itself makes from an `endpoint` string (path prepended to every operation path). */
function toEndpointV1(url: URL): { protocol: string; hostname: string; port?: number; path: string; query: Record<string, string> } {
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port !== "" ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
  };
}
