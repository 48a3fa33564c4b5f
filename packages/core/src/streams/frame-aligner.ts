import { concatBytes } from "../internal/concat-bytes.js";

/**
 * Tracks event-stream message boundaries in relayed bytes (each message starts with its uint32 total length),
 * so the relay hands on whole messages only and can always append an exception message at a clean boundary.
 * Chunks that end on a boundary pass through without a copy; the pieces of a message split across chunks are
 * kept as a list and joined once, when the message is complete.
 */
export interface FrameAligner {
  /** returns the bytes that complete whole messages (possibly empty) */
  push(chunk: Uint8Array): Uint8Array;
  /** bytes of an incomplete message held back */
  readonly pending: number;
}

const MIN_MESSAGE = 16;
/** the SDK refuses larger messages; a larger declared length means a corrupt stream */
const MAX_MESSAGE = 16 * 1024 * 1024;

export function createFrameAligner(): FrameAligner {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  /** total length of the message being held, once its 4 length bytes have arrived */
  let needed = 0;
  /** after a corrupt length, bytes pass through unaligned and the client's parser reports the corruption */
  let passThrough = false;

  function scan(bytes: Uint8Array, from: number): number {
    let offset = from;
    while (bytes.length - offset >= 4) {
      const total = readLength(bytes, offset);
      if (total < MIN_MESSAGE || total > MAX_MESSAGE) {
        passThrough = true;
        return bytes.length;
      }
      if (bytes.length - offset < total) break;
      offset += total;
    }
    return offset;
  }

  return {
    push(chunk) {
      if (passThrough) return chunk;
      if (heldBytes === 0) {
        const complete = scan(chunk, 0);
        if (complete === chunk.length) return chunk;
        hold(chunk.subarray(complete));
        return chunk.subarray(0, complete);
      }
      hold(chunk);
      if (needed === 0 && heldBytes >= 4) {
        const head = concatBytes(held, heldBytes);
        held = [head];
        needed = readLength(head, 0);
        if (needed < MIN_MESSAGE || needed > MAX_MESSAGE) return release(head);
      }
      if (needed === 0 || heldBytes < needed) return new Uint8Array(0);
      const bytes = concatBytes(held, heldBytes);
      held = [];
      heldBytes = 0;
      needed = 0;
      const complete = scan(bytes, 0);
      if (passThrough || complete === bytes.length) return bytes;
      hold(bytes.subarray(complete));
      return bytes.subarray(0, complete);
    },
    get pending() {
      return heldBytes;
    },
  };

  function hold(bytes: Uint8Array): void {
    // copy: the caller may reuse its chunk's memory after push returns
    held.push(bytes.slice());
    heldBytes += bytes.length;
    if (held.length === 1 && heldBytes >= 4) needed = readLength(held[0]!, 0);
  }

  function release(bytes: Uint8Array): Uint8Array {
    passThrough = true;
    held = [];
    heldBytes = 0;
    needed = 0;
    return bytes;
  }
}

function readLength(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

