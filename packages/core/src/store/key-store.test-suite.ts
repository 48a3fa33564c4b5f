import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeFullVirtualKey, makeVirtualKey } from "../keys/fixtures/virtual-keys.js";
import { isKeyConflictError } from "../keys/key-conflict-error.js";
import type { VirtualKey } from "../keys/virtual-key.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import type { GatewayStore } from "./gateway-store.js";

/** A fresh, empty (unmigrated) database for one test, its store's clock fixed at `KEY_SUITE_NOW`. */
export interface KeyStoreContext {
  store: GatewayStore;
  cleanup(): Promise<void>;
}

/** What the store's clock says during the suite. */
export const KEY_SUITE_NOW = Date.parse("2026-12-01T08:00:00.000Z");

const conflictField = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return isKeyConflictError(error) ? error.field : error;
};

/** The shared contract every `KeyStore` implementation passes. */
export function describeKeyStore(name: string, createContext: () => Promise<KeyStoreContext>, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(name, () => {
    let context: KeyStoreContext;
    let store: GatewayStore;

    beforeEach(async () => {
      context = await createContext();
      store = context.store;
      await store.migrate();
    });
    afterEach(async () => {
      await context.cleanup();
    });

    const create = async (...keys: VirtualKey[]) => {
      for (const key of keys) await store.createKey(key);
    };

    it("round-trips every field, leaves absent fields absent, and finds keys by hash and alias", async () => {
      const full = makeFullVirtualKey("full");
      const minimal = makeVirtualKey("minimal");
      await create(full, minimal);
      expect(await store.getKey(full.keyHash)).toEqual(full);
      expect(await store.getKeyByAlias("alias-full")).toEqual(full);
      const read = await store.getKey(minimal.keyHash);
      expect(read).toEqual(minimal);
      for (const field of ["keyAlias", "maxBudget", "budgetDuration", "budgetStartedAt", "rpmLimit", "expiresAt", "userId", "teamId"]) {
        expect(read).not.toHaveProperty(field);
      }
      expect(await store.getKey("0".repeat(64))).toBeUndefined();
      expect(await store.getKeyByAlias("nobody")).toBeUndefined();
    });

    it("refuses a taken alias or hash with a KeyConflictError naming which, and allows many keys without alias", async () => {
      await create(makeVirtualKey("a", { keyAlias: "shared" }), makeVirtualKey("b"), makeVirtualKey("c"));
      expect(await conflictField(store.createKey(makeVirtualKey("d", { keyAlias: "shared" })))).toBe("keyAlias");
      expect(await conflictField(store.createKey(makeVirtualKey("b", { keyAlias: "fresh" })))).toBe("keyHash");
      expect(await conflictField(store.createKey(makeVirtualKey("b")))).toBe("keyHash");
      expect(await store.getKeyByAlias("fresh")).toBeUndefined();
      expect(await store.getKey(makeVirtualKey("d").keyHash)).toBeUndefined();
      expect((await store.listKeys({})).total).toBe(3);
    });

    it("lists newest first with filters, pages and the total count", async () => {
      const at = (minute: number) => new Date(Date.parse("2026-11-01T00:00:00Z") + minute * 60_000);
      await create(
        ...Array.from({ length: 7 }, (_, i) =>
          makeVirtualKey(`k${i}`, { createdAt: at(i), userId: i % 2 ? "odd" : "even", ...(i < 3 ? { teamId: "t" } : {}), keyAlias: `a${i}` }),
        ),
      );
      const aliases = (keys: VirtualKey[]) => keys.map((key) => key.keyAlias);
      const all = await store.listKeys({});
      expect(aliases(all.keys)).toEqual(["a6", "a5", "a4", "a3", "a2", "a1", "a0"]);
      expect(all.total).toBe(7);
      expect(await store.listKeys({ userId: "odd" }).then((r) => [aliases(r.keys), r.total])).toEqual([["a5", "a3", "a1"], 3]);
      expect(await store.listKeys({ teamId: "t", userId: "even" }).then((r) => [aliases(r.keys), r.total])).toEqual([["a2", "a0"], 2]);
      expect(await store.listKeys({ keyAlias: "a4" }).then((r) => [aliases(r.keys), r.total])).toEqual([["a4"], 1]);
      expect(await store.listKeys({ userId: "nobody" })).toEqual({ keys: [], total: 0 });
      const pages = await Promise.all([1, 2, 3, 4].map((page) => store.listKeys({ page, size: 3 })));
      expect(pages.map((p) => aliases(p.keys))).toEqual([["a6", "a5", "a4"], ["a3", "a2", "a1"], ["a0"], []]);
      expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
      expect(aliases((await store.listKeys({ page: 2, size: 2, userId: "even" })).keys)).toEqual(["a2", "a0"]);
    });

    it("pages 100 keys by default and at most 1000", async () => {
      const keys = Array.from({ length: 1001 }, (_, i) => makeVirtualKey(`bulk-${i}`, { createdAt: new Date(Date.UTC(2026, 0, 1) + i) }));
      await Promise.all(keys.map((key) => store.createKey(key)));
      const byDefault = await store.listKeys({});
      expect(byDefault.keys).toHaveLength(100);
      expect(byDefault.total).toBe(1001);
      expect(byDefault.keys[0]?.keyHash).toBe(keys[1000]?.keyHash);
      expect((await store.listKeys({ size: 5000 })).keys).toHaveLength(1000);
      expect((await store.listKeys({ size: 5000, page: 2 })).keys).toHaveLength(1);
    });

    it("updates only the fields given: undefined leaves a field, null clears it", async () => {
      const full = makeFullVirtualKey("upd");
      await create(full);
      const updated = await store.updateKey(full.keyHash, {
        maxBudget: 99,
        keyAlias: null,
        models: null,
        metadata: null,
        blocked: null,
        expiresAt: null,
        budgetDuration: "1mo",
        tags: ["new"],
      });
      const expected: VirtualKey = { ...full, maxBudget: 99, models: [], metadata: {}, blocked: false, budgetDuration: "1mo", tags: ["new"], updatedAt: new Date(KEY_SUITE_NOW) };
      delete expected.keyAlias;
      delete expected.expiresAt;
      expect(updated).toEqual(expected);
      expect(await store.getKey(full.keyHash)).toEqual(expected);
      expect(await store.getKeyByAlias("alias-upd")).toBeUndefined();
      const stamped = new Date("2026-12-24T00:00:00Z");
      expect(await store.updateKey(full.keyHash, { blocked: true, updatedAt: stamped })).toEqual({ ...expected, blocked: true, updatedAt: stamped });
      expect(await store.updateKey(full.keyHash, {})).toEqual({ ...expected, blocked: true });
      expect(await store.updateKey("0".repeat(64), { maxBudget: 1 })).toBeUndefined();
    });

    it("refuses an update to a taken alias, and frees an alias once cleared", async () => {
      const [a, b] = [makeVirtualKey("a", { keyAlias: "first" }), makeVirtualKey("b", { keyAlias: "second" })];
      await create(a, b);
      expect(await conflictField(store.updateKey(b.keyHash, { keyAlias: "first", maxBudget: 5 }))).toBe("keyAlias");
      expect(await store.getKey(b.keyHash)).toEqual(b);
      await store.updateKey(a.keyHash, { keyAlias: null });
      expect((await store.updateKey(b.keyHash, { keyAlias: "first" }))?.keyAlias).toBe("first");
      // setting a key's own alias again is no conflict
      expect((await store.updateKey(b.keyHash, { keyAlias: "first" }))?.keyAlias).toBe("first");
    });

    it("rehashes a key, keeping everything but hash, preview and update time", async () => {
      const full = makeFullVirtualKey("old");
      const other = makeVirtualKey("other");
      await create(full, other);
      const newHash = makeVirtualKey("new").keyHash;
      const moved = await store.rehashKey(full.keyHash, newHash, "sk-...WXYZ");
      const expected = { ...full, keyHash: newHash, keyPreview: "sk-...WXYZ", updatedAt: new Date(KEY_SUITE_NOW) };
      expect(moved).toEqual(expected);
      expect(await store.getKey(newHash)).toEqual(expected);
      expect(await store.getKey(full.keyHash)).toBeUndefined();
      expect(await store.getKeyByAlias("alias-old")).toEqual(expected);
      expect(await store.rehashKey(full.keyHash, makeVirtualKey("again").keyHash, "sk-...gain")).toBeUndefined();
      expect(await conflictField(store.rehashKey(newHash, other.keyHash, "sk-...ther"))).toBe("keyHash");
      expect(await store.getKey(newHash)).toEqual(expected);
    });

    it("deletes the keys given, counting those that existed", async () => {
      const [a, b, c] = [makeVirtualKey("a", { keyAlias: "a" }), makeVirtualKey("b"), makeVirtualKey("c")];
      await create(a, b, c);
      expect(await store.deleteKeys([a.keyHash, a.keyHash, b.keyHash, "0".repeat(64)])).toBe(2);
      expect(await store.getKey(a.keyHash)).toBeUndefined();
      expect(await store.getKeyByAlias("a")).toBeUndefined();
      expect(await store.getKey(c.keyHash)).toEqual(c);
      expect(await store.deleteKeys([])).toBe(0);
      await create(makeVirtualKey("a2", { keyAlias: "a" }));
    });

    it("sums a key's spend since a time (inclusive), counting its hashes before a regeneration", async () => {
      const key = makeVirtualKey("spender");
      await create(key);
      const t = (minute: number) => new Date(Date.parse("2026-11-21T10:00:00Z") + minute * 60_000);
      await store.insertSpend([
        makeSpendRecord({ requestId: "r1", keyHash: key.keyHash, cost: 0.25, startTime: t(0) }),
        makeSpendRecord({ requestId: "r2", keyHash: key.keyHash, cost: 0.5, startTime: t(10) }),
        makeSpendRecord({ requestId: "r3", keyHash: key.keyHash, cost: null, unpriced: true, startTime: t(20) }),
        makeSpendRecord({ requestId: "r4", keyHash: "someone-else", cost: 7, startTime: t(5) }),
        makeSpendRecord({ requestId: "r5", cost: 9, startTime: t(5) }),
      ]);
      expect(await store.sumSpend(key.keyHash)).toBeCloseTo(0.75, 9);
      expect(await store.sumSpend(key.keyHash, t(10))).toBeCloseTo(0.5, 9);
      expect(await store.sumSpend(key.keyHash, t(11))).toBe(0);
      expect(await store.sumSpend("someone-else")).toBe(7);
      expect(await store.sumSpend("0".repeat(64))).toBe(0);

      const second = makeVirtualKey("spender-2").keyHash;
      const third = makeVirtualKey("spender-3").keyHash;
      await store.rehashKey(key.keyHash, second, "sk-...er-2");
      await store.insertSpend([makeSpendRecord({ requestId: "r6", keyHash: second, cost: 1, startTime: t(30) })]);
      await store.rehashKey(second, third, "sk-...er-3");
      // a request that was in flight during the regeneration is written with the old hash
      await store.insertSpend([makeSpendRecord({ requestId: "r7", keyHash: key.keyHash, cost: 2, startTime: t(40) })]);
      expect(await store.sumSpend(third)).toBeCloseTo(3.75, 9);
      expect(await store.sumSpend(third, t(10))).toBeCloseTo(3.5, 9);
      await store.deleteKeys([third]);
      expect(await store.sumSpend(third)).toBe(0);
    });
  });
}
