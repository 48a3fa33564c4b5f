import { describe, expect, it } from "vitest";
import { createPromptCache } from "./prompt-cache.js";
import type { PromptSegment } from "./prompt-types.js";

const system = "s".repeat(400); // 100 tokens
const tools = "t".repeat(200); // 50 tokens

describe("createPromptCache", () => {
  it("writes a prefix on first sight, reads it afterwards, and expires it after its TTL", () => {
    let now = 0;
    const cache = createPromptCache(() => now);
    const segments: PromptSegment[] = [{ text: system, cachePoint: "5m" }, { text: "question one" }];
    expect(cache.measure("m", segments)).toEqual({
      inputTokens: 3,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 100,
      cacheDetails: [{ ttl: "5m", inputTokens: 100 }],
      totalInputTokens: 103,
      cacheRequested: true,
    });
    now += 60_000;
    const second = cache.measure("m", [{ text: system, cachePoint: "5m" }, { text: "another question" }]);
    expect([second.inputTokens, second.cacheReadInputTokens, second.cacheWriteInputTokens]).toEqual([4, 100, 0]);
    expect(second.cacheDetails).toEqual([]);
    now += 6 * 60_000; // the read above refreshed the entry at t=1min; 5 minutes later it is gone
    expect(cache.measure("m", segments).cacheWriteInputTokens).toBe(100);
  });

  it("reads the longest cached prefix and writes the rest per TTL, 1h listed first", () => {
    const cache = createPromptCache(() => 0);
    cache.measure("m", [{ text: tools, cachePoint: "1h" }, { text: "x" }]);
    const usage = cache.measure("m", [{ text: tools, cachePoint: "1h" }, { text: system, cachePoint: "5m" }, { text: "hi" }]);
    expect(usage.cacheReadInputTokens).toBe(50);
    expect(usage.cacheWriteInputTokens).toBe(100);
    expect(usage.cacheDetails).toEqual([{ ttl: "5m", inputTokens: 100 }]);
    const fresh = createPromptCache(() => 0).measure("m", [{ text: tools, cachePoint: "1h" }, { text: system, cachePoint: "5m" }]);
    expect(fresh.cacheDetails).toEqual([
      { ttl: "1h", inputTokens: 50 },
      { ttl: "5m", inputTokens: 100 },
    ]);
  });

  it("keeps models apart and reports no cache fields without cache points", () => {
    const cache = createPromptCache(() => 0);
    cache.measure("a", [{ text: system, cachePoint: "5m" }]);
    expect(cache.measure("b", [{ text: system, cachePoint: "5m" }]).cacheReadInputTokens).toBe(0);
    const plain = cache.measure("a", [{ text: system }]);
    expect(plain).toMatchObject({ inputTokens: 100, cacheRequested: false, cacheReadInputTokens: 0 });
  });
});
