import { describe, expect, it } from "vitest";
import { createSharedState } from "./create-shared-state.js";
import { createTestPrefix, deleteTestKeys } from "./fixtures/redis-test-keys.js";

const REDIS_URL = process.env.REDIS_URL;

describe("createSharedState", () => {
  it("uses memory for a single process without Redis", async () => {
    const state = createSharedState();
    expect(await state.health()).toEqual({ backend: "memory", status: "ok" });
    await state.close();
  });

  it("serves the cluster's workers from the primary without Redis", async () => {
    const state = createSharedState({ cluster: "primary" });
    expect(await state.health()).toEqual({ backend: "memory", status: "ok" });
    await state.close();
  });

  it("falls back to local counters when the Redis at redisUrl cannot be reached", async () => {
    const warnings: string[] = [];
    const logger = { warn: (_obj: object, msg: string) => warnings.push(msg), info: () => undefined };
    const state = createSharedState({ redisUrl: "redis://127.0.0.1:1", logger });
    expect(await state.consume("k", 1, 1, 60_000, "fits")).toMatchObject({ allowed: true });
    expect(await state.health()).toMatchObject({ backend: "memory", status: "degraded" });
    expect(warnings).toHaveLength(1);
    await state.close();
  });

  it.skipIf(!REDIS_URL)(REDIS_URL ? "uses Redis when redisUrl is set" : "uses Redis when redisUrl is set (REDIS_URL not set)", async () => {
    const redisPrefix = createTestPrefix();
    const state = createSharedState({ redisUrl: REDIS_URL, redisPrefix, cluster: "worker" });
    try {
      expect(await state.health()).toEqual({ backend: "redis", status: "ok" });
      await state.record("k", 1, 60_000);
    } finally {
      await state.close();
      await deleteTestKeys(REDIS_URL ?? "", redisPrefix);
    }
  });
});
