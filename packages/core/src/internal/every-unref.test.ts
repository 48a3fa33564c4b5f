import { describe, expect, it } from "vitest";
import { everyUnref } from "./every-unref.js";

describe("everyUnref", () => {
  it("ticks every interval until stopped", async () => {
    let ticks = 0;
    const watch = everyUnref(5, () => ticks++);
    await new Promise((resolve) => setTimeout(resolve, 40));
    watch.stop();
    const atStop = ticks;
    expect(atStop).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(atStop);
  });
});
