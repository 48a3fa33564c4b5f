import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { createRuntimeClient } from "./support/clients.js";
import { MASTER_KEY, useE2eEnvironment } from "./support/fixtures.js";
import { sendRawHttp } from "./support/raw-http.js";

const getEnv = useE2eEnvironment();

const converseBody = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
const post = (path: string, init: RequestInit = {}) =>
  fetch(`${getEnv().gateway.url}${path}`, {
    method: "POST",
    ...init,
    headers: { "content-type": "application/json", authorization: `Bearer ${MASTER_KEY}`, ...(init.headers as Record<string, string>) },
  });

function expectBedrockError(response: { status: number; headers: { get(name: string): string | null } }, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("x-amzn-errortype")).toBe(type);
}

describe("keys", () => {
  it("no key: 403 UnrecognizedClientException, Bedrock-shaped, with a request id", async () => {
    const response = await fetch(`${getEnv().gateway.url}/bedrock/model/claude/converse`, { method: "POST", body: converseBody });
    expectBedrockError(response, 403, "UnrecognizedClientException");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await response.json()).message).toMatch(/key/);
  });

  it("a wrong key reaches the SDK as UnrecognizedClientException and never goes upstream", async () => {
    const client = createRuntimeClient(getEnv().gateway.url, "sk-wrong", "http2");
    await expect(
      client.send(new ConverseCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: "hi" }] }] })),
    ).rejects.toMatchObject({ name: "UnrecognizedClientException", $metadata: { httpStatusCode: 403 } });
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("a client that can only sign (SigV4) is refused unless it also sends a key header", async () => {
    const signer = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: `${getEnv().gateway.url}/bedrock`,
      credentials: { accessKeyId: "AKIDCLIENT", secretAccessKey: "client-secret" },
      maxAttempts: 1,
    });
    await expect(
      signer.send(new ConverseCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: "hi" }] }] })),
    ).rejects.toMatchObject({ name: "UnrecognizedClientException" });
  });
});

describe("paths", () => {
  it.each([
    ["a raw ..", "/bedrock/model/../../etc/passwd"],
    ["an encoded ..", "/bedrock/model/%2e%2e/%2e%2e/converse"],
    ["a mixed-case encoded ..", "/bedrock/model/%2E./converse"],
    ["a .", "/bedrock/./model/claude/converse"],
    ["a backslash", "/bedrock/model/a\\b/converse"],
  ])("%s in the request line: 400 and nothing upstream", async (_, path) => {
    const response = await sendRawHttp(
      getEnv().gateway.url,
      `POST ${path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${MASTER_KEY}\nContent-Type: application/json\nContent-Length: ${converseBody.length}\nConnection: close`,
      converseBody,
    );
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("ValidationException");
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("an absolute-URI request line naming another host: 400, no request anywhere", async () => {
    const response = await sendRawHttp(
      getEnv().gateway.url,
      `POST http://evil.example/bedrock/model/claude/converse HTTP/1.1\nHost: evil.example\nAuthorization: Bearer ${MASTER_KEY}\nContent-Length: ${converseBody.length}\nConnection: close`,
      converseBody,
    );
    expect(response.status).toBe(400);
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("a foreign Host on a loopback gateway (DNS rebinding): 400", async () => {
    const response = await sendRawHttp(
      getEnv().gateway.url,
      `POST /bedrock/model/claude/converse HTTP/1.1\nHost: evil.example\nAuthorization: Bearer ${MASTER_KEY}\nContent-Type: application/json\nContent-Length: ${converseBody.length}\nConnection: close`,
      converseBody,
    );
    expect(response.status).toBe(400);
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("malformed escapes and interior empty segments: 400 ValidationException", async () => {
    for (const path of ["/bedrock/model/%zz/converse", "/bedrock/model//converse"]) {
      expectBedrockError(await post(path, { body: converseBody }), 400, "ValidationException");
    }
  });

  it("unknown agent-runtime-looking paths and unknown gateway routes: 404 ResourceNotFoundException", async () => {
    expectBedrockError(await post("/bedrock/agents/A1/unknown-thing", { body: "{}" }), 404, "ResourceNotFoundException");
    expectBedrockError(await post("/not-a-route", { body: "{}" }), 404, "ResourceNotFoundException");
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("unknown but safe bedrock-runtime paths are forwarded to bedrock-runtime only", async () => {
    const response = await post("/bedrock/some-future-operation", { body: "{}" });
    expect(response.status).toBe(404); // the simulator, like AWS, does not know it
    expect(getEnv().simulator.requests.map((r) => r.path)).toEqual(["/some-future-operation"]);
  });
});

describe("bodies", () => {
  it("a declared body over the limit: 413 before anything is read or sent", async () => {
    const big = "x".repeat(300_000);
    expectBedrockError(await post("/bedrock/model/claude/converse", { body: big }), 413, "ValidationException");
    expect(getEnv().simulator.requests).toHaveLength(0);
  });

  it("a streamed (chunked) body that grows over the limit: 413", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 6) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await post("/bedrock/model/claude/converse", { body, duplex: "half" } as RequestInit);
    expectBedrockError(response, 413, "ValidationException");
  });

  it("malformed JSON is Bedrock's business: forwarded byte for byte, Bedrock's 400 relayed", async () => {
    const malformed = '{"messages": [ {"role": "user", ';
    const response = await post("/bedrock/model/claude/converse", { body: malformed });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^ValidationException/);
    expect(getEnv().simulator.requests[0]?.body.toString()).toBe(malformed);
    expect(getEnv().simulator.requests[0]?.signatureValid).toBe(true);
  });

  it("InvokeModelWithBidirectionalStream is refused clearly", async () => {
    expectBedrockError(await post("/bedrock/model/claude/invoke-with-bidirectional-stream", { body: "" }), 400, "ValidationException");
  });
});

describe("after all of that", () => {
  it("the gateway is alive and still serves", async () => {
    const live = await fetch(`${getEnv().gateway.url}/health/liveliness`);
    expect(live.status).toBe(200);
    expect(live.headers.get("x-bedrock-gw-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ready = await fetch(`${getEnv().gateway.url}/health/readiness`);
    expect(ready.status).toBe(200);
    expect((await post("/bedrock/model/claude/converse", { body: converseBody })).status).toBe(200);
    expect(getEnv().gateway.child.exitCode).toBeNull();
  });
});
