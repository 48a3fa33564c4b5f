import { describe, expect, it } from "vitest";
import { BUS_GAP } from "../counters/shared-state.js";
import type { VirtualKey } from "../keys/virtual-key.js";
import { createKeyCache } from "./key-cache.js";

const record = (keyHash: string, blocked = false) => ({ keyHash, blocked }) as unknown as VirtualKey;

function createCountingStore(initial: Record<string, VirtualKey>) {
  const data = { ...initial };
  let reads = 0;
  return {
    data,
    reads: () => reads,
    getKey: async (hash: string) => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return data[hash];
    },
  };
}

describe("createKeyCache", () => {
  it("serves repeated lookups from memory, with one store read for concurrent misses", async () => {
    const store = createCountingStore({ a: record("a") });
    const cache = createKeyCache({ store, clock: () => 0 });
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get("a")));
    expect(results.every((r) => r?.keyHash === "a")).toBe(true);
    await cache.get("a");
    expect(store.reads()).toBe(1);
  });

  it("invalidate makes the next lookup read the store (a revoke takes effect at once)", async () => {
    const store = createCountingStore({ a: record("a") });
    const cache = createKeyCache({ store, clock: () => 0 });
    await cache.get("a");
    store.data.a = record("a", true);
    cache.invalidate("a");
    expect((await cache.get("a"))?.blocked).toBe(true);
  });

  it("an invalidation during a load is not overwritten by the stale record", async () => {
    const store = createCountingStore({ a: record("a") });
    const cache = createKeyCache({ store, clock: () => 0 });
    const loading = cache.get("a");
    store.data.a = record("a", true);
    cache.invalidate("a");
    await loading;
    expect((await cache.get("a"))?.blocked).toBe(true);
  });

  it("BUS_GAP (invalidations may have been lost) drops every record, and a load in flight is not kept", async () => {
    const store = createCountingStore({ a: record("a"), b: record("b") });
    const cache = createKeyCache({ store, clock: () => 0 });
    await Promise.all([cache.get("a"), cache.get("b"), cache.get("gone")]);
    const loading = cache.get("c");
    store.data.a = record("a", true);
    store.data.b = record("b", true);
    store.data.c = record("c", true);
    cache.invalidate(BUS_GAP);
    await loading;
    expect(store.reads()).toBe(4);
    expect((await cache.get("a"))?.blocked).toBe(true);
    expect((await cache.get("b"))?.blocked).toBe(true);
    expect((await cache.get("c"))?.blocked).toBe(true);
    expect(store.reads()).toBe(7);
    await cache.get("a");
    expect(store.reads()).toBe(7);
  });

  it("entries expire after the TTL and misses are cached too", async () => {
    let now = 0;
    const store = createCountingStore({});
    const cache = createKeyCache({ store, clock: () => now, ttlMs: 1000 });
    expect(await cache.get("nope")).toBeUndefined();
    expect(await cache.get("nope")).toBeUndefined();
    expect(store.reads()).toBe(1);
    now = 1001;
    await cache.get("nope");
    expect(store.reads()).toBe(2);
  });
});
