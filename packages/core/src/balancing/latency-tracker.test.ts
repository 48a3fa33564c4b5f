import { describe, expect, it } from "vitest";
import { createMemoryState } from "../counters/create-memory-state.js";
import { createTestClock } from "./fixtures/test-state.js";
import { createLatencyTracker, DEFAULT_LATENCY_ALPHA, DEFAULT_LATENCY_TTL_MS, foldLatency, readLatency } from "./latency-tracker.js";

describe("foldLatency", () => {
  it("starts with the first sample and moves alpha of the way to each next one", () => {
    expect(DEFAULT_LATENCY_ALPHA).toBe(0.25);
    expect(foldLatency(undefined, 200)).toBe(200);
    expect(foldLatency(200, 400)).toBe(250);
    expect(foldLatency(200, 400, 0.5)).toBe(300);
  });

  it("converges to a new steady latency (within 1% after 20 samples)", () => {
    let average = foldLatency(undefined, 100);
    for (let sample = 0; sample < 20; sample++) average = foldLatency(average, 1000);
    expect(Math.abs((average ?? 0) - 1000)).toBeLessThan(10);
  });

  it("ignores unusable samples", () => {
    expect(foldLatency(200, Number.NaN)).toBe(200);
    expect(foldLatency(200, -1)).toBe(200);
    expect(foldLatency(undefined, Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe("readLatency", () => {
  it("reads stored numbers and rejects the rest", () => {
    expect(readLatency("250.5")).toBe(250.5);
    expect(readLatency("0")).toBe(0);
    for (const value of [undefined, "", "abc", "-3", "Infinity"]) expect(readLatency(value)).toBeUndefined();
  });
});

describe("createLatencyTracker", () => {
  it("stores averages under dep:{id}:latency, rounded to 0.1 ms, readable for many ids at once", async () => {
    const clock = createTestClock();
    const state = createMemoryState({ clock, sweepIntervalMs: 0 });
    const tracker = createLatencyTracker({ state, alpha: 1 / 3 });
    await tracker.record("a", 100);
    await tracker.record("a", 200);
    expect(await state.getValues(["dep:a:latency"])).toEqual(["133.3"]);
    expect(await tracker.read(["a", "b"])).toEqual([133.3, undefined]);
    clock.advance(DEFAULT_LATENCY_TTL_MS);
    expect(await tracker.read(["a"])).toEqual([undefined]);
  });
});
