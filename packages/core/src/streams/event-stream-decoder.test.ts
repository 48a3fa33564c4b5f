import * as zlib from "node:zlib";
import { EventStreamCodec, Int64 } from "@smithy/core/event-streams";
import type { MessageHeaders } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { _createPortableCrc32, createEventStreamDecoder, decodeJsonPayload } from "./event-stream-decoder.js";
import type { DecodedMessage, EventStreamHeaderValue } from "./event-stream-decoder.js";
import {
  AWS_C_EVENT_STREAM_VECTORS,
  BEDROCK_MESSAGE_STOP_VECTOR,
  SMITHY_EVENT_STREAM_VECTORS,
} from "./fixtures/event-stream-vectors.js";
import type { VectorHeader } from "./fixtures/event-stream-vectors.js";

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  (text) => Buffer.from(text, "utf8"),
);
const utf8 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "utf8"));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));
const toText = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

function toSmithyHeaders(headers: readonly VectorHeader[]): MessageHeaders {
  const out: MessageHeaders = {};
  for (const header of headers) {
    out[header.name] =
      header.type === "long"
        ? { type: "long", value: Int64.fromNumber(Number(header.value)) }
        : ({ type: header.type, value: header.value } as MessageHeaders[string]);
  }
  return out;
}

function toDecodedHeaders(headers: readonly VectorHeader[]): Record<string, EventStreamHeaderValue> {
  return Object.fromEntries(headers.map((header) => [header.name, header.value]));
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

/** mulberry32: a small seeded PRNG, so failing split points can be replayed */
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

function splitRandomly(bytes: Uint8Array, random: () => number, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, size = 0; offset < bytes.length; offset += size) {
    size = 1 + Math.floor(random() * maxChunk);
    chunks.push(bytes.slice(offset, offset + size));
  }
  return chunks;
}

function decodeAll(chunks: readonly Uint8Array[]): { messages: DecodedMessage[]; pending: number; errored?: string } {
  const decoder = createEventStreamDecoder();
  const messages = chunks.flatMap((chunk) => decoder.push(chunk).map(copyMessage));
  return { messages, pending: decoder.pendingBytes, ...(decoder.errored ? { errored: decoder.errored } : {}) };
}

/** payloads are views into the pushed chunk, so tests that keep them copy them first (as a caller must) */
function copyMessage(message: DecodedMessage): DecodedMessage {
  return { ...message, payload: message.payload.slice() };
}

interface SampleMessage {
  headers: MessageHeaders;
  body: Uint8Array;
}

/** a ConverseStream-like sequence plus every header type and payload sizes from 0 to 70 KiB */
function createSampleMessages(count: number, random: () => number): SampleMessage[] {
  const messages: SampleMessage[] = [];
  for (let i = 0; i < count; i++) {
    const size = i % 7 === 0 ? Math.floor(random() * 70_000) : Math.floor(random() * 300);
    const payload = JSON.stringify({ delta: { text: "x".repeat(size) }, contentBlockIndex: i, p: "abcdefgh".slice(0, i % 8) });
    const headers: MessageHeaders = {
      ":event-type": { type: "string", value: "contentBlockDelta" },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    };
    if (i % 3 === 0) {
      headers["seq"] = { type: "integer", value: i };
      headers["flag"] = { type: "boolean", value: i % 2 === 0 };
      headers["when"] = { type: "timestamp", value: new Date(1_700_000_000_000 + i) };
      headers["big"] = { type: "long", value: Int64.fromNumber(-1_000_000_000_000 - i) };
      headers["raw"] = { type: "binary", value: Uint8Array.from([i & 0xff, 0, 255]) };
    }
    messages.push({ headers, body: utf8(payload) });
  }
  messages.push({ headers: {}, body: new Uint8Array(0) });
  return messages;
}

function expectSameMessages(decoded: readonly DecodedMessage[], samples: readonly SampleMessage[]): void {
  expect(decoded).toHaveLength(samples.length);
  decoded.forEach((message, i) => {
    const sample = samples[i]!;
    const smithy = codec.decode(codec.encode(sample));
    // Buffer#equals: vitest's deep equality walks a 70 KiB array element by element
    expect(Buffer.from(message.payload).equals(sample.body), `payload of message ${i}`).toBe(true);
    expect(Object.keys(message.headers)).toEqual(Object.keys(sample.headers));
    for (const [name, header] of Object.entries(smithy.headers)) {
      const expected = header.type === "long" ? BigInt(header.value.toString()) : header.value;
      expect(message.headers[name], name).toEqual(expected);
    }
  });
}

