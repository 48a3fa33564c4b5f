import type { ClientHeaders } from "../internal/header-reader.js";
import type { RoutePlan } from "./plan-route.js";
import type { TargetSigners } from "../upstream/target-signers.js";
import type { UpstreamClient, UpstreamResponse } from "../upstream/upstream-client.js";
import type { SignableRequest } from "../upstream/sign-request.js";
import type { Endpoint, UpstreamTimeouts } from "../config/types.js";
import { normalizeQuery } from "../upstream/encode-query.js";
import { selectForwardedHeaders } from "../upstream/forward-headers.js";
import type { ClientSignal } from "../internal/client-signal.js";

export interface ForwardInput {
  plan: RoutePlan;
  method: string;
  rawQuery: string;
  clientHeaders: ClientHeaders;
  body: Uint8Array | null;
  signal: ClientSignal;
  /** the request's own timeout (`x-bedrock-gw-timeout`); it only shortens the configured ones */
  timeoutMs?: number;
  /** the body's SHA-256 (hex), when it was computed as the body arrived; kept across retries and fallbacks */
  bodySha256?: string;
}

export interface ForwardDeps {
  signers: TargetSigners;
  upstream: UpstreamClient;
  timeouts: UpstreamTimeouts;
  /** an endpoint's scheme, hostname and port (default: parsed from its origin on every call) */
  endpointParts?: (endpoint: Endpoint) => EndpointParts;
}

/** What a signer is told of an endpoint besides its `host` header. */
export interface EndpointParts {
  protocol: "http:" | "https:";
  hostname: string;
  port?: number;
}

/**
 * Parses each endpoint's origin once: a gateway sends to the same few endpoints on every call, and a WHATWG URL
 * parse is among the costlier steps of a call.
 *
 * @example
 * const forwardDeps = { signers, upstream, timeouts, endpointParts: createEndpointParts() };
 */
export function createEndpointParts(): (endpoint: Endpoint) => EndpointParts {
  const parsed = new WeakMap<Endpoint, EndpointParts>();
  return (endpoint) => {
    let parts = parsed.get(endpoint);
    if (parts === undefined) {
      parts = parseEndpoint(endpoint);
      parsed.set(endpoint, parts);
    }
    return parts;
  };
}

function parseEndpoint(endpoint: Endpoint): EndpointParts {
  const url = new URL(endpoint.origin);
  const parts: EndpointParts = { protocol: url.protocol === "https:" ? "https:" : "http:", hostname: url.hostname };
  if (url.port) parts.port = Number(url.port);
  return parts;
}

/**
 * Builds the upstream request (endpoint + path, allowlisted headers, the exact body bytes), signs it for the
 * target's region and sends it. The bytes signed are the bytes sent.
 */
export async function forwardCall(input: ForwardInput, deps: ForwardDeps): Promise<UpstreamResponse> {
  const { plan } = input;
  const endpoint = plan.service === "bedrock-runtime" ? plan.target.runtimeEndpoint : plan.target.agentRuntimeEndpoint;
  const parts = deps.endpointParts?.(endpoint) ?? parseEndpoint(endpoint);
  const path = endpoint.basePath + plan.path;
  const query = normalizeQuery(input.rawQuery);
  const body = input.body ?? new Uint8Array(0);
  const headers = selectForwardedHeaders(input.clientHeaders);
  headers.host = endpoint.host;
  const request: SignableRequest = { method: input.method, protocol: parts.protocol, hostname: parts.hostname, path, query: query.params, headers, body };
  if (parts.port !== undefined) request.port = parts.port;
  if (input.bodySha256 !== undefined) request.payloadHash = input.bodySha256;
  const signed = await deps.signers.signerFor(plan.target, plan.service).sign(request);
  const firstByteMs = Math.min(
    deps.timeouts.firstByteMs,
    plan.deployment?.timeoutMs ?? Number.POSITIVE_INFINITY,
    input.timeoutMs ?? Number.POSITIVE_INFINITY,
  );
  return await deps.upstream.send({
    origin: endpoint.origin,
    path: query.encoded === "" ? path : `${path}?${query.encoded}`,
    method: input.method,
    headers: signed,
    body: input.body,
    signal: input.signal,
    firstByteTimeoutMs: firstByteMs,
    idleTimeoutMs: plan.deployment?.streamTimeoutMs ?? deps.timeouts.idleMs,
  });
}
