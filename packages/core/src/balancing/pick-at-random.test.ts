import { describe, expect, it } from "vitest";
import { pickUniform, pickWeighted } from "./pick-at-random.js";

describe("pickUniform", () => {
  it("maps [0, 1) onto equal slices and clamps out-of-range values", () => {
    const items = ["a", "b", "c", "d"];
    expect([0, 0.2499, 0.25, 0.74, 0.75, 0.9999].map((value) => pickUniform(items, () => value))).toEqual(["a", "a", "b", "c", "d", "d"]);
    expect([1, 7, -1, Number.NaN].map((value) => pickUniform(items, () => value))).toEqual(["d", "d", "a", "a"]);
    expect(pickUniform([], () => 0.5)).toBeUndefined();
  });
});

describe("pickWeighted", () => {
  it("maps the random number onto cumulative weights, skipping zero weights", () => {
    const items = ["a", "zero", "b"];
    const weights = [1, 0, 3];
    expect([0, 0.2499, 0.25, 0.9999, 1].map((value) => pickWeighted(items, weights, () => value))).toEqual(["a", "a", "b", "b", "b"]);
  });

  it("counts negative, NaN and infinite weights as 0, and falls back to uniform when none is positive", () => {
    expect(pickWeighted(["a", "b"], [-5, 2], () => 0)).toBe("b");
    expect(pickWeighted(["a", "b"], [Number.NaN, 2], () => 0)).toBe("b");
    expect(pickWeighted(["a", "b"], [Number.POSITIVE_INFINITY, 2], () => 0)).toBe("b");
    expect(pickWeighted(["a", "b"], [0, 0], () => 0.75)).toBe("b");
    expect(pickWeighted([], [], () => 0.5)).toBeUndefined();
  });
});
