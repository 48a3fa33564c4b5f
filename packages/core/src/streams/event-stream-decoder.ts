import * as zlib from "node:zlib";

/**
 * How each wire header type decodes: bool → boolean, byte/short/integer → number, long → bigint,
 * byte array → Uint8Array, string → string, timestamp → Date, uuid → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
 */
export type EventStreamHeaderValue = string | number | boolean | Uint8Array | Date | bigint;

export interface DecodedMessage {
  /** every header by name (a later duplicate wins); a null-prototype object, so any name is safe */
  headers: Record<string, EventStreamHeaderValue>;
  /** a view into the pushed chunk (or the decoder's reassembly buffer): copy it to keep it past this turn */
  payload: Uint8Array;
  /** `:message-type` when it is a string header: `event`, `exception` or `error` */
  messageType?: string;
  /** `:event-type`, the union member name (`contentBlockDelta`, `chunk`, `metadata`, ...) */
  eventType?: string;
  /** `:exception-type`, the camelCase member name (`throttlingException`, ...) */
  exceptionType?: string;
}

export interface EventStreamDecoder {
  /** decodes the whole messages this chunk completes; after a corruption it returns `[]` and ignores input */
  push(chunk: Uint8Array): DecodedMessage[];
  /** bytes of an incomplete message held until the next chunk */
  readonly pendingBytes: number;
  /** why decoding stopped (bad CRC, impossible length, malformed header); undefined while the stream is sound */
  readonly errored?: string;
}

export interface EventStreamDecoderOptions {
  /** a prelude declaring a longer message is treated as corruption (default 16 MiB, the event-stream maximum) */
  maxMessageBytes?: number;
}

/** CRC-32 (IEEE), continuing from `value`, with zlib's signature. */
export type Crc32Function = (data: Uint8Array, value?: number) => number;

const PRELUDE_BYTES = 12;
const OVERHEAD_BYTES = 16;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

// zlib.crc32 exists from Node 20.15 / 22.2; the engines floor (20.19) has it, other runtimes may not
const crc32: Crc32Function = typeof zlib.crc32 === "function" ? zlib.crc32 : _createPortableCrc32();

/**
 * An incremental decoder for `application/vnd.amazon.eventstream`. It reads the relayed bytes chunk by chunk,
 * holds at most one incomplete message, checks the prelude and message CRCs and decodes all ten header types.
 * A message that lies whole in one chunk is decoded in place (no copy). A corrupt stream never throws: the
 * decoder stops and says why in `errored`, so the relay it watches keeps going.
 *
 * @example
 * const decoder = createEventStreamDecoder();
 * for (const message of decoder.push(chunk)) {
 *   if (message.eventType === "metadata") recordUsage(decodeJsonPayload(message));
 * }
 * if (decoder.errored) log.warn(decoder.errored);
 */
export function createEventStreamDecoder(options: EventStreamDecoderOptions = {}): EventStreamDecoder {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const prelude = new Uint8Array(PRELUDE_BYTES);
  let preludeFill = 0;
  let partial: Uint8Array | undefined;
  let partialFill = 0;
  let streamOffset = 0;
  let errored: string | undefined;

  function fail(reason: string): void {
    errored = `event-stream message at stream byte ${streamOffset}: ${reason}`;
    partial = undefined;
    preludeFill = 0;
    partialFill = 0;
  }

  function decodeInto(bytes: Uint8Array, out: DecodedMessage[]): void {
    try {
      out.push(decodeMessage(bytes));
      streamOffset += bytes.length;
    } catch (error) {
      fail((error as Error).message);
    }
  }

  function startMessage(source: Uint8Array, at: number): number | undefined {
    const total = checkPrelude(source, at, maxMessageBytes);
    if (typeof total === "string") {
      fail(total);
      return undefined;
    }
    return total;
  }

  function push(chunk: Uint8Array): DecodedMessage[] {
    const out: DecodedMessage[] = [];
    let offset = 0;
    while (errored === undefined && offset < chunk.length) {
      const available = chunk.length - offset;
      if (partial !== undefined) {
        const take = Math.min(partial.length - partialFill, available);
        partial.set(chunk.subarray(offset, offset + take), partialFill);
        partialFill += take;
        offset += take;
        if (partialFill === partial.length) {
          const whole = partial;
          partial = undefined;
          decodeInto(whole, out);
        }
      } else if (preludeFill === 0 && available >= PRELUDE_BYTES) {
        const total = startMessage(chunk, offset);
        if (total === undefined) break;
        if (available >= total) {
          decodeInto(chunk.subarray(offset, offset + total), out);
          offset += total;
        } else {
          partial = new Uint8Array(total);
          partialFill = 0;
        }
      } else {
        // the prelude itself is split: gather its 12 bytes before the length can be trusted
        const take = Math.min(PRELUDE_BYTES - preludeFill, available);
        prelude.set(chunk.subarray(offset, offset + take), preludeFill);
        preludeFill += take;
        offset += take;
        if (preludeFill < PRELUDE_BYTES) break;
        const total = startMessage(prelude, 0);
        if (total === undefined) break;
        partial = new Uint8Array(total);
        partial.set(prelude);
        partialFill = PRELUDE_BYTES;
        preludeFill = 0;
      }
    }
    return out;
  }

  return {
    push: (chunk) => (errored === undefined ? push(chunk) : []),
    get pendingBytes() {
      return partial !== undefined ? partialFill : preludeFill;
    },
    get errored() {
      return errored;
    },
  };
}

