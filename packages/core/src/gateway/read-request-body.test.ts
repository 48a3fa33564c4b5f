import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors/gateway-error.js";
import { readNodeRequestBody, readRequestBody } from "./read-request-body.js";
import type { NodeBodySource } from "./read-request-body.js";

const URL_ = "http://gw/bedrock/model/m/invoke";

/** a request whose body arrives as these chunks, without a content-length; records whether it was cancelled */
function createStreamingRequest(chunks: readonly Uint8Array[], headers: Record<string, string> = {}) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  const init = { method: "POST", body, headers, duplex: "half" } as RequestInit;
  return { request: new Request(URL_, init), state };
}

async function expectTooLarge(promise: Promise<unknown>, limit: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect(error).toMatchObject({ code: "body-too-large", status: 413, bedrockName: "ValidationException" });
  expect((error as Error).message).toContain(`limit of ${limit} bytes`);
}

describe("readRequestBody", () => {
  it("returns null for a request without a body", async () => {
    expect(await readRequestBody(new Request(URL_), 10)).toBeNull();
  });

  it("returns the bytes of a body within the limit, exactly at the limit too", async () => {
    const body = await readRequestBody(new Request(URL_, { method: "POST", body: "0123456789" }), 10);
    expect(Buffer.from(body!).toString()).toBe("0123456789");
  });

  it("joins a body that arrives in several chunks", async () => {
    const { request } = createStreamingRequest([Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 5, 6)]);
    expect(await readRequestBody(request, 6)).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6));
  });

  it("returns an empty array for an empty streamed body", async () => {
    const { request } = createStreamingRequest([]);
    expect(await readRequestBody(request, 6)).toEqual(new Uint8Array(0));
  });

  it("refuses by the declared content-length before reading anything", async () => {
    const { request, state } = createStreamingRequest([Uint8Array.of(1)], { "content-length": "11" });
    await expectTooLarge(readRequestBody(request, 10), 10);
    expect(state.pulled).toBe(0);
    expect(request.bodyUsed).toBe(false);
  });

  it("refuses by the bytes received when no length is declared, and cancels the rest of the body", async () => {
    const chunks = [new Uint8Array(4), new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)];
    const { request, state } = createStreamingRequest(chunks);
    await expectTooLarge(readRequestBody(request, 10), 10);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(chunks.length);
  });

  it("refuses by the bytes received when the declared length understates them", async () => {
    const { request } = createStreamingRequest([new Uint8Array(8), new Uint8Array(8)], { "content-length": "5" });
    await expectTooLarge(readRequestBody(request, 10), 10);
  });
});

describe("readRequestBody from the Node request behind h3/srvx", () => {
  const withNodeRequest = (source: PassThrough) =>
    Object.assign(new Request("http://gw/bedrock/x", { method: "POST" }), { runtime: { node: { req: source } } });

  it("reads the Node stream directly", async () => {
    const source = new PassThrough();
    const reading = readRequestBody(withNodeRequest(source), 1024);
    source.write(Buffer.from("hello "));
    source.end(Buffer.from("world"));
    expect(Buffer.from((await reading)!).toString()).toBe("hello world");
  });

  it("stops at the limit without destroying the stream (the 413 must still go out on its socket)", async () => {
    const source = new PassThrough();
    const reading = readRequestBody(withNodeRequest(source), 8);
    source.write(Buffer.alloc(16));
    await expect(reading).rejects.toMatchObject({ code: "body-too-large" });
    expect(source.destroyed).toBe(false);
    expect(source.listenerCount("data")).toBe(0);
  });
});

describe("readNodeRequestBody: the body's SHA-256 as it arrives", () => {
  const asSource = (stream: PassThrough) => stream as unknown as NodeBodySource;
  const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

  it("hashes a body of several chunks chunk by chunk and hands the digest over before resolving", async () => {
    const source = new PassThrough();
    const digests: string[] = [];
    const reading = readNodeRequestBody(asSource(source), undefined, 1 << 20, (digest) => digests.push(digest));
    const parts = [Buffer.alloc(70_000, 1), Buffer.alloc(0), Buffer.from("é".repeat(1000)), Buffer.alloc(30_001, 7)];
    for (const part of parts) source.write(part);
    source.end();
    const body = (await reading)!;
    expect(Buffer.from(body)).toEqual(Buffer.concat(parts));
    expect(digests).toEqual([sha256(body)]);
  });

  it("leaves a one-chunk or empty body to the signer (no digest), and gives none for a refused body", async () => {
    const one = new PassThrough();
    const digests: string[] = [];
    const reading = readNodeRequestBody(asSource(one), undefined, 1024, (digest) => digests.push(digest));
    one.end(Buffer.from("{}"));
    expect(Buffer.from((await reading)!).toString()).toBe("{}");
    const empty = new PassThrough();
    const nothing = readNodeRequestBody(asSource(empty), undefined, 1024, (digest) => digests.push(digest));
    empty.end();
    expect(await nothing).toBeNull();
    const big = new PassThrough();
    const refused = readNodeRequestBody(asSource(big), undefined, 8, (digest) => digests.push(digest));
    big.write(Buffer.alloc(6));
    big.write(Buffer.alloc(6));
    await expect(refused).rejects.toMatchObject({ code: "body-too-large" });
    expect(digests).toEqual([]);
  });
});