/** builds a frame by hand with correct CRCs over whatever (possibly malformed) header bytes are given */
function createFrame(headerBytes: Uint8Array, payload: Uint8Array, declared: { total?: number; headers?: number } = {}) {
  const total = headerBytes.length + payload.length + 16;
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, declared.total ?? total);
  view.setUint32(4, declared.headers ?? headerBytes.length);
  view.setUint32(8, zlib.crc32(frame.subarray(0, 8)));
  frame.set(headerBytes, 12);
  frame.set(payload, 12 + headerBytes.length);
  view.setUint32(total - 4, zlib.crc32(frame.subarray(0, total - 4)));
  return frame;
}

describe("createEventStreamDecoder: the Bedrock vector (bedrock-protocol.md §4.1)", () => {
  const bytes = fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded);

  it("decodes the messageStop event", () => {
    const decoder = createEventStreamDecoder();
    const [message, ...rest] = decoder.push(bytes);
    expect(rest).toEqual([]);
    expect(message).toEqual({
      headers: toDecodedHeaders(BEDROCK_MESSAGE_STOP_VECTOR.headers),
      payload: utf8(BEDROCK_MESSAGE_STOP_VECTOR.payload),
      messageType: "event",
      eventType: "messageStop",
    });
    expect(decodeJsonPayload(message!)).toEqual({ stopReason: "end_turn" });
    expect(decoder.pendingBytes).toBe(0);
    expect(decoder.errored).toBeUndefined();
  });

  it("is what smithy's EventStreamCodec encodes for the same message, byte for byte", () => {
    const encoded = codec.encode({
      headers: toSmithyHeaders(BEDROCK_MESSAGE_STOP_VECTOR.headers),
      body: utf8(BEDROCK_MESSAGE_STOP_VECTOR.payload),
    });
    expect(Buffer.from(encoded).toString("hex")).toBe(BEDROCK_MESSAGE_STOP_VECTOR.encoded);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0)).toBe(BEDROCK_MESSAGE_STOP_VECTOR.totalLength);
    expect(view.getUint32(4)).toBe(BEDROCK_MESSAGE_STOP_VECTOR.headersLength);
    expect(view.getUint32(8)).toBe(BEDROCK_MESSAGE_STOP_VECTOR.preludeCrc);
    expect(view.getUint32(bytes.length - 4)).toBe(BEDROCK_MESSAGE_STOP_VECTOR.messageCrc);
  });
});

describe("createEventStreamDecoder: smithy's codec test vectors", () => {
  for (const vector of SMITHY_EVENT_STREAM_VECTORS.filter((v) => v.expectation === "success")) {
    it(`decodes positive vector ${vector.name}`, () => {
      const decoded = vector.decoded!;
      const decoder = createEventStreamDecoder();
      const messages = decoder.push(fromHex(vector.encoded));
      expect(messages).toHaveLength(1);
      expect(messages[0]!.headers).toEqual(toDecodedHeaders(decoded.headers));
      expect(Object.keys(messages[0]!.headers)).toEqual(decoded.headers.map((h) => h.name));
      expect(toText(messages[0]!.payload)).toBe(decoded.payload);
      expect(decoder.errored).toBeUndefined();
    });

    it(`re-encodes positive vector ${vector.name} with smithy's codec to the same bytes (fixture check)`, () => {
      const decoded = vector.decoded!;
      const encoded = codec.encode({ headers: toSmithyHeaders(decoded.headers), body: utf8(decoded.payload) });
      expect(Buffer.from(encoded).toString("hex")).toBe(vector.encoded);
    });
  }

  for (const vector of SMITHY_EVENT_STREAM_VECTORS.filter((v) => v.expectation === "failure")) {
    it(`reports negative vector ${vector.name} as errored (${vector.corruption!.caughtBy})`, () => {
      const decoder = createEventStreamDecoder();
      const push = () => decoder.push(fromHex(vector.encoded));
      expect(push).not.toThrow();
      expect(decoder.errored).toContain(vector.corruption!.caughtBy);
      expect(decoder.pendingBytes).toBe(0);
      // smithy's own decoder rejects the same bytes
      expect(() => codec.decode(fromHex(vector.encoded))).toThrow();
    });
  }

  for (const vector of AWS_C_EVENT_STREAM_VECTORS) {
    it(`agrees with aws-c-event-stream's ${vector.test}`, () => {
      const smithy = SMITHY_EVENT_STREAM_VECTORS.find((v) => v.name === vector.sameBytesAs)!;
      const bytes = fromHex(smithy.encoded);
      const view = new DataView(bytes.buffer);
      expect([view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(bytes.length - 4)]).toEqual([
        vector.totalLength,
        vector.headersLength,
        vector.preludeCrc,
        vector.messageCrc,
      ]);
      expect(createEventStreamDecoder().push(bytes)).toHaveLength(1);
    });
  }
});

