import { createHmac, hash } from "node:crypto";
import { Hash } from "@smithy/core/serde";
import { SignatureV4Base, createScope, getCanonicalHeaders } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HeaderBag, HttpRequest } from "@smithy/types";
import { rememberBounded } from "../internal/remember-bounded.js";
import { createHmacSha256 } from "./hmac-sha256.js";

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
  /**
   * the body's SHA-256 (hex) when the caller already has it (the gateway hashes a body as it arrives); it must be
   * the hash of `body`. Not sent: an `x-amz-content-sha256` header, which is, still wins.
   */
  payloadHash?: string;
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

const ALGORITHM = "AWS4-HMAC-SHA256";
/** headers the signer sets itself: a caller's copy is dropped (smithy's GENERATED_HEADERS) */
const GENERATED = new Set(["authorization", "x-amz-date", "date"]);
const CONTENT_SHA256 = "x-amz-content-sha256";
/** canonical paths kept per signer; past it the cache starts over */
const MAX_CACHED_PATHS = 1000;

/**
 * smithy's SigV4 canonicalization (path normalization and double encoding, the sorted RFC 3986 query, header
 * folding and the never-signed headers) with the hashing done synchronously by node:crypto. smithy's own
 * `SignatureV4.sign` costs about twice as much per call: it clones the request, derives a cache key with an extra
 * HMAC and awaits every digest.
 */
class CanonicalRequests extends SignatureV4Base {
  constructor(service: string, region: string, credentials: AwsCredentialIdentityProvider) {
    // the base class asks for a hash constructor; only the canonical request is taken from it, never a digest
    super({ service, region, credentials, sha256: Hash.bind(null, "sha256"), uriEscapePath: true, applyChecksum: false });
    // a canonical path depends on the path alone, and a gateway sends the same few paths over and over: smithy's
    // (its normalization and double encoding) is kept per path. It is private in smithy's types, hence the cast;
    // were it renamed, this would only stop caching.
    const self = this as unknown as { getCanonicalPath: (request: { path: string }) => string };
    const canonicalPath = self.getCanonicalPath.bind(this);
    const paths = new Map<string, string>();
    self.getCanonicalPath = (request) => {
      let path = paths.get(request.path);
      if (path === undefined) {
        path = canonicalPath(request);
        rememberBounded(paths, request.path, path, MAX_CACHED_PATHS);
      }
      return path;
    };
  }

  build(request: HttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }

  check(credentials: unknown): void {
    this.validateResolvedCredentials(credentials);
  }
}

/**
 * A SigV4 signer for one region and credential source: smithy's canonical request (see {@link CanonicalRequests}),
 * node:crypto's one-shot SHA-256, and the per-request HMAC over the signing key's precomputed pads
 * ({@link createHmacSha256}). Every header passed in is signed (except those SigV4 never signs, such as
 * `user-agent`), so pass only the minimal set that will be sent. The signer keeps the signing key of the last
 * credentials and day, and the date strings of the last second.
 *
 * @example
 * const signer = createSigV4Signer({ region: "us-west-2", credentials: provider });
 * const headers = await signer.sign({ method: "POST", protocol: "https:", hostname, path, query: {}, headers: { host: hostname, "content-type": "application/json" }, body });
 */
export function createSigV4Signer(options: SigV4SignerOptions): RequestSigner {
  const clock = options.clock ?? Date.now;
  const service = options.service ?? "bedrock";
  const { region } = options;
  const canonical = new CanonicalRequests(service, region, options.credentials);
  let dates = { second: Number.NaN, longDate: "", shortDate: "", scope: "" };
  let signingKey: { identity: AwsCredentialIdentity; shortDate: string; hmac: (stringToSign: string) => string } | undefined;

  const datesAt = (now: number) => {
    const second = Math.floor(now / 1000);
    if (second !== dates.second) {
      const iso = new Date(second * 1000).toISOString();
      const shortDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
      const longDate = `${shortDate}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
      dates = { second, longDate, shortDate, scope: createScope(shortDate, region, service) };
    }
    return dates;
  };

  /** the day's signing key (derived once per credentials and day) as an HMAC over the string to sign */
  const hmacFor = (identity: AwsCredentialIdentity, shortDate: string): ((stringToSign: string) => string) => {
    if (signingKey?.identity !== identity || signingKey.shortDate !== shortDate) {
      let key: Buffer | string = `AWS4${identity.secretAccessKey}`;
      for (const part of [shortDate, region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
      signingKey = { identity, shortDate, hmac: createHmacSha256(key as Buffer) };
    }
    return signingKey.hmac;
  };

  return {
    async sign(request) {
      const identity = await options.credentials();
      canonical.check(identity);
      const { longDate, shortDate, scope } = datesAt(clock());
      const headers: Record<string, string> = {};
      let payloadHash: string | undefined;
      for (const name in request.headers) {
        const lower = name.toLowerCase();
        if (GENERATED.has(lower)) continue;
        const value = request.headers[name]!;
        if (lower === CONTENT_SHA256) payloadHash = value;
        headers[name] = value;
      }
      headers["x-amz-date"] = longDate;
      if (identity.sessionToken) headers["x-amz-security-token"] = identity.sessionToken;
      // one-shot hashes: no Hash object per call
      payloadHash ??= request.payloadHash ?? hash("sha256", request.body, "hex");
      const canonicalHeaders = getCanonicalHeaders({ headers } as unknown as HttpRequest);
      const canonicalRequest = canonical.build(
        { method: request.method, path: request.path, query: request.query, headers } as unknown as HttpRequest,
        canonicalHeaders,
        payloadHash,
      );
      const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${hash("sha256", canonicalRequest, "hex")}`;
      const signature = hmacFor(identity, shortDate)(stringToSign);
      headers.authorization = `${ALGORITHM} Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signedHeaderList(canonicalHeaders)}, Signature=${signature}`;
      return headers;
    },
  };
}

/** the canonical headers' names, sorted: smithy builds them in order already unless a caller's name had capitals */
function signedHeaderList(canonicalHeaders: HeaderBag): string {
  const names = Object.keys(canonicalHeaders);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! > names[i]!) {
      names.sort();
      break;
    }
  }
  return names.join(";");
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
