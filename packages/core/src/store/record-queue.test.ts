import { describe, expect, it } from "vitest";
import { createRecordQueue } from "./record-queue.js";

describe("createRecordQueue", () => {
  it("keeps FIFO order across takes, failed batches put back, and compaction", () => {
    const queue = createRecordQueue<number>();
    const written: number[] = [];
    let next = 0;
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 250; i++) queue.push(next++);
      const batch = queue.take(300);
      if (round % 3 === 0) queue.putBack(batch); // a write that failed
      else written.push(...batch);
    }
    expect(queue.size).toBe(next - written.length);
    written.push(...queue.take(queue.size));
    expect(written).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(queue.size).toBe(0);
  });

  it("puts back more than was taken from the head", () => {
    const queue = createRecordQueue<string>();
    queue.push("c");
    queue.putBack(["a", "b"]);
    expect(queue.size).toBe(3);
    expect(queue.take(5)).toEqual(["a", "b", "c"]);
    expect(queue.take(1)).toEqual([]);
  });
});
