import { describe, expect, it } from "vitest";
import { createRedisState } from "./create-redis-state.js";
import { countTestKeys, createTestPrefix, deleteTestKeys } from "./fixtures/redis-test-keys.js";
import { describeSharedState } from "./shared-state.test-suite.js";
import { isStateUnavailableError } from "./state-unavailable-error.js";

const REDIS_URL = process.env.REDIS_URL;
const skip = !REDIS_URL;
const url = REDIS_URL ?? "";

describeSharedState(
  skip ? "Redis shared state (REDIS_URL not set)" : "Redis shared state",
  async (clock) => {
    const prefix = createTestPrefix();
    const state = createRedisState({ url, prefix, clock });
    return {
      state,
      openPeer: () => createRedisState({ url, prefix, clock }),
      cleanup: async () => {
        await state.close();
        await deleteTestKeys(url, prefix);
      },
    };
  },
  { skip, peers: true },
);

describe.skipIf(skip)(skip ? "createRedisState (REDIS_URL not set)" : "createRedisState", () => {
  it("two instances (two connections) on the server clock share one limit exactly", async () => {
    const prefix = createTestPrefix();
    const [a, b] = [createRedisState({ url, prefix }), createRedisState({ url, prefix })];
    try {
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).consume("rpm:key", 1, 100, 60_000, "fits")));
      expect(results.filter((result) => result.allowed)).toHaveLength(100);
      expect(await a.peek("rpm:key", 60_000)).toBe(100);
      const refused = results.find((result) => !result.allowed);
      expect(refused?.retryAfterMs).toBeGreaterThan(0);
      expect(refused?.retryAfterMs).toBeLessThanOrEqual(120_000);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await deleteTestKeys(url, prefix);
    }
  });

  it("sets TTLs on everything it writes, so abandoned keys leave Redis by themselves", async () => {
    const prefix = createTestPrefix();
    const state = createRedisState({ url, prefix });
    try {
      await state.consume("w", 1, 10, 50, "fits");
      await state.reserveBudget("b", 1, 10, Date.now() + 50, async () => 0);
      await state.acquire("s", "id", 1, 50);
      await state.setValue("v", "x", 50);
      expect(await countTestKeys(url, prefix)).toBe(4);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await countTestKeys(url, prefix)).toBe(0);
    } finally {
      await state.close();
      await deleteTestKeys(url, prefix);
    }
  });
});

describe("createRedisState without a server", () => {
  it("fails fast with StateUnavailableError when Redis cannot be reached, and reports degraded health", async () => {
    const state = createRedisState({ url: "redis://127.0.0.1:1", connectTimeoutMs: 200, maxReconnectDelayMs: 50 });
    try {
      const started = Date.now();
      const error = await state.consume("k", 1, 1, 1000, "fits").catch((caught: unknown) => caught);
      expect(isStateUnavailableError(error)).toBe(true);
      const again = Date.now();
      await expect(state.peek("k", 1000)).rejects.toThrow(/redis connection/);
      expect(Date.now() - again).toBeLessThan(50);
      expect(again - started).toBeLessThan(1_000);
      expect(await state.health()).toMatchObject({ backend: "redis", status: "degraded" });
    } finally {
      await state.close();
    }
  });
});
