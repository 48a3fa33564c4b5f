import { concatBytes } from "../internal/concat-bytes.js";
import { readRecord } from "./create-usage.js";

/** A copy of a response body kept for its usage, up to a limit. */
export interface BoundedBody {
  push(chunk: Uint8Array): void;
  /** the body parsed as a JSON object; undefined when it overflowed, is empty or is not a JSON object */
  readJson(): Record<string, unknown> | undefined;
  readonly overflowed: boolean;
}

/**
 * Keeps copies of the relayed chunks (the relay may reuse its buffers) until `maxBytes`; past it the copies are
 * dropped at once, so a huge body costs no memory.
 *
 * @example
 * const body = createBoundedBody(8 * 1024 * 1024);
 * body.push(chunk);
 * const usage = body.readJson()?.usage;
 */
export function createBoundedBody(maxBytes: number): BoundedBody {
  let parts: Uint8Array[] = [];
  let total = 0;
  let overflowed = false;
  return {
    push(chunk) {
      if (overflowed || chunk.length === 0) return;
      total += chunk.length;
      if (total > maxBytes) {
        overflowed = true;
        parts = [];
        return;
      }
      parts.push(chunk.slice());
    },
    readJson() {
      if (overflowed || total === 0) return undefined;
      const bytes = concatBytes(parts, total);
      try {
        return readRecord(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")));
      } catch {
        return undefined;
      }
    },
    get overflowed() {
      return overflowed;
    },
  };
}
