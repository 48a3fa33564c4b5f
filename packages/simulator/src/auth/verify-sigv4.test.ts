import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { SimulatedError } from "../errors/simulated-error.js";
import { CanonicalSigner } from "./canonical-signer.js";
import { parseAuthorization } from "./parse-authorization.js";
import type { SigV4Authorization } from "./parse-authorization.js";
import { verifySigV4 } from "./verify-sigv4.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const signingDate = new Date(Date.UTC(2024, 2, 12, 15, 16, 11));
const wirePath = "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse";
const body = '{"messages":[]}';

interface SignOverrides {
  query?: Record<string, string>;
  secret?: string;
  region?: string;
  applyChecksum?: boolean;
}

async function signRequest(overrides: SignOverrides = {}) {
  const signer = new SignatureV4({
    applyChecksum: overrides.applyChecksum ?? true,
    service: "bedrock",
    region: overrides.region ?? "us-east-1",
    credentials: { ...credentials, secretAccessKey: overrides.secret ?? credentials.secretAccessKey },
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "https:",
      hostname: "bedrock-runtime.us-east-1.amazonaws.com",
      path: wirePath,
      query: overrides.query ?? {},
      headers: { host: "bedrock-runtime.us-east-1.amazonaws.com", "content-type": "application/json" },
      body,
    },
    { signingDate },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const rawQuery = new URLSearchParams(overrides.query ?? {}).toString().replace(/\+/g, "%20");
  return { headers, rawQuery };
}

function readAuth(headers: Record<string, string>): SigV4Authorization {
  const parsed = parseAuthorization(headers.authorization);
  if (parsed.scheme !== "sigv4") throw new Error(`unexpected scheme ${parsed.scheme}`);
  return parsed.value;
}

const deps = (now = signingDate.getTime(), region?: string) => ({
  signer: new CanonicalSigner("bedrock"),
  credentials: [credentials],
  region,
  now,
});

async function rejectionOf(promise: Promise<unknown>): Promise<SimulatedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SimulatedError)) throw new Error("expected a SimulatedError");
  return error;
}

describe("verifySigV4", () => {
  it("accepts what @smithy/signature-v4 signed, over the exact wire path and a query", async () => {
    const { headers, rawQuery } = await signRequest({ query: { maxResults: "10", nextToken: "a b/c" } });
    const result = await verifySigV4({ method: "POST", rawPath: wirePath, rawQuery, headers, body: Buffer.from(body) }, readAuth(headers), deps());
    expect(result.credentials.accessKeyId).toBe("AKIDEXAMPLE");
    expect(result.payloadHashMatches).toBe(true);
  });

  it("hashes the received body when x-amz-content-sha256 is not sent (botocore style)", async () => {
    const { headers } = await signRequest({ applyChecksum: false });
    expect(headers["x-amz-content-sha256"]).toBeUndefined();
    const request = { method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from(body) };
    const result = await verifySigV4(request, readAuth(headers), deps());
    expect(result.payloadHashMatches).toBeUndefined();
    const tampered = await rejectionOf(verifySigV4({ ...request, body: Buffer.from('{"messages":[1]}') }, readAuth(headers), deps()));
    expect(tampered.errorName).toBe("InvalidSignatureException");
  });

  it("trusts a sent x-amz-content-sha256 for the signature and reports whether it matches the body", async () => {
    const { headers } = await signRequest();
    const request = { method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from("other bytes") };
    const result = await verifySigV4(request, readAuth(headers), deps());
    expect(result.payloadHashMatches).toBe(false);
  });

  it("rejects a wrong secret with AWS's text, quoting the double-encoded canonical path", async () => {
    const { headers } = await signRequest({ secret: "not-the-secret" });
    const error = await rejectionOf(
      verifySigV4({ method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from(body) }, readAuth(headers), deps()),
    );
    expect(error.errorName).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/model\/us\.anthropic\.claude-sonnet-4-20250514-v1%253A0\/converse\n/);
    expect(error.message).toContain("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240312T151611Z\n20240312/us-east-1/bedrock/aws4_request\n");
  });

  it("fails when the path on the wire differs from the signed one", async () => {
    const { headers } = await signRequest();
    const decodedPath = "/model/us.anthropic.claude-sonnet-4-20250514-v1:0/converse";
    const error = await rejectionOf(verifySigV4({ method: "POST", rawPath: decodedPath, rawQuery: "", headers, body: Buffer.from(body) }, readAuth(headers), deps()));
    expect(error.errorName).toBe("InvalidSignatureException");
  });

  it("reports clock skew in both directions with AWS's wording", async () => {
    const { headers } = await signRequest();
    const request = { method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from(body) };
    const late = await rejectionOf(verifySigV4(request, readAuth(headers), deps(signingDate.getTime() + 60 * 60_000)));
    expect(late.message).toBe("Signature expired: 20240312T151611Z is now earlier than 20240312T161111Z (20240312T161611Z - 5 min.)");
    const early = await rejectionOf(verifySigV4(request, readAuth(headers), deps(signingDate.getTime() - 60 * 60_000)));
    expect(early.message).toBe("Signature not yet current: 20240312T151611Z is still later than 20240312T142111Z (20240312T141611Z + 5 min.)");
    await expect(verifySigV4(request, readAuth(headers), deps(signingDate.getTime() + 4 * 60_000))).resolves.toBeDefined();
  });

  it("rejects unknown keys, a wrong region when one is configured, and a wrong service", async () => {
    const { headers } = await signRequest({ region: "eu-west-1" });
    const request = { method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from(body) };
    const unknown = await rejectionOf(verifySigV4(request, { ...readAuth(headers), accessKeyId: "AKIDOTHER" }, deps()));
    expect([unknown.errorName, unknown.message]).toEqual(["UnrecognizedClientException", "The security token included in the request is invalid."]);
    const region = await rejectionOf(verifySigV4(request, readAuth(headers), deps(undefined, "us-east-1")));
    expect([region.errorName, region.message]).toEqual(["InvalidSignatureException", "Credential should be scoped to a valid region. "]);
    await expect(verifySigV4(request, readAuth(headers), deps())).resolves.toBeDefined();
    const service = await rejectionOf(verifySigV4(request, { ...readAuth(headers), service: "bedrock-runtime" }, deps()));
    expect(service.message).toBe("Credential should be scoped to correct service: 'bedrock'. ");
  });

  it("requires the session token of temporary credentials", async () => {
    const { headers } = await signRequest();
    const request = { method: "POST", rawPath: wirePath, rawQuery: "", headers, body: Buffer.from(body) };
    const error = await rejectionOf(
      verifySigV4(request, readAuth(headers), { ...deps(), credentials: [{ ...credentials, sessionToken: "token" }] }),
    );
    expect(error.errorName).toBe("UnrecognizedClientException");
  });
});
