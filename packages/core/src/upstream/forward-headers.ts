import type { ClientHeaders, HeaderRecord } from "../internal/header-reader.js";

/**
 * Which client headers reach Bedrock and which Bedrock headers reach the client.
 *
 * Requests: an allowlist. The client's `authorization`, `x-amz-*` (its own signature), `host`, hop-by-hop and
 * `x-forwarded-*` headers never go upstream; the gateway signs a minimal set of its own.
 * Responses: everything Bedrock sent except hop-by-hop headers.
 */

const FORWARDED_REQUEST_HEADERS = new Set(["content-type", "accept", "x-amz-source-arn"]);
const FORWARDED_REQUEST_PREFIXES = ["x-amzn-bedrock-"];

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
]);

/** True when a client request header may be forwarded upstream. */
export function isForwardedRequestHeader(lowerName: string): boolean {
  if (FORWARDED_REQUEST_HEADERS.has(lowerName)) return true;
  for (const prefix of FORWARDED_REQUEST_PREFIXES) if (lowerName.startsWith(prefix)) return true;
  return false;
}

/**
 * Picks the request headers to forward, lower-cased, as a plain record ready for signing.
 *
 * @example
 * selectForwardedHeaders(request.headers) // { "content-type": "application/json", "x-amzn-bedrock-trace": "ENABLED" }
 */
export function selectForwardedHeaders(headers: ClientHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (isForwardedRequestHeader(name)) out[name] = value;
  });
  return out;
}

/** True when an upstream response header must not be relayed (hop-by-hop). */
export function isHopByHopHeader(lowerName: string): boolean {
  return HOP_BY_HOP.has(lowerName);
}

/**
 * Copies upstream response headers (undici's lower-cased record) into a plain record for the client, minus
 * hop-by-hop ones: written to a Node response as is, or turned into web Headers where a Response is wanted.
 */
export function toRelayedResponseHeaders(upstream: HeaderRecord): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || isHopByHopHeader(name)) continue;
    headers[name] = value;
  }
  return headers;
}
