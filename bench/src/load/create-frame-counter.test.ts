import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createFrameCounter } from "./create-frame-counter.js";

function frame(size: number): Buffer {
  const bytes = Buffer.alloc(size, 7);
  bytes.writeUInt32BE(size, 0);
  bytes.writeUInt32BE(0, 4);
  bytes.writeUInt32BE(crc32(bytes.subarray(0, 8)), 8);
  return bytes;
}

describe("createFrameCounter", () => {
  it("counts frames split across chunks and several frames in one chunk", () => {
    const counter = createFrameCounter();
    const stream = Buffer.concat([frame(20), frame(33), frame(16)]);
    expect(counter.push(stream.subarray(0, 11))).toBe(0);
    expect(counter.push(stream.subarray(11, 25))).toBe(1);
    expect(counter.push(stream.subarray(25))).toBe(2);
    expect(counter.frames).toBe(3);
  });

  it("refuses bytes that are no event stream", () => {
    expect(() => createFrameCounter().push(Buffer.from('{"message":"x"}'))).toThrow(/not an event stream/);
  });
});
