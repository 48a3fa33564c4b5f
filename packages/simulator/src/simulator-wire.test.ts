import http from "node:http";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";
import { afterEach, describe, expect, it } from "vitest";
import { SIMULATOR_API_KEY, createSimulator } from "./index.js";
import type { SimulatorOptions } from "./index.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The simulator's handler mounted on a bare node:http server, as a user's own server would mount it. */
async function mountOnNodeHttp(options: SimulatorOptions) {
  const simulator = createSimulator(options);
  const server = http.createServer(simulator.handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { simulator, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface WireResponse {
  status: number;
  headers: Headers;
  /** each body read with the time it arrived */
  reads: Array<{ at: number; bytes: Uint8Array }>;
  headersAt: number;
}

async function post(url: string, path: string, body: unknown): Promise<WireResponse> {
  const started = Date.now();
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${SIMULATOR_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const headersAt = Date.now() - started;
  const reads: WireResponse["reads"] = [];
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) reads.push({ at: Date.now() - started, bytes: read.value });
  return { status: response.status, headers: response.headers, reads, headersAt };
}

function decodeFrames(reads: WireResponse["reads"]) {
  const all = Buffer.concat(reads.map((read) => read.bytes));
  const frames = [];
  for (let offset = 0; offset < all.length; ) {
    const length = all.readUInt32BE(offset);
    const message = codec.decode(all.subarray(offset, offset + length));
    frames.push({ headers: Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, header.value])), payload: JSON.parse(toUtf8(message.body)) });
    offset += length;
  }
  return frames;
}

const converseStreamPath = `/model/${encodeURIComponent("anthropic.claude-3-haiku-20240307-v1:0")}/converse-stream`;
const messages = [{ role: "user", content: [{ text: "Tell me about event streams please" }] }];

describe("the simulator on the wire", () => {
  it("writes each event as its own frame, padded, with chunkDelayMs between them", async () => {
    const { url } = await mountOnNodeHttp({ chunkDelayMs: 25, random: () => 0.25 });
    const response = await post(url, converseStreamPath, { messages });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const frames = decodeFrames(response.reads);
    expect(frames.map((frame) => frame.headers[":event-type"])).toEqual([
      "messageStart",
      ...frames.slice(1, -3).map(() => "contentBlockDelta"),
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
    for (const frame of frames) {
      expect(frame.headers).toMatchObject({ ":message-type": "event", ":content-type": "application/json" });
      expect(frame.payload.p).toBe("abcdefghijklmnop");
    }
    // streamed as it goes, chunkDelayMs apart: judged over the whole stream, since a busy client can read two
    // frames in one go (one late read makes one short gap without the server having sent early)
    expect(response.reads.length).toBeGreaterThan(1);
    const spreadMs = response.reads.at(-1)!.at - response.reads[0]!.at;
    expect(spreadMs).toBeGreaterThanOrEqual(0.6 * 25 * (frames.length - 1));
    expect(frames.at(-1)?.payload.metrics).toEqual({ latencyMs: 25 * (frames.length - 1) });
  });

  it("leaves the padding out when asked and waits latencyMs before the headers", async () => {
    const { url, simulator } = await mountOnNodeHttp({ padding: false, latencyMs: 80 });
    const response = await post(url, converseStreamPath, { messages });
    expect(response.headersAt).toBeGreaterThanOrEqual(70);
    expect(decodeFrames(response.reads).every((frame) => !("p" in frame.payload))).toBe(true);
    expect(simulator.requests[0]).toMatchObject({ protocol: "http/1.1", auth: "bearer", operation: "ConverseStream", status: 200 });
  });

  it("wraps IMWRS payloads as base64 chunk events and names the inner content type", async () => {
    const { url } = await mountOnNodeHttp({});
    const path = `/model/${encodeURIComponent("meta.llama3-8b-instruct-v1:0")}/invoke-with-response-stream`;
    const response = await post(url, path, { prompt: "hello llama", max_gen_len: 64 });
    expect(response.headers.get("x-amzn-bedrock-content-type")).toBe("application/json");
    const frames = decodeFrames(response.reads);
    const chunks = frames.map((frame) => {
      expect(frame.headers[":event-type"]).toBe("chunk");
      expect(typeof frame.payload.p).toBe("string");
      return JSON.parse(Buffer.from(frame.payload.bytes, "base64").toString("utf8"));
    });
    expect(chunks[0]).toMatchObject({ prompt_token_count: 3, stop_reason: null });
    expect(chunks.at(-1)).toMatchObject({ stop_reason: "stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: 3 } });
    expect(chunks.slice(0, -1).every((chunk) => !("amazon-bedrock-invocationMetrics" in chunk))).toBe(true);
  });

  it("answers malformed JSON with a Bedrock-shaped 400", async () => {
    const { url } = await mountOnNodeHttp({});
    const response = await fetch(`${url}/model/${encodeURIComponent("anthropic.claude-3-haiku-20240307-v1:0")}/converse`, {
      method: "POST",
      headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` },
      body: "{oops",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
    expect(await response.json()).toEqual({ message: "The request body is not valid JSON." });
  });

  it("keeps only the last maxRecordedRequests records", async () => {
    const { url, simulator } = await mountOnNodeHttp({ maxRecordedRequests: 2 });
    for (const path of ["/one", "/two", "/three"]) await fetch(`${url}${path}`, { method: "POST" });
    expect(simulator.requests.map((record) => [record.path, record.status, record.errorType])).toEqual([
      ["/two", 404, "UnknownOperationException"],
      ["/three", 404, "UnknownOperationException"],
    ]);
  });
});
