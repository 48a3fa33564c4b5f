import type { Endpoint } from "./types.js";
import { resolveDnsSuffix } from "./aws-regions.js";

export type EndpointParse = { ok: true; endpoint: Endpoint } | { ok: false; problem: string };

/**
 * Parses an endpoint override (`aws_bedrock_runtime_endpoint`, `api_base`, `AWS_ENDPOINT_URL`, ...): an absolute
 * http(s) URL without credentials, query or fragment. A path becomes the base path (no trailing slash).
 *
 * @example
 * parseEndpointUrl("http://127.0.0.1:9000/prefix/")
 * // { ok: true, endpoint: { origin: "http://127.0.0.1:9000", basePath: "/prefix", host: "127.0.0.1:9000" } }
 * parseEndpointUrl("bedrock.local") // { ok: false, problem: '"bedrock.local" is not an absolute http(s) URL' }
 */
export function parseEndpointUrl(text: string): EndpointParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `${JSON.stringify(text)} is not an absolute http(s) URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, problem: `${JSON.stringify(text)} is not an absolute http(s) URL` };
  }
  // Never echo a URL that carries credentials back into a message or log.
  if (url.username !== "" || url.password !== "") {
    return { ok: false, problem: "must not contain a user name or password" };
  }
  if (url.search !== "" || text.includes("?")) return { ok: false, problem: `${JSON.stringify(text)} must not have a query` };
  if (url.hash !== "" || text.includes("#")) return { ok: false, problem: `${JSON.stringify(text)} must not have a fragment` };
  if (url.hostname === "") return { ok: false, problem: `${JSON.stringify(text)} has no host` };
  const basePath = url.pathname.replace(/\/+$/, "");
  // URL.host already drops the scheme's default port, which is what SigV4 signs.
  return { ok: true, endpoint: { origin: url.origin, basePath, host: url.host } };
}

/** The two Bedrock data-plane services a target talks to. */
export type BedrockService = "bedrock-runtime" | "bedrock-agent-runtime";

/**
 * The default endpoint of a Bedrock service in a region: `https://{service}[-fips].{region}.{partition DNS suffix}`.
 *
 * @example
 * createDefaultEndpoint("bedrock-runtime", "cn-north-1").origin // "https://bedrock-runtime.cn-north-1.amazonaws.com.cn"
 * createDefaultEndpoint("bedrock-agent-runtime", "us-gov-west-1", { fips: true }).host
 * // "bedrock-agent-runtime-fips.us-gov-west-1.amazonaws.com"
 */
export function createDefaultEndpoint(service: BedrockService, region: string, options: { fips?: boolean } = {}): Endpoint {
  const host = `${service}${options.fips === true ? "-fips" : ""}.${region}.${resolveDnsSuffix(region)}`;
  return { origin: `https://${host}`, basePath: "", host };
}

/**
 * The endpoint as one URL string (origin plus base path), for messages and `config check`.
 *
 * @example
 * formatEndpoint({ origin: "http://127.0.0.1:9000", basePath: "/x", host: "127.0.0.1:9000" }) // "http://127.0.0.1:9000/x"
 */
export function formatEndpoint(endpoint: Endpoint): string {
  return `${endpoint.origin}${endpoint.basePath}`;
}
