import { describe, expect, it } from "vitest";
import { createMemoryState } from "./create-memory-state.js";
import { describeSharedState } from "./shared-state.test-suite.js";

describeSharedState("memory shared state", async (clock) => {
  const state = createMemoryState({ clock });
  return { state, cleanup: () => state.close() };
});

describe("createMemoryState memory bound", () => {
  it("drops expired entries of many distinct keys: on access, on writes that double a table, and by sweep()", async () => {
    let now = 1_000_000;
    const state = createMemoryState({ clock: () => now, sweepIntervalMs: 0 });
    for (let i = 0; i < 5_000; i++) {
      await state.consume(`rpm:${i}`, 1, 10, 1_000, "fits");
      await state.setValue(`cooldown:${i}`, "1", 500);
    }
    expect(state.countEntries()).toBe(10_000);
    now += 2_000;
    // New writes after everything expired: the write-triggered sweep keeps the table near its live size.
    for (let i = 0; i < 5_000; i++) await state.consume(`next:${i}`, 1, 10, 1_000, "fits");
    expect(state.countEntries()).toBeLessThanOrEqual(5_000 + 5_000);
    expect(await state.getValues(["cooldown:1"])).toEqual([undefined]);
    now += 2_000;
    expect(state.sweep()).toBe(0);
    expect(state.countEntries()).toBe(0);
    await state.close();
  });

  it("bounds a table that only ever sees new keys, without a sweep timer", async () => {
    let now = 0;
    const state = createMemoryState({ clock: () => now, sweepIntervalMs: 0 });
    for (let i = 0; i < 50_000; i++) {
      now += 1;
      await state.setValue(`v:${i}`, "x", 10);
    }
    // Only 10 values are live at any time; the table never grows past the sweep threshold's neighbourhood.
    expect(state.countEntries()).toBeLessThanOrEqual(1_100);
    await state.close();
  });

  it("sweeps on an unref'd timer", async () => {
    let now = 0;
    const state = createMemoryState({ clock: () => now, sweepIntervalMs: 10 });
    await state.setValue("v", "x", 5);
    await state.acquire("slots", "a", 1, 5);
    await state.reserveBudget("b", 1, 10, 5, async () => 0);
    expect(state.countEntries()).toBe(3);
    now = 10;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(state.countEntries()).toBe(0);
    await state.close();
  });

  it("rejects a window that is not a positive length", async () => {
    const state = createMemoryState();
    await expect(state.consume("k", 1, 1, 0, "fits")).rejects.toThrow("windowMs must be a positive number");
    await state.close();
  });
});
