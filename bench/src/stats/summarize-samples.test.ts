import { describe, expect, it } from "vitest";
import { median, percentile, summarizeLatencies } from "./summarize-samples.js";

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });
  it("is NaN without samples", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("median", () => {
  it("averages the middle pair and ignores NaN", () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([5, Number.NaN, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe("summarizeLatencies", () => {
  it("sorts before ranking", () => {
    const summary = summarizeLatencies([5, 1, 4, 2, 3]);
    expect(summary).toMatchObject({ count: 5, p50: 3, p99: 5, max: 5, mean: 3 });
  });
});
