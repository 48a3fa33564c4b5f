import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentityProvider, HttpRequest } from "@smithy/types";

/** The request to be signed: exactly what will go on the wire. */
export interface SignableRequest {
  method: string;
  protocol: "http:" | "https:";
  hostname: string;
  port?: number;
  /** the path exactly as sent (already percent-encoded); SigV4 encodes it once more for the canonical URI */
  path: string;
  /** decoded query parameters; the sender must encode them the RFC 3986 way, as the signer does */
  query: Record<string, string | string[]>;
  /** lower-case header names; `host` must be present */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface SigV4SignerOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** signing name; Bedrock's runtime and agent-runtime both sign as `bedrock` */
  service?: string;
  clock?: () => number;
}

export interface RequestSigner {
  /** returns the headers to send: the input headers plus `authorization`, `x-amz-date` (and `x-amz-security-token`) */
  sign(request: SignableRequest): Promise<Record<string, string>>;
}

/**
 * A SigV4 signer for one region and credential source, using smithy's `SignatureV4` with Node's native SHA-256.
 * Every header passed in is signed, so pass only the minimal set that will be sent. The signer caches its
 * signing key per (credentials, date, region, service).
 *
 * @example
 * const signer = createSigV4Signer({ region: "us-west-2", credentials: provider });
 * const headers = await signer.sign({ method: "POST", protocol: "https:", hostname, path, query: {}, headers: { host: hostname, "content-type": "application/json" }, body });
 */
export function createSigV4Signer(options: SigV4SignerOptions): RequestSigner {
  const clock = options.clock ?? Date.now;
  const signer = new SignatureV4({
    service: options.service ?? "bedrock",
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: true,
    applyChecksum: false,
  });
  return {
    async sign(request) {
      const signed = (await signer.sign(request as unknown as HttpRequest, { signingDate: new Date(clock()) })) as HttpRequest;
      return signed.headers;
    },
  };
}

/** Bedrock API keys (bedrock-runtime only): the key goes out as a Bearer token, no SigV4. */
export function createBearerSigner(token: string): RequestSigner {
  const authorization = `Bearer ${token}`;
  return {
    async sign(request) {
      return { ...request.headers, authorization };
    },
  };
}
