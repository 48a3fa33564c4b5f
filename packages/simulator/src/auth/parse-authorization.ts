export interface SigV4Authorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope */
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export type ParsedAuthorization =
  | { scheme: "sigv4"; value: SigV4Authorization }
  | { scheme: "sigv4-incomplete"; missing: string[] }
  | { scheme: "bearer"; token: string }
  | { scheme: "other" }
  | { scheme: "none" };

const SIGV4_PREFIX = "AWS4-HMAC-SHA256 ";

function readSigV4Parameters(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const part of text.split(",")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    parameters.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  return parameters;
}

/**
 * Splits an `Authorization` header into its scheme and parts, without judging whether they are valid.
 *
 * @example
 * parseAuthorization("Bearer ABSK..."); // { scheme: "bearer", token: "ABSK..." }
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === "") return { scheme: "none" };
  if (/^bearer /i.test(header)) return { scheme: "bearer", token: header.slice(7).trim() };
  if (!header.startsWith(SIGV4_PREFIX)) return { scheme: "other" };

  const parameters = readSigV4Parameters(header.slice(SIGV4_PREFIX.length));
  const credential = parameters.get("Credential");
  const signedHeaders = parameters.get("SignedHeaders");
  const signature = parameters.get("Signature");
  const scope = credential?.split("/");
  const missing = [
    ...(scope?.length === 5 ? [] : ["Credential"]),
    ...(signature ? [] : ["Signature"]),
    ...(signedHeaders ? [] : ["SignedHeaders"]),
  ];
  if (missing.length > 0 || !scope || !signedHeaders || !signature) return { scheme: "sigv4-incomplete", missing };
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  return {
    scheme: "sigv4",
    value: { accessKeyId, scopeDate, region, service, terminator, signedHeaders: signedHeaders.split(";"), signature },
  };
}