/**
 * Parses a message's payload as JSON (UTF-8), or returns undefined when it is empty or not JSON.
 *
 * @example
 * const usage = (decodeJsonPayload(message) as { usage?: unknown } | undefined)?.usage;
 */
export function decodeJsonPayload(message: Pick<DecodedMessage, "payload">): unknown {
  const { payload } = message;
  if (payload.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Validates a 12-byte prelude at `at`; returns the message length, or why the prelude is unusable. */
function checkPrelude(bytes: Uint8Array, at: number, maxMessageBytes: number): number | string {
  const total = readUint32(bytes, at);
  const headersLength = readUint32(bytes, at + 4);
  const declared = readUint32(bytes, at + 8);
  const computed = crc32(bytes.subarray(at, at + 8));
  if (declared !== computed) return `prelude CRC ${hex32(declared)} does not match the computed ${hex32(computed)}`;
  if (total < OVERHEAD_BYTES) return `declared length ${total} is below the 16-byte minimum`;
  if (headersLength > total - OVERHEAD_BYTES) return `headers length ${headersLength} does not fit a ${total}-byte message`;
  if (total > maxMessageBytes) return `declared length ${total} exceeds the ${maxMessageBytes}-byte limit`;
  return total;
}

/** Decodes one whole message whose prelude was already checked; throws with the reason when it is corrupt. */
function decodeMessage(bytes: Uint8Array): DecodedMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = bytes.length;
  const headersEnd = PRELUDE_BYTES + view.getUint32(4);
  const declared = view.getUint32(total - 4);
  // the prelude CRC (already verified) is the CRC of bytes 0..7, so the message CRC continues from it
  const computed = crc32(bytes.subarray(8, total - 4), view.getUint32(8));
  if (declared !== computed) throw new Error(`message CRC ${hex32(declared)} does not match the computed ${hex32(computed)}`);
  const message: DecodedMessage = {
    headers: decodeHeaders(view, PRELUDE_BYTES, headersEnd),
    payload: bytes.subarray(headersEnd, total - 4),
  };
  for (const [field, name] of NAMED_HEADERS) {
    const value = message.headers[name];
    if (typeof value === "string") message[field] = value;
  }
  return message;
}

const NAMED_HEADERS = [
  ["messageType", ":message-type"],
  ["eventType", ":event-type"],
  ["exceptionType", ":exception-type"],
] as const;

interface HeaderType {
  /** bytes of the value, or of its uint16 length prefix when `prefixed` */
  size: number;
  prefixed?: boolean;
  read(view: DataView, at: number, length: number): EventStreamHeaderValue;
}

/** indexed by the wire type id */
const HEADER_TYPES: readonly HeaderType[] = [
  { size: 0, read: () => true },
  { size: 0, read: () => false },
  { size: 1, read: (view, at) => view.getInt8(at) },
  { size: 2, read: (view, at) => view.getInt16(at) },
  { size: 4, read: (view, at) => view.getInt32(at) },
  { size: 8, read: (view, at) => view.getBigInt64(at) },
  { size: 2, prefixed: true, read: (view, at, length) => new Uint8Array(view.buffer, view.byteOffset + at, length) },
  { size: 2, prefixed: true, read: (view, at, length) => readUtf8(view, at, length) },
  { size: 8, read: (view, at) => new Date(Number(view.getBigInt64(at))) },
  { size: 16, read: (view, at) => readUuid(view, at) },
];

function decodeHeaders(view: DataView, start: number, end: number): Record<string, EventStreamHeaderValue> {
  const headers = Object.create(null) as Record<string, EventStreamHeaderValue>;
  let at = start;
  while (at < end) {
    const nameLength = view.getUint8(at);
    if (nameLength === 0) throw new Error(`a header at byte ${at} has an empty name`);
    if (at + 1 + nameLength + 1 > end) throw new Error(`the header name at byte ${at} runs past the header block`);
    const name = readUtf8(view, at + 1, nameLength);
    at += 1 + nameLength;
    const typeId = view.getUint8(at);
    const type = HEADER_TYPES[typeId];
    if (type === undefined) throw new Error(`header "${name}" has unknown type ${typeId}`);
    at += 1;
    if (at + type.size > end) throw new Error(`the value of header "${name}" runs past the header block`);
    let length = type.size;
    if (type.prefixed) {
      length = view.getUint16(at);
      at += 2;
      if (at + length > end) throw new Error(`the value of header "${name}" runs past the header block`);
    }
    headers[name] = type.read(view, at, length);
    at += length;
  }
  return headers;
}

function readUtf8(view: DataView, at: number, length: number): string {
  return Buffer.from(view.buffer, view.byteOffset + at, length).toString("utf8");
}

function readUuid(view: DataView, at: number): string {
  const hex = Buffer.from(view.buffer, view.byteOffset + at, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

/**
 * A table-driven CRC-32 (IEEE, poly 0xEDB88320) with zlib's signature, used where `zlib.crc32` is missing.
 * @internal exported for tests
 */
export function _createPortableCrc32(): Crc32Function {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (data, value = 0) => {
    let crc = ~value;
    for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
    return ~crc >>> 0;
  };
}