describe("createEventStreamDecoder: chunking", () => {
  const samples = createSampleMessages(60, createRandom(7));
  const stream = concat(samples.map((sample) => codec.encode(sample)));

  it("decodes many messages from one chunk", () => {
    const result = decodeAll([stream]);
    expectSameMessages(result.messages, samples);
    expect(result.pending).toBe(0);
    expect(result.errored).toBeUndefined();
  });

  it("decodes a stream fed one byte at a time", () => {
    const small = concat(samples.slice(1, 12).map((sample) => codec.encode(sample)));
    const bytes = Array.from(small, (byte) => Uint8Array.of(byte));
    const result = decodeAll(bytes);
    expectSameMessages(result.messages, samples.slice(1, 12));
    expect(result.pending).toBe(0);
  });

  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`decodes a stream split at random points (seed ${seed})`, () => {
      const random = createRandom(seed);
      const chunks = splitRandomly(stream, random, seed % 2 === 0 ? 40 : 9000);
      const result = decodeAll(chunks);
      expectSameMessages(result.messages, samples);
      expect(result.pending).toBe(0);
      expect(result.errored).toBeUndefined();
    });
  }

  it("reports the bytes of an incomplete message as pending", () => {
    const frame = fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded);
    const decoder = createEventStreamDecoder();
    expect(decoder.push(frame.subarray(0, 5))).toEqual([]);
    expect(decoder.pendingBytes).toBe(5);
    expect(decoder.push(frame.subarray(5, 40))).toEqual([]);
    expect(decoder.pendingBytes).toBe(40);
    expect(decoder.push(new Uint8Array(0))).toEqual([]);
    expect(decoder.pendingBytes).toBe(40);
    const [message] = decoder.push(frame.subarray(40));
    expect(message?.eventType).toBe("messageStop");
    expect(decoder.pendingBytes).toBe(0);
  });

  it("returns the messages a chunk completes, including one finished from the previous chunk", () => {
    const frame = fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded);
    const decoder = createEventStreamDecoder();
    decoder.push(frame.subarray(0, 100));
    const messages = decoder.push(concat([frame.subarray(100), frame, frame, frame.subarray(0, 3)]));
    expect(messages.map((m) => m.eventType)).toEqual(["messageStop", "messageStop", "messageStop"]);
    expect(decoder.pendingBytes).toBe(3);
  });

  it("does not copy a message that lies whole in one chunk", () => {
    const chunk = concat([fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded), fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded)]);
    const messages = createEventStreamDecoder().push(chunk);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message.payload.buffer).toBe(chunk.buffer);
    expect(messages[1]!.payload.byteOffset).toBe(122 + 12 + 81);
  });
});

