import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SimulatedError } from "../errors/simulated-error.js";
import type { SimulatorCredentials } from "../types.js";
import { formatAmzDate, parseAmzDate } from "../util/amz-date.js";
import { sha256Hex } from "../util/hash-text.js";
import type { CanonicalSigner } from "./canonical-signer.js";
import type { SigV4Authorization } from "./parse-authorization.js";

const SIGNING_SERVICE = "bedrock";
const MAX_SKEW_MS = 5 * 60_000;
const MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

export interface SigV4Request {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SigV4Verification {
  credentials: SimulatorCredentials;
  /** whether `x-amz-content-sha256`, when sent, matches the body */
  payloadHashMatches: boolean | undefined;
}

export interface SigV4VerifyDeps {
  signer: CanonicalSigner;
  credentials: readonly SimulatorCredentials[];
  /** when set, the only region a credential scope may name */
  region: string | undefined;
  now: number;
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function toCanonicalValue(value: string): string {
  return value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
}

/** Query parameters decoded as AWS decodes them before re-encoding: `+` stays a plus. */
function readQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const separator = pair.indexOf("=");
    const key = safeDecode(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? "" : safeDecode(pair.slice(separator + 1));
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function computeSignature(secret: string, auth: SigV4Authorization, stringToSign: string): string {
  let key = hmac(`AWS4${secret}`, auth.scopeDate);
  for (const part of [auth.region, auth.service, auth.terminator]) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
}

function signatureError(message: string): SimulatedError {
  return new SimulatedError("InvalidSignatureException", message);
}

function checkScope(auth: SigV4Authorization, amzDate: string, region: string | undefined): void {
  if (auth.terminator !== "aws4_request") {
    throw signatureError(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `);
  }
  if (auth.service !== SIGNING_SERVICE) throw signatureError(`Credential should be scoped to correct service: '${SIGNING_SERVICE}'. `);
  if (region !== undefined && auth.region !== region) throw signatureError("Credential should be scoped to a valid region. ");
  if (auth.scopeDate !== amzDate.slice(0, 8)) {
    throw signatureError(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
}

function checkClockSkew(amzDate: string, signedAt: number, now: number): void {
  if (signedAt < now - MAX_SKEW_MS) {
    throw signatureError(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`,
    );
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw signatureError(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`,
    );
  }
}

function findCredentials(auth: SigV4Authorization, headers: IncomingHttpHeaders, accepted: readonly SimulatorCredentials[]): SimulatorCredentials {
  const credentials = accepted.find((candidate) => candidate.accessKeyId === auth.accessKeyId);
  const token = readHeader(headers, "x-amz-security-token");
  if (!credentials || (credentials.sessionToken ?? undefined) !== token) {
    throw new SimulatedError("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  return credentials;
}

/**
 * Verifies a SigV4-signed request as AWS does for service `bedrock`: known access key (and session token), credential
 * scope, ±5 minutes of clock skew, then the signature over the exact wire path, the signed headers looked up by their
 * literal names (`host` over HTTP/1.1, `:authority` over h2) and the payload hash (`x-amz-content-sha256` when sent).
 * Throws a `SimulatedError` carrying AWS's error text.
 *
 * @example
 * const verification = await verifySigV4(request, parsed.value, { signer, credentials, region: undefined, now: Date.now() });
 */
export async function verifySigV4(request: SigV4Request, auth: SigV4Authorization, deps: SigV4VerifyDeps): Promise<SigV4Verification> {
  const credentials = findCredentials(auth, request.headers, deps.credentials);
  const amzDate = readHeader(request.headers, "x-amz-date") ?? "";
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    throw signatureError(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  checkScope(auth, amzDate, deps.region);
  checkClockSkew(amzDate, signedAt, deps.now);

  const sentPayloadHash = readHeader(request.headers, "x-amz-content-sha256");
  const bodyHash = sha256Hex(request.body);
  const canonicalHeaders = Object.fromEntries(
    auth.signedHeaders.map((name) => [name, toCanonicalValue(readHeader(request.headers, name) ?? "")]),
  );
  const canonicalRequest = deps.signer.canonicalRequestOf({
    method: request.method,
    rawPath: request.rawPath,
    query: readQuery(request.rawQuery),
    canonicalHeaders,
    payloadHash: sentPayloadHash ?? bodyHash,
  });
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/${auth.terminator}`;
  const stringToSign = await deps.signer.stringToSignOf(amzDate, scope, canonicalRequest);
  const expected = computeSignature(credentials.secretAccessKey, auth, stringToSign);
  const matches =
    expected.length === auth.signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
  if (!matches) {
    throw signatureError(
      `${MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  return { credentials, payloadHashMatches: sentPayloadHash === undefined ? undefined : sentPayloadHash === bodyHash };
}
