import { createEventStreamDecoder, createGateway, parseConfigText } from "@bedrock-gw/core";
import type { Gateway } from "@bedrock-gw/core";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@bedrock-gw/simulator";
import { mkdtempSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";

const converse = JSON.stringify({ messages: [{ role: "user", content: [{ text: "in process" }] }] });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function createInProcessGateway(endpoint: string, general = ""): Promise<Gateway> {
  const config = parseConfigText(
    `
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0
      aws_region_name: us-east-1
      aws_access_key_id: ${SIMULATOR_CREDENTIALS.accessKeyId}
      aws_secret_access_key: ${SIMULATOR_CREDENTIALS.secretAccessKey}
      aws_bedrock_runtime_endpoint: ${endpoint}
router_settings:
  num_retries: 0
general_settings:
  master_key: sk-in-process
${general}`,
    { env: { BEDROCK_GW_DATA_DIR: mkdtempSync(join(tmpdir(), "bgw-in-process-")) } },
  );
  const gateway = createGateway(config, { logger: pino({ level: "silent" }) });
  cleanups.push(() => gateway.close());
  return gateway;
}

const call = (gateway: Gateway, action: string, body = converse) =>
  gateway.handle(
    new Request(`http://gateway.local/bedrock/model/claude/${action}`, {
      method: "POST",
      headers: { authorization: "Bearer sk-in-process", "content-type": "application/json" },
      body,
    }),
  );

async function startTestSimulator(options: Parameters<typeof startSimulator>[0] = {}) {
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1", ...options });
  cleanups.push(() => simulator.close());
  return simulator;
}

describe("createGateway(config).handle(request), in process", () => {
  it("serves Converse without any socket on the client side", async () => {
    const simulator = await startTestSimulator();
    const response = await call(await createInProcessGateway(simulator.url), "converse");
    expect(response.status).toBe(200);
    expect((await response.json()).output.message.content[0].text).toContain("in process");
    expect(simulator.requests[0]?.signatureValid).toBe(true);
  });

  it("no answer before the first-byte timeout: 408 ModelTimeoutException", async () => {
    const simulator = await startTestSimulator();
    simulator.injectFault({ kind: "delay", ms: 1500 });
    const gateway = await createInProcessGateway(simulator.url, "  first_byte_timeout: 0.2");
    const started = Date.now();
    const response = await call(gateway, "converse");
    expect(response.status).toBe(408);
    expect(response.headers.get("x-amzn-errortype")).toBe("ModelTimeoutException");
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it("a stream that goes silent past the idle timeout ends with an internalServerException frame", async () => {
    const simulator = await startTestSimulator({ chunkDelayMs: 600 });
    const gateway = await createInProcessGateway(simulator.url, "  idle_timeout: 0.2");
    const response = await call(gateway, "converse-stream");
    expect(response.status).toBe(200);
    const decoder = createEventStreamDecoder();
    const messages = decoder.push(new Uint8Array(await response.arrayBuffer()));
    expect(decoder.errored).toBeUndefined();
    const last = messages.at(-1)!;
    expect(last.messageType).toBe("exception");
    expect(last.exceptionType).toBe("internalServerException");
    expect(JSON.parse(Buffer.from(last.payload).toString()).message).toMatch(/idle timeout/);
  });

  it("an upstream that refuses connections: 503 ServiceUnavailableException", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const response = await call(await createInProcessGateway(`http://127.0.0.1:${port}`), "converse");
    expect(response.status).toBe(503);
    expect(response.headers.get("x-amzn-errortype")).toBe("ServiceUnavailableException");
    expect(response.headers.get("x-amzn-requestid")).toBeTruthy();
  });

  it("a JSON body cut off mid-way upstream: a Bedrock-shaped 5xx, never a hang or a truncated 200", async () => {
    const upstream = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"output":{"message"');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => upstream.close(() => resolve())));
    const gateway = await createInProcessGateway(`http://127.0.0.1:${(upstream.address() as { port: number }).port}`);
    const response = await call(gateway, "converse");
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get("x-amzn-errortype")).toBeTruthy();
    expect((await response.json()).message).toBeTruthy();
  });

  it("a JSON body that stalls upstream past the idle timeout: a Bedrock-shaped 5xx, never a hang", async () => {
    const upstream = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"output":{"message"'); // and nothing more
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => {
      upstream.closeAllConnections();
      return new Promise((resolve) => upstream.close(() => resolve()));
    });
    const endpoint = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const gateway = await createInProcessGateway(endpoint, "  idle_timeout: 0.3");
    const started = Date.now();
    const response = await call(gateway, "converse");
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get("x-amzn-errortype")).toBeTruthy();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers Bedrock-shaped errors for calls outside /bedrock", async () => {
    const simulator = await startTestSimulator();
    const gateway = await createInProcessGateway(simulator.url);
    const response = await gateway.handle(new Request("http://gateway.local/other", { method: "POST" }));
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
  });
});

describe("createGateway(config).handleNode(req, res), on a bare node:http server", () => {
  async function serveNode(gateway: Gateway): Promise<string> {
    const server = createHttpServer((req, res) => void gateway.handleNode(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  const post = (url: string, action: string, body = converse) =>
    fetch(`${url}/bedrock/model/claude/${action}`, {
      method: "POST",
      headers: { authorization: "Bearer sk-in-process", "content-type": "application/json" },
      body,
    });

  it("serves Converse with its cost header and length", async () => {
    const simulator = await startTestSimulator();
    const url = await serveNode(await createInProcessGateway(simulator.url));
    const response = await post(url, "converse");
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("x-bedrock-gw-cost"))).toBeGreaterThan(0);
    expect(response.headers.get("x-bedrock-gw-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await response.json()).output.message.content[0].text).toContain("in process");
  });

  it("relays ConverseStream as event-stream messages", async () => {
    const simulator = await startTestSimulator();
    const url = await serveNode(await createInProcessGateway(simulator.url));
    const response = await post(url, "converse-stream");
    expect(response.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    const decoder = createEventStreamDecoder();
    const messages = decoder.push(new Uint8Array(await response.arrayBuffer()));
    expect(decoder.errored).toBeUndefined();
    expect(messages.map((m) => m.eventType)).toContain("metadata");
  });

  it("errors are Bedrock-shaped: a wrong key, a path outside /bedrock", async () => {
    const simulator = await startTestSimulator();
    const url = await serveNode(await createInProcessGateway(simulator.url));
    const refused = await fetch(`${url}/bedrock/model/claude/converse`, { method: "POST", headers: { authorization: "Bearer sk-wrong" }, body: converse });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
    expect((await refused.json()).message).toMatch(/key/);
    const outside = await fetch(`${url}/elsewhere`, { method: "POST", headers: { authorization: "Bearer sk-in-process" } });
    expect(outside.status).toBe(404);
    expect(simulator.requests).toHaveLength(0);
  });
});
