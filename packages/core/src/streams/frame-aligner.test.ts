import { EventStreamCodec } from "@smithy/core/event-streams";
import { describe, expect, it } from "vitest";
import { createFrameAligner } from "./frame-aligner.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);

function encodeEvent(index: number, size: number): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: "contentBlockDelta" },
      ":message-type": { type: "string", value: "event" },
    },
    body: Buffer.from(JSON.stringify({ delta: { text: "y".repeat(size) }, contentBlockIndex: index })),
  });
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

/** mulberry32, seeded so a failing split can be replayed */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** the message lengths a byte run consists of; fails when it does not end on a message boundary */
function readMessageLengths(bytes: Uint8Array): number[] {
  const lengths: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    const total = view.getUint32(offset);
    lengths.push(total);
    offset += total;
  }
  expect(offset, "output ends on a message boundary").toBe(bytes.length);
  return lengths;
}

const messages = Array.from({ length: 25 }, (_, i) => encodeEvent(i, (i * 37) % 500));
const stream = concat(messages);

describe("createFrameAligner", () => {
  it("passes a chunk of whole messages through as the same object", () => {
    const aligner = createFrameAligner();
    const chunk = concat(messages.slice(0, 3));
    expect(aligner.push(chunk)).toBe(chunk);
    expect(aligner.pending).toBe(0);
  });

  it("holds back a trailing partial message and releases it once complete", () => {
    const aligner = createFrameAligner();
    const [first, second] = [messages[0]!, messages[1]!];
    const out1 = aligner.push(concat([first, second.subarray(0, 10)]));
    expect(out1).toEqual(first);
    expect(aligner.pending).toBe(10);
    const out2 = aligner.push(second.subarray(10, 11));
    expect(out2.length).toBe(0);
    expect(aligner.pending).toBe(11);
    expect(aligner.push(second.subarray(11))).toEqual(second);
    expect(aligner.pending).toBe(0);
  });

  it("holds a prelude shorter than its 4-byte length field", () => {
    const aligner = createFrameAligner();
    expect(aligner.push(messages[0]!.subarray(0, 3)).length).toBe(0);
    expect(aligner.pending).toBe(3);
    expect(aligner.push(messages[0]!.subarray(3))).toEqual(messages[0]);
  });

  it("keeps its own copy of held bytes, so the caller may reuse a chunk's buffer", () => {
    const aligner = createFrameAligner();
    const chunk = messages[2]!.slice(0, 30);
    aligner.push(chunk);
    chunk.fill(0);
    expect(aligner.push(messages[2]!.subarray(30))).toEqual(messages[2]);
  });

  it("emits only whole messages for a stream fed one byte at a time", () => {
    const aligner = createFrameAligner();
    const outputs = Array.from(stream.subarray(0, 2000), (byte) => aligner.push(Uint8Array.of(byte))).filter((o) => o.length > 0);
    const emitted = concat(outputs);
    for (const output of outputs) expect(readMessageLengths(output)).toHaveLength(1);
    expect(emitted).toEqual(stream.subarray(0, emitted.length));
    expect(emitted.length + aligner.pending).toBe(2000);
  });

  for (const seed of [3, 17, 99]) {
    it(`re-frames a stream split at random points (seed ${seed}) without losing or reordering bytes`, () => {
      const random = createRandom(seed);
      const aligner = createFrameAligner();
      const outputs: Uint8Array[] = [];
      for (let offset = 0; offset < stream.length; ) {
        const size = 1 + Math.floor(random() * 700);
        const output = aligner.push(stream.slice(offset, offset + size));
        if (output.length > 0) outputs.push(output);
        offset += size;
      }
      const lengths = outputs.flatMap(readMessageLengths);
      expect(lengths).toEqual(messages.map((m) => m.length));
      expect(concat(outputs)).toEqual(stream);
      expect(aligner.pending).toBe(0);
    });
  }

  it("passes bytes through unchanged when a declared length is impossible (< 16)", () => {
    const aligner = createFrameAligner();
    const garbage = Uint8Array.from([0, 0, 0, 5, 1, 2, 3, 4, 5, 6]);
    expect(aligner.push(garbage)).toEqual(garbage);
    expect(aligner.pending).toBe(0);
  });
});
