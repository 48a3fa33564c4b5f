import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isGatewayError } from "../errors/gateway-error.js";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendStore } from "./spend-store.js";

/** A fresh, empty (unmigrated) database for one test. */
export interface SpendStoreContext {
  store: SpendStore;
  /** another store over the same database, as a second gateway instance would open it */
  openPeer(): SpendStore;
  cleanup(): Promise<void>;
}

const T0 = Date.parse("2026-11-21T10:00:00.000Z");
const at = (offsetMs: number) => new Date(T0 + offsetMs);

/** The shared contract every `SpendStore` implementation passes. */
export function describeSpendStore(name: string, createContext: () => Promise<SpendStoreContext>, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(name, () => {
    let context: SpendStoreContext;
    let store: SpendStore;

    beforeEach(async () => {
      context = await createContext();
      store = context.store;
    });
    afterEach(async () => {
      await context.cleanup();
    });

    const ids = (rows: readonly SpendRecord[]) => rows.map((row) => row.requestId);

    it("migrates idempotently: a second migrate keeps the schema and the rows", async () => {
      await store.migrate();
      await store.insertSpend([makeSpendRecord({ requestId: "r1" })]);
      await store.migrate();
      await store.migrate();
      expect(ids((await store.querySpend({})).rows)).toEqual(["r1"]);
    });

    it("migrates a fresh database once when several instances start together", async () => {
      const peers = [context.openPeer(), context.openPeer(), context.openPeer()];
      try {
        await Promise.all([store, ...peers].map((instance) => instance.migrate()));
        await peers[0]?.insertSpend([makeSpendRecord({ requestId: "from-peer" })]);
        expect(ids((await store.querySpend({})).rows)).toEqual(["from-peer"]);
      } finally {
        await Promise.all(peers.map((peer) => peer.close()));
      }
    });

    describe("once migrated", () => {
      beforeEach(async () => {
        await store.migrate();
      });

      it("answers ping, and empty queries with empty results", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        expect(await store.querySpend({})).toEqual({ rows: [] });
        expect(await store.querySpend({ keyHash: "nobody" })).toEqual({ rows: [] });
        expect(await store.dailyReport({ groupBy: "key" })).toEqual([]);
        await store.insertSpend([]);
      });

      it("round-trips every field, and leaves absent optional fields absent", async () => {
        const full = makeFullSpendRecord("full");
        const minimal = makeSpendRecord({ requestId: "minimal", cost: null, unpriced: true, startTime: at(-1) });
        await store.insertSpend([full, minimal]);
        const [fullRow] = (await store.querySpend({ requestId: "full" })).rows;
        expect(fullRow).toEqual(full);
        const [minimalRow] = (await store.querySpend({ requestId: "minimal" })).rows;
        expect(minimalRow).toEqual(minimal);
        for (const field of ["keyHash", "modelId", "guardrailUnits", "timeToFirstByteMs", "errorType", "unpricedReason"]) {
          expect(minimalRow).not.toHaveProperty(field);
        }
      });

      it("ignores rows whose request id exists, within a batch and across batches", async () => {
        await store.insertSpend([makeSpendRecord({ requestId: "dup", cost: 1 })]);
        await store.insertSpend([
          makeSpendRecord({ requestId: "dup", cost: 2 }),
          makeSpendRecord({ requestId: "new", cost: 3, startTime: at(1) }),
          makeSpendRecord({ requestId: "new", cost: 4, startTime: at(1) }),
        ]);
        const rows = (await store.querySpend({})).rows;
        expect(rows.map((row) => [row.requestId, row.cost])).toEqual([
          ["new", 3],
          ["dup", 1],
        ]);
      });

      it("filters by key, user, end user, model group or id, request id and [start, end)", async () => {
        await store.insertSpend([
          makeSpendRecord({ requestId: "a", keyHash: "k1", userId: "u1", endUser: "e1", modelGroup: "claude", modelId: "m-claude", startTime: at(0) }),
          makeSpendRecord({ requestId: "b", keyHash: "k1", userId: "u2", endUser: "e2", modelId: "m-claude", startTime: at(1000) }),
          makeSpendRecord({ requestId: "c", keyHash: "k2", userId: "u1", modelGroup: "titan", modelId: "m-titan", startTime: at(2000) }),
          makeSpendRecord({ requestId: "d", startTime: at(3000) }),
        ]);
        const query = async (filter: Parameters<SpendStore["querySpend"]>[0]) => ids((await store.querySpend(filter)).rows);
        expect(await query({})).toEqual(["d", "c", "b", "a"]);
        expect(await query({ keyHash: "k1" })).toEqual(["b", "a"]);
        expect(await query({ userId: "u1" })).toEqual(["c", "a"]);
        expect(await query({ endUser: "e2" })).toEqual(["b"]);
        expect(await query({ model: "claude" })).toEqual(["a"]);
        expect(await query({ model: "m-claude" })).toEqual(["b", "a"]);
        expect(await query({ model: "titan" })).toEqual(["c"]);
        expect(await query({ requestId: "c" })).toEqual(["c"]);
        expect(await query({ startTime: at(1000) })).toEqual(["d", "c", "b"]);
        expect(await query({ endTime: at(2000) })).toEqual(["b", "a"]);
        expect(await query({ startTime: at(1000), endTime: at(3000) })).toEqual(["c", "b"]);
        expect(await query({ keyHash: "k1", userId: "u1", startTime: at(0), endTime: at(1) })).toEqual(["a"]);
        expect(await query({ keyHash: "k1", model: "titan" })).toEqual([]);
      });

      it("pages newest first by keyset, with no duplicates or gaps across equal start times", async () => {
        const records = Array.from({ length: 25 }, (_, i) => makeSpendRecord({ requestId: `p${String(i).padStart(2, "0")}`, startTime: at(Math.floor(i / 4) * 1000) }));
        await store.insertSpend(records);
        const expected = [...records]
          .sort((x, y) => y.startTime.getTime() - x.startTime.getTime() || (x.requestId < y.requestId ? 1 : -1))
          .map((record) => record.requestId);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.querySpend({ limit: 7, ...(cursor ? { cursor } : {}) });
          expect(page.rows.length).toBeLessThanOrEqual(7);
          seen.push(...ids(page.rows));
          cursor = page.nextCursor;
          pages += 1;
          // a row arriving mid-way (newer than every page) must not shift later pages
          if (pages === 1) await store.insertSpend([makeSpendRecord({ requestId: "late", startTime: at(99_000) })]);
        } while (cursor);
        expect(pages).toBe(4);
        expect(seen).toEqual(expected);
      });

      it("pages with filters, and a full last page has no next cursor", async () => {
        await store.insertSpend(Array.from({ length: 6 }, (_, i) => makeSpendRecord({ requestId: `f${i}`, keyHash: i % 2 ? "odd" : "even", startTime: at(i) })));
        const first = await store.querySpend({ keyHash: "odd", limit: 2 });
        expect(ids(first.rows)).toEqual(["f5", "f3"]);
        const second = await store.querySpend({ keyHash: "odd", limit: 2, cursor: first.nextCursor ?? "" });
        expect(second).toEqual({ rows: [expect.objectContaining({ requestId: "f1" })] });
        const exact = await store.querySpend({ keyHash: "even", limit: 3 });
        expect(ids(exact.rows)).toEqual(["f4", "f2", "f0"]);
        expect(exact.nextCursor).toBeUndefined();
      });

      it("inserts batches past the parameter limit, and caps pages at 100 by default and 1000 at most", async () => {
        await store.insertSpend(Array.from({ length: 2500 }, (_, i) => makeSpendRecord({ requestId: `bulk-${i}`, startTime: at(i) })));
        const byDefault = await store.querySpend({});
        expect(byDefault.rows).toHaveLength(100);
        expect(byDefault.rows[0]?.requestId).toBe("bulk-2499");
        const sizes: number[] = [];
        let cursor: string | undefined;
        do {
          const page: Awaited<ReturnType<SpendStore["querySpend"]>> = await store.querySpend({ limit: 5000, ...(cursor ? { cursor } : {}) });
          sizes.push(page.rows.length);
          cursor = page.nextCursor;
        } while (cursor);
        expect(sizes).toEqual([1000, 1000, 500]);
      });

      it("rejects a cursor it did not issue as a bad request", async () => {
        const error = await store.querySpend({ cursor: "not-a-cursor" }).catch((caught: unknown) => caught);
        expect(isGatewayError(error) && error.code).toBe("bad-request");
      });

      it("reports daily totals per UTC day and group", async () => {
        const lastMsOfDay1 = new Date("2026-11-20T23:59:59.999Z");
        const firstMsOfDay2 = new Date("2026-11-21T00:00:00.000Z");
        const usage = { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 5, cacheWriteInputTokens: 1 };
        await store.insertSpend([
          makeSpendRecord({ requestId: "d1a", startTime: lastMsOfDay1, keyHash: "k1", modelGroup: "claude", modelId: "m1", endUser: "e1", cost: 0.5, ...usage }),
          makeSpendRecord({ requestId: "d1b", startTime: new Date("2026-11-20T08:00:00Z"), keyHash: "k1", modelId: "m2", cost: 0.25, ...usage }),
          makeSpendRecord({ requestId: "d1c", startTime: new Date("2026-11-20T09:00:00Z"), keyHash: "k2", modelGroup: "claude", cost: null, unpriced: true, ...usage }),
          makeSpendRecord({ requestId: "d2a", startTime: firstMsOfDay2, keyHash: "k1", modelGroup: "claude", endUser: "e1", cost: 1, ...usage }),
          makeSpendRecord({ requestId: "d2b", startTime: new Date("2026-11-21T12:00:00Z"), cost: null, unpriced: true, ...usage }),
        ]);
        const totals = (requests: number, cost: number, unpricedRequests: number) => ({
          requests,
          cost: expect.closeTo(cost, 9) as number,
          unpricedRequests,
          inputTokens: 100 * requests,
          outputTokens: 10 * requests,
          cacheReadInputTokens: 5 * requests,
          cacheWriteInputTokens: requests,
        });
        expect(await store.dailyReport({ groupBy: "key" })).toEqual([
          { day: "2026-11-20", group: "k1", ...totals(2, 0.75, 0) },
          { day: "2026-11-20", group: "k2", ...totals(1, 0, 1) },
          { day: "2026-11-21", group: "", ...totals(1, 0, 1) },
          { day: "2026-11-21", group: "k1", ...totals(1, 1, 0) },
        ]);
        expect(await store.dailyReport({ groupBy: "model" })).toEqual([
          { day: "2026-11-20", group: "claude", ...totals(2, 0.5, 1) },
          { day: "2026-11-20", group: "m2", ...totals(1, 0.25, 0) },
          { day: "2026-11-21", group: "", ...totals(1, 0, 1) },
          { day: "2026-11-21", group: "claude", ...totals(1, 1, 0) },
        ]);
        expect(await store.dailyReport({ groupBy: "end_user" })).toEqual([
          { day: "2026-11-20", group: "", ...totals(2, 0.25, 1) },
          { day: "2026-11-20", group: "e1", ...totals(1, 0.5, 0) },
          { day: "2026-11-21", group: "", ...totals(1, 0, 1) },
          { day: "2026-11-21", group: "e1", ...totals(1, 1, 0) },
        ]);
        expect(await store.dailyReport({ groupBy: "key", startTime: lastMsOfDay1, endTime: new Date("2026-11-21T12:00:00Z") })).toEqual([
          { day: "2026-11-20", group: "k1", ...totals(1, 0.5, 0) },
          { day: "2026-11-21", group: "k1", ...totals(1, 1, 0) },
        ]);
      });
    });
  });
}

