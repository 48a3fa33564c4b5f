import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import type { UpstreamBody } from "../upstream/upstream-client.js";
import { createEventStreamDecoder, decodeJsonPayload } from "./event-stream-decoder.js";
import { createRelay, relayBody } from "./relay-body.js";
import type { RelayOutcome } from "./relay-body.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: Buffer.from(JSON.stringify(payload)),
  });
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

/** cuts bytes at the given offsets (odd points, mid-prelude and mid-payload) */
function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

type Ending = { kind: "end" } | { kind: "throw"; error: unknown } | { kind: "hang" };

interface FakeBody extends UpstreamBody {
  readonly destroyed: boolean;
  readonly reads: number;
}

/** an upstream body like undici's: yields chunks, then ends, fails, or waits until destroyed */
function createBody(chunks: readonly Uint8Array[], ending: Ending = { kind: "end" }): FakeBody {
  let destroyed = false;
  let reads = 0;
  let wake: () => void = () => undefined;
  const destroyedSignal = new Promise<void>((resolve) => (wake = resolve));
  async function* generate(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) {
      reads += 1;
      await Promise.resolve();
      yield chunk;
    }
    reads += 1;
    if (ending.kind === "throw") throw ending.error;
    if (ending.kind === "hang") {
      await destroyedSignal;
      throw Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    }
  }
  return {
    [Symbol.asyncIterator]: generate,
    discard() {
      this.destroy();
    },
    async readAll() {
      const parts: Uint8Array[] = [];
      for await (const chunk of generate()) parts.push(chunk);
      return Uint8Array.from(Buffer.concat(parts));
    },
    destroy() {
      destroyed = true;
      wake();
    },
    get destroyed() {
      return destroyed;
    },
    get reads() {
      return reads;
    },
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

function createRecorder() {
  const outcomes: RelayOutcome[] = [];
  const seen: Uint8Array[] = [];
  return {
    outcomes,
    seen,
    options: { onDone: (o: RelayOutcome) => outcomes.push(o), onChunk: (c: Uint8Array) => seen.push(c.slice()) },
  };
}

const events = [
  encodeEvent("messageStart", { role: "assistant" }),
  encodeEvent("contentBlockDelta", { delta: { text: "Hello" }, contentBlockIndex: 0 }),
  encodeEvent("contentBlockDelta", { delta: { text: ", world" }, contentBlockIndex: 0 }),
  encodeEvent("contentBlockStop", { contentBlockIndex: 0 }),
  encodeEvent("messageStop", { stopReason: "end_turn" }),
];
const stream = concat(events);
const boundary = (count: number) => events.slice(0, count).reduce((sum, e) => sum + e.length, 0);

describe("createRelay: the usage reader sees a chunk once the writer has it", () => {
  it("shows each chunk to onChunk at the next read (or the end), in order, all before onDone", async () => {
    const log: string[] = [];
    const relay = createRelay(createBody([Buffer.from("a"), Buffer.from("b")]), {
      eventStream: false,
      onChunk: (chunk) => log.push(`seen ${Buffer.from(chunk).toString()}`),
      onDone: (outcome) => log.push(`done ${outcome.kind}`),
    });
    for (let chunk = await relay.read(); chunk !== null; chunk = await relay.read()) log.push(`written ${Buffer.from(chunk).toString()}`);
    expect(log).toEqual(["written a", "seen a", "written b", "seen b", "done complete"]);
  });

  it("shows the last chunk before onDone when the client leaves or upstream fails", async () => {
    const left: string[] = [];
    const cancelled = createRelay(createBody([Buffer.from("a")], { kind: "hang" }), {
      eventStream: false,
      onChunk: () => left.push("seen"),
      onDone: (outcome) => left.push(outcome.kind),
    });
    await cancelled.read();
    cancelled.cancel();
    expect(left).toEqual(["seen", "client-gone"]);

    const failed: string[] = [];
    const broken = createRelay(createBody([Buffer.from("a")], { kind: "throw", error: new Error("reset") }), {
      eventStream: false,
      onChunk: () => failed.push("seen"),
      onDone: (outcome) => failed.push(outcome.kind),
    });
    await broken.read();
    await expect(broken.read()).rejects.toThrow("reset");
    expect(failed).toEqual(["seen", "upstream-error"]);
  });
});

describe("relayBody: event streams", () => {
  it("relays a complete stream as whole messages, in order, and reports `complete`", async () => {
    const cuts = [3, 13, boundary(1) + 7, boundary(2), boundary(3) + 40, boundary(4) + 1];
    const recorder = createRecorder();
    const out = await readAll(relayBody(createBody(splitAt(stream, cuts)), { eventStream: true, ...recorder.options }));
    expect(concat(out)).toEqual(stream);
    for (const chunk of out) {
      const decoder = createEventStreamDecoder();
      expect(decoder.push(chunk).length).toBeGreaterThan(0);
      expect(decoder.pendingBytes, "each relayed chunk ends on a message boundary").toBe(0);
    }
    expect(recorder.seen).toEqual(out);
    expect(recorder.outcomes).toEqual([{ kind: "complete", bytes: stream.length }]);
  });

  it("ends a stream that fails mid-message with an internalServerException at a clean boundary", async () => {
    const error = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const delivered = stream.subarray(0, boundary(3) + 9);
    const body = createBody(splitAt(delivered, [5, boundary(1) + 2, boundary(2) + 30]), { kind: "throw", error });
    const recorder = createRecorder();
    const out = concat(await readAll(relayBody(body, { eventStream: true, ...recorder.options })));

    const decoder = createEventStreamDecoder();
    const messages = decoder.push(out);
    expect(decoder.errored).toBeUndefined();
    expect(decoder.pendingBytes).toBe(0);
    expect(messages.map((m) => m.eventType ?? m.exceptionType)).toEqual([
      "messageStart",
      "contentBlockDelta",
      "contentBlockDelta",
      "internalServerException",
    ]);
    const last = messages[3]!;
    expect(last.messageType).toBe("exception");
    expect(decodeJsonPayload(last)).toEqual({ message: "The upstream Bedrock stream failed mid-way (ECONNRESET)." });
    expect(out.subarray(0, boundary(3))).toEqual(stream.subarray(0, boundary(3)));
    expect(recorder.outcomes).toEqual([{ kind: "upstream-error", bytes: boundary(3), error }]);
  });

  it("treats an upstream that ends cleanly inside a message as a failure, not a short answer", async () => {
    const delivered = stream.subarray(0, boundary(2) + 11);
    const recorder = createRecorder();
    const out = concat(await readAll(relayBody(createBody(splitAt(delivered, [boundary(1)])), { eventStream: true, ...recorder.options })));
    const messages = createEventStreamDecoder().push(out);
    expect(messages.map((m) => m.eventType ?? m.exceptionType)).toEqual(["messageStart", "contentBlockDelta", "internalServerException"]);
    expect(recorder.outcomes[0]?.kind).toBe("upstream-error");
  });

  it("names the idle timeout when undici's body timeout fires", async () => {
    const error = Object.assign(new Error("Body Timeout Error"), { code: "UND_ERR_BODY_TIMEOUT" });
    const out = concat(await readAll(relayBody(createBody([events[0]!], { kind: "throw", error }), { eventStream: true })));
    const messages = createEventStreamDecoder().push(out);
    expect(messages).toHaveLength(2);
    expect(decodeJsonPayload(messages[1]!)).toEqual({
      message: "The upstream Bedrock stream went silent past the gateway's idle timeout.",
    });
  });

  it("does not read upstream before the client reads (no buffering ahead)", async () => {
    const body = createBody(events);
    const relayed = relayBody(body, { eventStream: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(body.reads).toBe(0);
    const reader = relayed.getReader();
    await reader.read();
    expect(body.reads).toBe(1);
    await reader.cancel();
  });
});

describe("relayBody: other bodies", () => {
  it("passes a JSON body through chunk by chunk, unaligned", async () => {
    const json = Buffer.from(JSON.stringify({ output: { message: { role: "assistant", content: [{ text: "hi" }] } } }));
    const chunks = splitAt(Uint8Array.from(json), [1, 2, 30]);
    const recorder = createRecorder();
    const out = await readAll(relayBody(createBody(chunks), { eventStream: false, ...recorder.options }));
    expect(out).toEqual(chunks);
    expect(recorder.outcomes).toEqual([{ kind: "complete", bytes: json.length }]);
  });

  it("errors the web stream when a non-event-stream body fails, without appending a frame", async () => {
    const error = Object.assign(new Error("terminated"), { code: "UND_ERR_SOCKET" });
    const recorder = createRecorder();
    const relayed = relayBody(createBody([Uint8Array.of(123, 34)], { kind: "throw", error }), {
      eventStream: false,
      ...recorder.options,
    });
    const reader = relayed.getReader();
    expect((await reader.read()).value).toEqual(Uint8Array.of(123, 34));
    await expect(reader.read()).rejects.toBe(error);
    expect(recorder.outcomes).toEqual([{ kind: "upstream-error", bytes: 2, error }]);
  });
});

describe("relayBody: the client going away", () => {
  it("cancel() destroys the upstream body and reports `client-gone` once", async () => {
    const body = createBody([events[0]!, events[1]!], { kind: "hang" });
    const recorder = createRecorder();
    const reader = relayBody(body, { eventStream: true, ...recorder.options }).getReader();
    await reader.read();
    await reader.read();
    const pending = reader.read();
    await reader.cancel();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(body.destroyed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(recorder.outcomes).toEqual([{ kind: "client-gone", bytes: events[0]!.length + events[1]!.length }]);
  });

  for (const eventStream of [true, false]) {
    it(`reports client-gone, not an upstream error, when the signal already fired (eventStream: ${eventStream})`, async () => {
      const controller = new AbortController();
      controller.abort();
      const abortError = new DOMException("This operation was aborted", "AbortError");
      const recorder = createRecorder();
      const relayed = relayBody(createBody([], { kind: "throw", error: abortError }), {
        eventStream,
        signal: controller.signal,
        ...recorder.options,
      });
      await expect(readAll(relayed)).rejects.toBe(abortError);
      expect(recorder.outcomes).toEqual([{ kind: "client-gone", bytes: 0 }]);
      expect(recorder.seen).toEqual([]);
    });
  }
});
