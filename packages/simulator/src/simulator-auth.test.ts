import { RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { SIMULATOR_API_KEY, SIMULATOR_CREDENTIALS } from "./index.js";
import { HAIKU, TRANSPORTS, useAgentClient, useRuntimeClient, useSimulator } from "./simulator-harness.test-suite.js";

const messages: Message[] = [{ role: "user", content: [{ text: "hi" }] }];
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error & { $metadata?: { httpStatusCode?: number } }) => error);

async function rawPost(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe.each(TRANSPORTS)("SigV4 verification over %s", (transport) => {
  it("raises InvalidSignatureException with the canonical request for a wrong secret", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, credentials: { ...SIMULATOR_CREDENTIALS, secretAccessKey: "wrong" } });
    const error = await failure(client.send(new ConverseCommand({ modelId: HAIKU, messages })));
    expect(error?.name).toBe("InvalidSignatureException");
    expect(error?.$metadata?.httpStatusCode).toBe(403);
    expect(error?.message).toContain("The Canonical String for this request should have been\n'POST\n/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n");
    expect(simulator.requests[0]).toMatchObject({ auth: "sigv4", signatureValid: false, status: 403, errorType: "InvalidSignatureException" });
  });

  it("rejects an unknown access key and a region other than the configured one", async () => {
    const simulator = await useSimulator({ region: "us-west-2" });
    const unknown = useRuntimeClient(simulator.url, { transport, region: "us-west-2", credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" } });
    const error = await failure(unknown.send(new ConverseCommand({ modelId: HAIKU, messages })));
    expect([error?.name, error?.message]).toEqual(["UnrecognizedClientException", "The security token included in the request is invalid."]);
    const wrongRegion = useRuntimeClient(simulator.url, { transport, region: "eu-west-1" });
    const regionError = await failure(wrongRegion.send(new ConverseCommand({ modelId: HAIKU, messages })));
    expect([regionError?.name, regionError?.message]).toEqual(["InvalidSignatureException", "Credential should be scoped to a valid region. "]);
    const right = useRuntimeClient(simulator.url, { transport, region: "us-west-2" });
    await expect(right.send(new ConverseCommand({ modelId: HAIKU, messages }))).resolves.toBeDefined();
    expect(simulator.requests.map((record) => record.region)).toEqual(["us-west-2", "eu-west-1", "us-west-2"]);
  });

  it("accepts temporary credentials only with their session token", async () => {
    const temporary = { ...SIMULATOR_CREDENTIALS, sessionToken: "session-token" };
    const simulator = await useSimulator({ credentials: [temporary] });
    const withToken = useRuntimeClient(simulator.url, { transport, credentials: temporary });
    await expect(withToken.send(new ConverseCommand({ modelId: HAIKU, messages }))).resolves.toBeDefined();
    expect(simulator.requests[0]?.signedHeaders).toContain("x-amz-security-token");
    const without = useRuntimeClient(simulator.url, { transport });
    expect((await failure(without.send(new ConverseCommand({ modelId: HAIKU, messages }))))?.name).toBe("UnrecognizedClientException");
  });

  it("reports clock skew with AWS's text, and the SDK recovers from the Date header when it may retry", async () => {
    const skewMs = 20 * 60_000;
    const simulator = await useSimulator({ clock: () => Date.now() + skewMs });
    const strict = useRuntimeClient(simulator.url, { transport });
    const error = await failure(strict.send(new ConverseCommand({ modelId: HAIKU, messages })));
    expect(error?.name).toBe("InvalidSignatureException");
    expect(error?.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const retrying = useRuntimeClient(simulator.url, { transport, maxAttempts: 2 });
    const response = await retrying.send(new ConverseCommand({ modelId: HAIKU, messages }));
    expect(response.$metadata.attempts).toBe(2);
  });
});

describe("Bedrock API keys and missing auth", () => {
  it("accepts the API key on bedrock-runtime and rejects a wrong one with Bedrock's body", async () => {
    const simulator = await useSimulator({ apiKeys: [SIMULATOR_API_KEY] });
    const ok = await rawPost(simulator.url, `/model/${encodeURIComponent(HAIKU)}/converse`, { authorization: `Bearer ${SIMULATOR_API_KEY}` });
    expect(ok.status).toBe(400); // authenticated; the empty body then fails validation
    const bad = await rawPost(simulator.url, `/model/${encodeURIComponent(HAIKU)}/converse`, { authorization: "Bearer ABSKbm9wZQ==" });
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual({ Message: "Authentication failed: Please make sure your API Key is valid." });
    const malformed = await rawPost(simulator.url, `/model/${encodeURIComponent(HAIKU)}/converse`, { authorization: "Bearer sk-123" });
    expect(malformed.body).toEqual({ Message: "Invalid API Key format: Must start with pre-defined prefix" });
    expect(simulator.requests.map((record) => [record.auth, record.apiKey])).toEqual([
      ["bearer", SIMULATOR_API_KEY],
      ["bearer", "ABSKbm9wZQ=="],
      ["bearer", "sk-123"],
    ]);
  });

  it("does not take API keys on bedrock-agent-runtime", async () => {
    const simulator = await useSimulator();
    const response = await rawPost(simulator.url, "/knowledgebases/KB1/retrieve", { authorization: `Bearer ${SIMULATOR_API_KEY}` });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^IncompleteSignatureException:/);
    expect(String(response.body.message)).toMatch(/^Authorization header requires 'Credential' parameter\./);
    expect(simulator.requests[0]).toMatchObject({ service: "bedrock-agent-runtime", operation: "Retrieve", auth: "bearer", status: 403 });
  });

  it("answers MissingAuthenticationTokenException without auth and UnknownOperationException for unknown routes", async () => {
    const simulator = await useSimulator();
    const missing = await rawPost(simulator.url, `/model/${encodeURIComponent(HAIKU)}/converse`, {});
    expect(missing.status).toBe(403);
    expect(missing.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException:/);
    expect(missing.body).toEqual({ message: "Missing Authentication Token" });
    const unknown = await rawPost(simulator.url, "/model/x/chat", {});
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException:/);
    for (const response of [missing, unknown]) {
      expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get("date")).toBeTruthy();
    }
    expect(simulator.requests[1]?.service).toBeUndefined();
  });

  it("signs agent-runtime requests with SigV4 over both transports", async () => {
    const simulator = await useSimulator();
    for (const transport of TRANSPORTS) {
      const client = useAgentClient(simulator.url, { transport });
      const response = await client.send(new RetrieveCommand({ knowledgeBaseId: "KB1", retrievalQuery: { text: "q" } }));
      expect(response.retrievalResults).toHaveLength(5);
    }
    expect(simulator.requests.map((record) => [record.protocol, record.signatureValid])).toEqual([
      ["h2", true],
      ["http/1.1", true],
    ]);
  });
});
