import { describe, expect, it } from "vitest";
import { rememberBounded } from "./remember-bounded.js";

describe("rememberBounded", () => {
  it("keeps up to max entries, then starts over with the new one", () => {
    const memo = new Map<string, number>();
    rememberBounded(memo, "a", 1, 2);
    rememberBounded(memo, "b", 2, 2);
    expect([...memo]).toEqual([["a", 1], ["b", 2]]);
    rememberBounded(memo, "c", 3, 2);
    expect([...memo]).toEqual([["c", 3]]);
  });
});
