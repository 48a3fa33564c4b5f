import { describe, expect, it } from "vitest";
import { computeRetryAfter, readSlidingTotal, rollWindow } from "./sliding-window.js";

const W = 60_000;

describe("sliding window", () => {
  it("rolls a stored window to now: same index kept, one step old becomes previous, older is empty", () => {
    const stored = { index: 10, current: 7, previous: 3 };
    expect(rollWindow(stored, 10 * W + 5, W)).toEqual(stored);
    expect(rollWindow(stored, 11 * W, W)).toEqual({ index: 11, current: 0, previous: 7 });
    expect(rollWindow(stored, 12 * W, W)).toEqual({ index: 12, current: 0, previous: 0 });
    expect(rollWindow(undefined, 12 * W, W)).toEqual({ index: 12, current: 0, previous: 0 });
    // A clock that stepped back keeps the counts rather than dropping them.
    expect(rollWindow(stored, 9 * W, W)).toEqual(stored);
  });

  it("weights the previous sub-window by its remaining overlap, never above 1", () => {
    expect(readSlidingTotal({ index: 1, current: 2, previous: 10 }, W + W / 4, W)).toBe(2 + 7.5);
    expect(readSlidingTotal({ index: 2, current: 2, previous: 10 }, W, W)).toBe(12);
  });

  it("retry times: through the previous sub-window, into the next one, and never for an impossible request", () => {
    const counts = { index: 1, current: 4, previous: 10 };
    // used at W: 14; "fits" 1 under 10 needs the total at 9: previous must drain by 5 → 30 s.
    expect(computeRetryAfter(counts, W, W, { mode: "fits", amount: 1, limit: 10 })).toBe(30_000);
    // "fits" 1 under 4: the previous drains fully (60 s), then 4 → 3 takes a quarter window.
    expect(computeRetryAfter(counts, W, W, { mode: "fits", amount: 1, limit: 4 })).toBe(75_000);
    // More than the limit can never fit: the answer is when the window has fully drained.
    expect(computeRetryAfter(counts, W, W, { mode: "fits", amount: 11, limit: 10 })).toBe(2 * W);
    expect(computeRetryAfter(counts, W, W, { mode: "under", amount: 1, limit: 0 })).toBe(2 * W);
    expect(computeRetryAfter(counts, W, W, { mode: "under", amount: 1, limit: 100 })).toBe(0);
  });
});
