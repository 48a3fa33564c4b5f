import { crc32 } from "node:zlib";

export interface FrameCounter {
  /** feeds bytes in arrival order; returns how many frames this chunk completed */
  push(chunk: Buffer): number;
  /** frames completed so far */
  readonly frames: number;
}

/**
 * Counts AWS event-stream frames as they complete, from each frame's 4-byte big-endian total length, checking the
 * prelude's CRC so anything that is no event stream fails loudly; the frames are not decoded (the gateway's own
 * decoder is what is being measured, not reused here).
 *
 * @example
 * const counter = createFrameCounter();
 * counter.push(chunk); // 2 when the chunk completed two frames
 */
export function createFrameCounter(): FrameCounter {
  let pending: Buffer = Buffer.alloc(0);
  let frames = 0;
  return {
    push(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let completed = 0;
      while (pending.length >= 12) {
        const total = pending.readUInt32BE(0);
        if (total < 16 || crc32(pending.subarray(0, 8)) !== pending.readUInt32BE(8)) {
          throw new Error(`not an event stream: ${JSON.stringify(pending.subarray(0, 40).toString("latin1"))}`);
        }
        if (pending.length < total) break;
        pending = pending.subarray(total);
        completed++;
      }
      frames += completed;
      return completed;
    },
    get frames() {
      return frames;
    },
  };
}
