import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteSpendInserter, SPEND_COLUMNS, spendInsertSql } from "./create-sqlite-spend-inserter.js";
import { encodeSpendRow, SPEND_COLUMN_COUNT } from "./encode-spend-row.js";
import { countSpendRows, createSpendFiles, makeSpendRecords } from "./fixtures/spend-files.js";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import type { SpendRecord } from "./spend-record.js";

const files = createSpendFiles("bgw-inserter-");
afterEach(() => files.removeAll());

describe("createSqliteSpendInserter", () => {
  it("binds every column of the row, in the statement's order", () => {
    const row = encodeSpendRow(makeFullSpendRecord("r"));
    expect([...SPEND_COLUMNS].sort()).toEqual(Object.keys(row).sort());
    expect(SPEND_COLUMNS).toHaveLength(SPEND_COLUMN_COUNT);
    expect(spendInsertSql(2)).toMatch(/^insert into "spend_logs" \("request_id", "start_time", .*"attempts"\) values \(\?(, \?){33}\), \(\?(, \?){33}\) on conflict \("request_id"\) do nothing$/);
  });

  it("writes batches of any size exactly once, every field intact, and skips ids already stored", async () => {
    const { path, store } = await files.open();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 1000 });
    const sizes = [0, 1, 7, 8, 9, 64, 65, 73, 200, 1000];
    for (const size of sizes) inserter.insert(makeSpendRecords(`b${size}`, size));
    inserter.insert([makeFullSpendRecord("full")]);
    inserter.insert([...makeSpendRecords("b200", 200), makeSpendRecord({ requestId: "new" })]);
    expect(countSpendRows(path)).toBe(sizes.reduce((sum, size) => sum + size, 0) + 2);
    expect((await store.querySpend({ requestId: "full" })).rows).toEqual([makeFullSpendRecord("full")]);
    expect((await store.querySpend({ requestId: "b73-72" })).rows).toEqual([makeSpendRecord({ requestId: "b73-72" })]);
    inserter.close();
    await store.close();
  });

  it("writes all of a batch or none of it, and the next batch goes through", async () => {
    const { path, store } = await files.open();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 1000 });
    const batch = makeSpendRecords("all", 70);
    // NOT NULL column: the 67th row fails after the first 64 were inserted
    batch[66] = { ...batch[66]!, routeKind: null as unknown as SpendRecord["routeKind"] };
    expect(() => inserter.insert(batch)).toThrow(/NOT NULL/);
    expect(countSpendRows(path)).toBe(0);
    inserter.insert(makeSpendRecords("next", 70));
    expect(countSpendRows(path)).toBe(70);
    // a batch of one statement (no transaction of its own)
    const single = makeSpendRecords("single", 8);
    single[7] = { ...single[7]!, routeKind: null as unknown as SpendRecord["routeKind"] };
    expect(() => inserter.insert(single)).toThrow(/NOT NULL/);
    inserter.insert(makeSpendRecords("after", 8));
    expect(countSpendRows(path)).toBe(78);
    inserter.close();
    await store.close();
  });

  it("fails while another connection holds the write lock, then recovers on a fresh connection", async () => {
    const { path, store } = await files.open();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 0 });
    inserter.insert(makeSpendRecords("before", 3));
    const other = new Database(path);
    other.exec("begin immediate");
    expect(() => inserter.insert(makeSpendRecords("locked", 10))).toThrow(/lock|busy/i);
    other.exec("rollback");
    other.close();
    inserter.insert(makeSpendRecords("locked", 10));
    expect(countSpendRows(path)).toBe(13);
    inserter.close();
    expect(() => inserter.insert(makeSpendRecords("closed", 1))).toThrow(/closed/);
    await store.close();
  });
});
