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

describe("readNodeRequestBody: a body that has already arrived", () => {
  /** a stream holding the whole message, as Node's IncomingMessage does once `complete` is true */
  function arrived(chunks: readonly Uint8Array[]) {
    const stream = new PassThrough();
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    return Object.assign(stream, { complete: true, httpVersionMajor: 1 }) as PassThrough & { complete: boolean };
  }

  it("takes the buffered bytes at once, joined, without flowing mode, and the stream still ends", async () => {
    const source = arrived([Buffer.from("{\"a\":"), Buffer.from("1}")]);
    const ended = new Promise((resolve) => source.once("end", resolve));
    const reading = readNodeRequestBody(source as unknown as NodeBodySource, "7", 1024);
    expect(source.listenerCount("data")).toBe(0);
    expect(Buffer.from((await reading)!).toString()).toBe("{\"a\":1}");
    await ended;
    expect(source.readableEnded).toBe(true);
  });

  it("takes the declared length's bytes at once before the message is marked complete; `end` still follows", async () => {
    const source = new PassThrough();
    source.write(Buffer.from("hello"));
    const reading = readNodeRequestBody(source as unknown as NodeBodySource, "5", 1024);
    expect(source.listenerCount("data")).toBe(0);
    expect(Buffer.from((await reading)!).toString()).toBe("hello");
    const ended = new Promise((resolve) => source.once("end", resolve));
    source.end();
    await ended;
  });

  it("waits for the rest when fewer bytes than declared have arrived", async () => {
    const source = new PassThrough();
    source.write(Buffer.from("hel"));
    const reading = readNodeRequestBody(source as unknown as NodeBodySource, "5", 1024);
    source.end(Buffer.from("lo"));
    expect(Buffer.from((await reading)!).toString()).toBe("hello");
  });

  it("gives null for an empty body and refuses a buffered body over the limit without reading it", async () => {
    expect(await readNodeRequestBody(arrived([]) as unknown as NodeBodySource, undefined, 1024)).toBeNull();
    const big = arrived([Buffer.alloc(6), Buffer.alloc(6)]);
    await expectTooLarge(readNodeRequestBody(big as unknown as NodeBodySource, undefined, 8), 8);
    expect(big.readableLength).toBe(12);
    expect(big.destroyed).toBe(false);
  });

  it("reads a body still on its way through events, even when the stream says nothing of `complete`", async () => {
    const source = new PassThrough();
    const reading = readNodeRequestBody(source as unknown as NodeBodySource, undefined, 1024);
    source.end(Buffer.from("late"));
    expect(Buffer.from((await reading)!).toString()).toBe("late");
  });

  it("reads a real node:http request's body, small or large", async () => {
    const { createServer, request } = await import("node:http");
    const received: string[] = [];
    const server = createServer((req, res) => {
      void Promise.resolve()
        .then(() => readNodeRequestBody(req as unknown as NodeBodySource, req.headers["content-length"], 1 << 20))
        .then((body) => {
          received.push(body === null ? "" : Buffer.from(body).toString());
          res.end("ok");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const post = (body: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ port, host: "127.0.0.1", method: "POST", path: "/", agent: false }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end(body);
      });
    try {
      await post("small");
      await post("x".repeat(300_000));
      await post("");
    } finally {
      server.close();
    }
    expect(received.map((body) => body.length)).toEqual([5, 300_000, 0]);
  });

  it("reads pipelined requests on one keep-alive socket, a chunked one and one over the limit among them", async () => {
    const { createServer } = await import("node:http");
    const { connect } = await import("node:net");
    const received: string[] = [];
    const server = createServer((req, res) => {
      void Promise.resolve()
        .then(() => readNodeRequestBody(req as unknown as NodeBodySource, req.headers["content-length"], 10))
        .then(
          (body) => {
            received.push(body === null ? "" : Buffer.from(body).toString());
            res.end("ok");
          },
          () => {
            received.push("413");
            res.writeHead(413).end();
          },
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const requests = [
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none",
      "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n",
      "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\ntwelve bytes",
      "POST /d HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nfour",
      "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ];
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(requests.join("")));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    server.close();
    expect(received).toEqual(["one", "two", "413", "four", ""]);
    expect(answers.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 413", "HTTP/1.1 200", "HTTP/1.1 200"]);
  });
});
