import { createHash, createHmac } from "node:crypto";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, HttpRequest } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { normalizeQuery } from "./encode-query.js";
import { SIGV4_SUITE, SIGV4_VECTORS } from "./fixtures/sigv4-vectors.js";
import { createBearerSigner, createSigV4Signer } from "./sign-request.js";
import type { SignableRequest } from "./sign-request.js";

const suiteClock = () => Date.parse(SIGV4_SUITE.signingDate);

function createSuiteSigner(sessionToken?: string) {
  const identity: AwsCredentialIdentity = {
    accessKeyId: SIGV4_SUITE.accessKeyId,
    secretAccessKey: SIGV4_SUITE.secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
  };
  return createSigV4Signer({
    region: SIGV4_SUITE.region,
    service: SIGV4_SUITE.service,
    credentials: async () => identity,
    clock: suiteClock,
  });
}

describe("createSigV4Signer: AWS SigV4 test suite", () => {
  for (const vector of SIGV4_VECTORS) {
    it(vector.name, async () => {
      const headers = await createSuiteSigner(vector.sessionToken).sign({
        method: vector.method,
        protocol: "https:",
        hostname: SIGV4_SUITE.host,
        path: vector.path,
        query: vector.query,
        headers: vector.headers,
        body: Buffer.from(vector.body ?? "", "utf8"),
      });
      expect(headers.authorization).toBe(vector.authorization);
      expect(headers["x-amz-date"]).toBe("20150830T123600Z");
      if (vector.sessionToken) expect(headers["x-amz-security-token"]).toBe(vector.sessionToken);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Bedrock cases, checked against a signature computed here by hand (node:crypto) from a hand-written canonical request

const BEDROCK_HOST = "bedrock-runtime.us-east-1.amazonaws.com";
const NOW = Date.parse("2025-06-01T10:20:30Z");
const AMZ_DATE = "20250601T102030Z";
const KEYS = { accessKeyId: "AKIDBEDROCKEXAMPLE", secretAccessKey: "bedrock/secret+EXAMPLEKEY" };

interface HandSigned {
  canonicalUri: string;
  canonicalQuery?: string;
  method?: string;
  /** lower-case names; x-amz-date (and the token) are added here as the signer adds them */
  headers: Record<string, string>;
  body: string;
  sessionToken?: string;
}

function signByHand(input: HandSigned): string {
  const headers: Record<string, string> = { ...input.headers, "x-amz-date": AMZ_DATE };
  if (input.sessionToken) headers["x-amz-security-token"] = input.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    input.method ?? "POST",
    input.canonicalUri,
    input.canonicalQuery ?? "",
    ...names.map((name) => `${name}:${headers[name]!.trim()}`),
    "",
    names.join(";"),
    createHash("sha256").update(input.body).digest("hex"),
  ].join("\n");
  const scope = `${AMZ_DATE.slice(0, 8)}/us-east-1/bedrock/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    AMZ_DATE,
    scope,
    createHash("sha256").update(canonicalRequest).digest("hex"),
  ].join("\n");
  const key = [AMZ_DATE.slice(0, 8), "us-east-1", "bedrock", "aws4_request"].reduce<Buffer | string>(
    (secret, part) => createHmac("sha256", secret).update(part).digest(),
    `AWS4${KEYS.secretAccessKey}`,
  );
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${KEYS.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}

function createBedrockSigner(sessionToken?: string) {
  return createSigV4Signer({
    region: "us-east-1",
    credentials: async () => ({ ...KEYS, ...(sessionToken ? { sessionToken } : {}) }),
    clock: () => NOW,
  });
}

function bedrockRequest(path: string, headers: Record<string, string>, body: string): SignableRequest {
  return {
    method: "POST",
    protocol: "https:",
    hostname: BEDROCK_HOST,
    path,
    query: {},
    headers: { host: BEDROCK_HOST, ...headers },
    body: Buffer.from(body, "utf8"),
  };
}

describe("createSigV4Signer: Bedrock paths, tokens and defaults", () => {
  const body = '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}';

  it("double-encodes a model id's %3A into %253A in the canonical URI (service `bedrock` by default)", async () => {
    const wirePath = "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse";
    const signed = await createBedrockSigner().sign(bedrockRequest(wirePath, { "content-type": "application/json" }, body));
    const hand = {
      canonicalUri: "/model/us.anthropic.claude-sonnet-4-20250514-v1%253A0/converse",
      headers: { host: BEDROCK_HOST, "content-type": "application/json" },
      body,
    };
    expect(signed.authorization).toBe(signByHand(hand));
    // the hand-made reference is sensitive to the encoding: single encoding would give another signature
    expect(signed.authorization).not.toBe(signByHand({ ...hand, canonicalUri: wirePath }));
    expect(signed.authorization).toContain("/us-east-1/bedrock/aws4_request");
  });

  it("double-encodes an ARN's %3A and %2F (→ %253A, %252F) and signs the x-amzn-bedrock-* headers", async () => {
    const path =
      "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123/invoke";
    const headers = { "content-type": "application/json", accept: "application/json", "x-amzn-bedrock-trace": "ENABLED" };
    const signed = await createBedrockSigner().sign(bedrockRequest(path, headers, body));
    expect(signed.authorization).toBe(
      signByHand({
        canonicalUri:
          "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Aapplication-inference-profile%252Fabc123/invoke",
        headers: { host: BEDROCK_HOST, ...headers },
        body,
      }),
    );
    expect(signed.authorization).toContain("SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-bedrock-trace,");
  });

  it("adds and signs x-amz-security-token for session credentials", async () => {
    const token = "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes==";
    const path = "/model/amazon.nova-lite-v1%3A0/converse-stream";
    const signed = await createBedrockSigner(token).sign(bedrockRequest(path, { "content-type": "application/json" }, body));
    expect(signed["x-amz-security-token"]).toBe(token);
    expect(signed.authorization).toContain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,");
    expect(signed.authorization).toBe(
      signByHand({
        canonicalUri: "/model/amazon.nova-lite-v1%253A0/converse-stream",
        headers: { host: BEDROCK_HOST, "content-type": "application/json" },
        body,
        sessionToken: token,
      }),
    );
  });

  it("signs exactly the query string that normalizeQuery sends", async () => {
    const query = normalizeQuery(
      "submitTimeAfter=2025-01-01T00:00:00Z&maxResults=10&statusEquals=In%20Progress&sortOrder=Descending",
    );
    const signed = await createBedrockSigner().sign({
      ...bedrockRequest("/async-invoke", {}, ""),
      method: "GET",
      query: query.params,
    });
    const canonicalQuery = query.encoded.split("&").sort().join("&");
    expect(canonicalQuery).toBe(
      "maxResults=10&sortOrder=Descending&statusEquals=In%20Progress&submitTimeAfter=2025-01-01T00%3A00%3A00Z",
    );
    expect(signed.authorization).toBe(
      signByHand({ method: "GET", canonicalUri: "/async-invoke", canonicalQuery, headers: { host: BEDROCK_HOST }, body: "" }),
    );
  });

  it("returns the input headers plus the SigV4 set, without changing the input or adding a payload checksum", async () => {
    const request = bedrockRequest("/model/m/invoke", { "content-type": "application/json" }, body);
    const before = structuredClone(request.headers);
    const signed = await createBedrockSigner().sign(request);
    expect(request.headers).toEqual(before);
    expect(Object.keys(signed).sort()).toEqual(["authorization", "content-type", "host", "x-amz-date"]);
    expect(signed["x-amz-date"]).toBe(AMZ_DATE);
  });

  it("dates the signature with the injected clock, asking the credential provider on each call", async () => {
    let now = NOW;
    let calls = 0;
    const signer = createSigV4Signer({
      region: "eu-west-1",
      credentials: async () => {
        calls += 1;
        return KEYS;
      },
      clock: () => now,
    });
    const first = await signer.sign(bedrockRequest("/model/m/invoke", {}, body));
    now += 24 * 3600_000;
    const second = await signer.sign(bedrockRequest("/model/m/invoke", {}, body));
    expect(first["x-amz-date"]).toBe(AMZ_DATE);
    expect(second["x-amz-date"]).toBe("20250602T102030Z");
    expect(second.authorization).toContain("Credential=AKIDBEDROCKEXAMPLE/20250602/eu-west-1/bedrock/aws4_request");
    expect(calls).toBe(2);
  });
});

describe("createSigV4Signer: the same headers as smithy's SignatureV4", () => {
  const requests: Array<{ name: string; request: SignableRequest; sessionToken?: string }> = [
    { name: "Converse with an encoded model id", request: bedrockRequest("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse", { "content-type": "application/json", accept: "application/json" }, '{"messages":[]}') },
    {
      name: "an ARN, bedrock headers and a session token",
      request: bedrockRequest("/model/arn%3Aaws%3Abedrock%3Aus-west-2%3A1%3Ainference-profile%2Fus.x/invoke-with-response-stream", { "content-type": "application/json", "x-amzn-bedrock-guardrailidentifier": "gr-1", "x-amzn-bedrock-trace": " ENABLED  " }, "{}"),
      sessionToken: "token/with+chars==",
    },
    {
      name: "a GET with a repeated, reserved-character query and dot segments",
      request: { ...bedrockRequest("/agents/./a b/../knowledgebases/kb%2F1/", {}, ""), method: "GET", query: { b: ["2", "1"], "a key": "x/y:z", empty: "" } },
    },
    {
      name: "headers SigV4 never signs, a caller's authorization and date, folded whitespace",
      request: bedrockRequest("/model/m/converse", { "user-agent": "sdk", authorization: "client", "x-amz-date": "old", date: "Mon", "x-amzn-bedrock-a": "one\n  two\tthree" }, "x".repeat(70_000)),
    },
    { name: "a payload hash given by the caller", request: bedrockRequest("/model/m/invoke", { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, "ignored") },
  ];

  for (const { name, request, sessionToken } of requests) {
    it(name, async () => {
      const identity = { ...KEYS, ...(sessionToken ? { sessionToken } : {}) };
      const ours = await createSigV4Signer({ region: "us-west-2", credentials: async () => identity, clock: () => NOW }).sign(request);
      const smithy = new SignatureV4({ service: "bedrock", region: "us-west-2", credentials: identity, sha256: Hash.bind(null, "sha256"), uriEscapePath: true, applyChecksum: false });
      const reference = (await smithy.sign(request as unknown as HttpRequest, { signingDate: new Date(NOW) })) as HttpRequest;
      expect(ours).toEqual(reference.headers);
    });
  }

  it("signs every path as smithy does when one signer sends them in turn (paths repeat, the canonical path is kept)", async () => {
    const signer = createSigV4Signer({ region: "us-west-2", credentials: async () => KEYS, clock: () => NOW });
    const smithy = new SignatureV4({ service: "bedrock", region: "us-west-2", credentials: KEYS, sha256: Hash.bind(null, "sha256"), uriEscapePath: true, applyChecksum: false });
    const paths = ["/model/a%3A1/converse", "/model/b/converse", "/model/a%3A1/converse", "/agents/./x/../kb%2F1/", "/model/b/converse", "/agents/./x/../kb%2F1/"];
    for (const path of paths) {
      const request = bedrockRequest(path, { "content-type": "application/json" }, "{}");
      const reference = (await smithy.sign(request as unknown as HttpRequest, { signingDate: new Date(NOW) })) as HttpRequest;
      expect(await signer.sign(request), path).toEqual(reference.headers);
    }
  });

  it("takes a payload hash the caller already has instead of hashing the body again (a header's still wins)", async () => {
    const signer = createSigV4Signer({ region: "us-west-2", credentials: async () => KEYS, clock: () => NOW });
    const body = "x".repeat(100_000);
    const request = bedrockRequest("/model/m/converse", { "content-type": "application/json" }, body);
    const computed = await signer.sign(request);
    const given = await signer.sign({ ...request, payloadHash: createHash("sha256").update(body).digest("hex") });
    expect(given).toEqual(computed);
    expect(given["x-amz-content-sha256"]).toBeUndefined();
    // the given hash is what is signed: a wrong one gives another signature
    const wrong = await signer.sign({ ...request, payloadHash: createHash("sha256").update("other").digest("hex") });
    expect(wrong.authorization).not.toBe(computed.authorization);
    const header = await signer.sign({ ...request, headers: { ...request.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, payloadHash: "ignored" });
    const headerOnly = await signer.sign({ ...request, headers: { ...request.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    expect(header).toEqual(headerOnly);
  });

  it("derives a new signing key when the provider hands out rotated credentials", async () => {
    let identity: AwsCredentialIdentity = KEYS;
    const signer = createSigV4Signer({ region: "us-east-1", credentials: async () => identity, clock: () => NOW });
    const request = bedrockRequest("/model/m/converse", { "content-type": "application/json" }, "{}");
    const hand = { canonicalUri: "/model/m/converse", headers: { host: BEDROCK_HOST, "content-type": "application/json" }, body: "{}" };
    expect((await signer.sign(request)).authorization).toBe(signByHand(hand));
    identity = { ...KEYS, secretAccessKey: "rotated/secret" };
    const rotated = await signer.sign(request);
    expect(rotated.authorization).not.toBe(signByHand(hand));
    identity = KEYS;
    expect((await signer.sign(request)).authorization).toBe(signByHand(hand));
  });
});

describe("createBearerSigner", () => {
  it("sets only `authorization: Bearer <key>`, replacing any authorization and adding no SigV4 headers", async () => {
    const request = bedrockRequest("/model/m/converse", { "content-type": "application/json", authorization: "client" }, "{}");
    const signed = await createBearerSigner("ABSKexample+key/==").sign(request);
    expect(signed).toEqual({
      host: BEDROCK_HOST,
      "content-type": "application/json",
      authorization: "Bearer ABSKexample+key/==",
    });
    expect(request.headers.authorization).toBe("client");
  });
});
