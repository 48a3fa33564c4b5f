import { describe, expect, it } from "vitest";
import { createMemoryState } from "../counters/create-memory-state.js";
import type { VirtualKey } from "../keys/virtual-key.js";
import { createKeyLimiter } from "./create-key-limiter.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 10);
const createKey = (limits: Partial<VirtualKey>): VirtualKey => ({
  keyHash: "h",
  keyPreview: "sk-...abcd",
  keyAlias: "k",
  models: [],
  agentResources: [],
  metadata: {},
  tags: [],
  blocked: false,
  createdAt: new Date(NOW - 1000),
  updatedAt: new Date(NOW - 1000),
  ...limits,
});

function setUp() {
  const state = createMemoryState({ clock: () => NOW, sweepIntervalMs: 0 });
  const limiter = createKeyLimiter({ state, store: { sumSpend: async () => 0 }, clock: () => NOW });
  return { state, limiter };
}

describe("createKeyLimiter", () => {
  it("a call refused for its budget gives back the rpm unit and the parallel slot it took", async () => {
    const { state, limiter } = setUp();
    const key = createKey({ rpmLimit: 2, maxParallelRequests: 1, maxBudget: 1 });
    const first = await limiter.admit("h", key, "r1", 1);
    first.settle({ cost: 1, tokens: 10 });
    await new Promise((resolve) => setImmediate(resolve));
    for (const id of ["r2", "r3", "r4"]) {
      await expect(limiter.admit("h", key, id, 1)).rejects.toMatchObject({ code: "budget-exceeded" });
    }
    expect(await state.peek("key:h:rpm", 60_000)).toBe(1);
    expect(await state.countSlots("key:h:parallel")).toBe(0);
    await limiter.admit("h", { ...key, maxBudget: 10 }, "r5", 1);
    await expect(limiter.admit("h", { ...key, maxBudget: 10, maxParallelRequests: 5 }, "r6", 1)).rejects.toMatchObject({ code: "rate-limited" });
  });

  it("a call refused for its tpm_limit gives back its rpm unit too", async () => {
    const { state, limiter } = setUp();
    const key = createKey({ rpmLimit: 5, tpmLimit: 10 });
    (await limiter.admit("h", key, "r1", 0)).settle({ cost: 0, tokens: 12 });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(limiter.admit("h", key, "r2", 0)).rejects.toMatchObject({ code: "rate-limited", message: expect.stringMatching(/tpm_limit of 10/) });
    expect(await state.peek("key:h:rpm", 60_000)).toBe(1);
    expect(await state.peek("key:h:tpm", 60_000)).toBe(12);
  });

  // 10 s into a minute: the unit taken now weighs until the end of the next sub-window, 110 s away
  it("a call refused for its rpm_limit takes nothing, and an admitted one keeps its unit", async () => {
    const { state, limiter } = setUp();
    const key = createKey({ rpmLimit: 1 });
    await limiter.admit("h", key, "r1", 0);
    await expect(limiter.admit("h", key, "r2", 0)).rejects.toMatchObject({ code: "rate-limited", retryAfterSeconds: 110 });
    expect(await state.peek("key:h:rpm", 60_000)).toBe(1);
  });
});
