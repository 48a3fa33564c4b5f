import { describe, expect, it } from "vitest";
import { computeAllCoolingRetryAfter, resolveFallbackChain } from "./plan-fallbacks.js";

describe("resolveFallbackChain", () => {
  it("returns the group's own list in config order, then the lists of those groups (breadth-first)", () => {
    const fallbacks = new Map([
      ["a", ["b", "c"]],
      ["b", ["d"]],
      ["c", ["e", "d"]],
      ["d", ["f"]],
    ]);
    expect(resolveFallbackChain("a", fallbacks)).toEqual(["b", "c", "d", "e", "f"]);
    expect(resolveFallbackChain("c", fallbacks)).toEqual(["e", "d", "f"]);
  });

  it("returns nothing for a group without fallbacks or an unknown group", () => {
    expect(resolveFallbackChain("x", new Map([["a", ["b"]]]))).toEqual([]);
    expect(resolveFallbackChain("a", new Map())).toEqual([]);
  });

  it("never repeats a group, never includes the group itself, and ends on cycles", () => {
    const fallbacks = new Map([
      ["a", ["b", "a", "b"]],
      ["b", ["c", "a"]],
      ["c", ["b", "a", "d"]],
    ]);
    expect(resolveFallbackChain("a", fallbacks)).toEqual(["b", "c", "d"]);
    expect(resolveFallbackChain("c", fallbacks)).toEqual(["b", "a", "d"]);
  });

  it("does not modify the configured lists", () => {
    const fallbacks = new Map([["a", ["b"]], ["b", ["c"]]]);
    resolveFallbackChain("a", fallbacks);
    expect([...fallbacks]).toEqual([["a", ["b"]], ["b", ["c"]]]);
  });
});

describe("computeAllCoolingRetryAfter", () => {
  const now = 1_000_000;
  it("gives the whole seconds until the first deployment returns, rounded up", () => {
    expect(computeAllCoolingRetryAfter([now + 9000, now + 4200, now + 60_000], now)).toBe(5);
    expect(computeAllCoolingRetryAfter([now + 3000], now)).toBe(3);
    expect(computeAllCoolingRetryAfter([now + 3001], now)).toBe(4);
  });

  it("is at least 1 second, also when a cooldown is over or there is none", () => {
    expect(computeAllCoolingRetryAfter([now + 10], now)).toBe(1);
    expect(computeAllCoolingRetryAfter([now - 5000, now + 8000], now)).toBe(1);
    expect(computeAllCoolingRetryAfter([], now)).toBe(1);
    expect(computeAllCoolingRetryAfter([Number.NaN], now)).toBe(1);
  });
});