describe("createEventStreamDecoder: corrupt streams", () => {
  const good = fromHex(BEDROCK_MESSAGE_STOP_VECTOR.encoded);

  it("returns the messages before a corrupt one, then stops and ignores further input", () => {
    const corrupt = good.slice();
    corrupt[60] = corrupt[60]! ^ 0x01;
    const decoder = createEventStreamDecoder();
    const messages = decoder.push(concat([good, corrupt, good]));
    expect(messages).toHaveLength(1);
    expect(decoder.errored).toMatch(/^event-stream message at stream byte 122: message CRC 0x5fbf09fc does not match/);
    expect(decoder.push(good)).toEqual([]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it("catches a corrupt message CRC when the message arrived in pieces", () => {
    const corrupt = good.slice();
    corrupt[good.length - 1] = corrupt[good.length - 1]! ^ 0xff;
    const result = decodeAll(splitRandomly(concat([good, corrupt]), createRandom(5), 7));
    expect(result.messages).toHaveLength(1);
    expect(result.errored).toContain("message CRC");
  });

  it("catches a corrupt prelude split across chunks", () => {
    const corrupt = good.slice();
    corrupt[2] = 0x7f;
    const decoder = createEventStreamDecoder();
    expect(decoder.push(corrupt.subarray(0, 6))).toEqual([]);
    expect(decoder.errored).toBeUndefined();
    decoder.push(corrupt.subarray(6, 20));
    expect(decoder.errored).toContain("prelude CRC");
  });

  it("rejects a length below the 16-byte minimum even with a valid prelude CRC", () => {
    const decoder = createEventStreamDecoder();
    decoder.push(createFrame(new Uint8Array(0), utf8("{}"), { total: 12 }));
    expect(decoder.errored).toContain("declared length 12 is below the 16-byte minimum");
  });

  it("rejects a headers length that does not fit the message", () => {
    const decoder = createEventStreamDecoder();
    decoder.push(createFrame(new Uint8Array(0), utf8("{}"), { headers: 3 }));
    expect(decoder.errored).toContain("headers length 3 does not fit a 18-byte message");
  });

  it("rejects a declared length over the limit before allocating it", () => {
    const decoder = createEventStreamDecoder({ maxMessageBytes: 100 });
    decoder.push(good.subarray(0, 12));
    expect(decoder.errored).toContain("declared length 122 exceeds the 100-byte limit");
    expect(decoder.pendingBytes).toBe(0);
  });

  const malformedHeaders: Array<[string, number[], string]> = [
    ["an unknown header type", [1, 0x61, 10], 'header "a" has unknown type 10'],
    ["an empty header name", [0, 0], "has an empty name"],
    ["a name past the header block", [9, 0x61, 0x62], "header name at byte 12 runs past the header block"],
    ["a string value past the header block", [1, 0x61, 7, 0, 9, 0x62], 'the value of header "a" runs past'],
    ["a fixed-size value past the header block", [1, 0x61, 4, 0, 0], 'the value of header "a" runs past'],
    ["a missing length prefix", [1, 0x61, 6, 0], 'the value of header "a" runs past'],
  ];
  for (const [what, headerBytes, reason] of malformedHeaders) {
    it(`reports ${what} (with valid CRCs) as errored`, () => {
      const decoder = createEventStreamDecoder();
      expect(decoder.push(createFrame(Uint8Array.from(headerBytes), utf8("{}")))).toEqual([]);
      expect(decoder.errored).toContain(reason);
    });
  }
});

describe("createEventStreamDecoder: header decoding", () => {
  it("decodes the extreme values of every numeric type", () => {
    const headers: MessageHeaders = {
      b: { type: "byte", value: -128 },
      s: { type: "short", value: -32768 },
      i: { type: "integer", value: 2147483647 },
      l: { type: "long", value: Int64.fromNumber(-9007199254740991) },
      t: { type: "timestamp", value: new Date(-1) },
      u: { type: "uuid", value: "ffffffff-0000-4000-8000-0123456789ab" },
      e: { type: "string", value: "" },
      x: { type: "binary", value: new Uint8Array(0) },
      "ሴ": { type: "string", value: "ü ☃" },
    };
    const [message] = createEventStreamDecoder().push(codec.encode({ headers, body: new Uint8Array(0) }));
    expect(message!.headers).toEqual({
      b: -128,
      s: -32768,
      i: 2147483647,
      l: -9007199254740991n,
      t: new Date(-1),
      u: "ffffffff-0000-4000-8000-0123456789ab",
      e: "",
      x: new Uint8Array(0),
      "ሴ": "ü ☃",
    });
    expect(message!.messageType).toBeUndefined();
  });

  it("keeps a header named __proto__ as a plain entry without touching any prototype", () => {
    const frame = createFrame(Uint8Array.from([9, ...utf8("__proto__"), 7, 0, 1, 0x78]), new Uint8Array(0));
    const [message] = createEventStreamDecoder().push(frame);
    expect(Object.getOwnPropertyDescriptor(message!.headers, "__proto__")?.value).toBe("x");
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("fills exceptionType for an exception message", () => {
    const frame = codec.encode({
      headers: {
        ":message-type": { type: "string", value: "exception" },
        ":exception-type": { type: "string", value: "throttlingException" },
      },
      body: utf8('{"message":"slow down"}'),
    });
    const [message] = createEventStreamDecoder().push(frame);
    expect(message).toMatchObject({ messageType: "exception", exceptionType: "throttlingException" });
    expect(message!.eventType).toBeUndefined();
    expect(decodeJsonPayload(message!)).toEqual({ message: "slow down" });
  });
});

describe("decodeJsonPayload", () => {
  it("returns undefined for an empty or non-JSON payload", () => {
    expect(decodeJsonPayload({ payload: new Uint8Array(0) })).toBeUndefined();
    expect(decodeJsonPayload({ payload: utf8("{'foo':'bar'}") })).toBeUndefined();
  });

  it("parses a payload that is a view into a larger buffer", () => {
    const buffer = utf8('xx{"a":[1,"é"]}yy');
    expect(decodeJsonPayload({ payload: buffer.subarray(2, buffer.length - 2) })).toEqual({ a: [1, "é"] });
  });
});

describe("_createPortableCrc32", () => {
  const crc32 = _createPortableCrc32();

  it("gives the CRC-32 check value", () => {
    expect(crc32(utf8("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("matches zlib.crc32, also when continued from a previous value", () => {
    const random = createRandom(99);
    const data = Uint8Array.from({ length: 5000 }, () => Math.floor(random() * 256));
    expect(crc32(data)).toBe(zlib.crc32(data));
    expect(crc32(data.subarray(1234), crc32(data.subarray(0, 1234)))).toBe(zlib.crc32(data));
  });
});
