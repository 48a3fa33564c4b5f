import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteSpendInserter, SPEND_COLUMNS, spendInsertSql } from "./create-sqlite-spend-inserter.js";
import { createSqliteStore, SQLITE_FILE_NAME } from "./create-sqlite-store.js";
import { encodeSpendRow, SPEND_COLUMN_COUNT } from "./encode-spend-row.js";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import type { SpendRecord } from "./spend-record.js";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A migrated database file and a store on it (to read rows back). */
async function migratedFile() {
  const dir = await mkdtemp(join(tmpdir(), "bgw-inserter-"));
  dirs.push(dir);
  const store = createSqliteStore({ dataDir: dir });
  await store.migrate();
  return { path: join(dir, SQLITE_FILE_NAME), store };
}

const records = (prefix: string, count: number): SpendRecord[] => Array.from({ length: count }, (_, i) => makeSpendRecord({ requestId: `${prefix}-${i}` }));

function countRows(path: string): number {
  const db = new Database(path);
  try {
    return Number((db.prepare("select count(*) as n from spend_logs").get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe("createSqliteSpendInserter", () => {
  it("binds every column of the row, in the statement's order", () => {
    const row = encodeSpendRow(makeFullSpendRecord("r"));
    expect([...SPEND_COLUMNS].sort()).toEqual(Object.keys(row).sort());
    expect(SPEND_COLUMNS).toHaveLength(SPEND_COLUMN_COUNT);
    expect(spendInsertSql(2)).toMatch(/^insert into "spend_logs" \("request_id", "start_time", .*"attempts"\) values \(\?(, \?){33}\), \(\?(, \?){33}\) on conflict \("request_id"\) do nothing$/);
  });

  it("writes batches of any size exactly once, every field intact, and skips ids already stored", async () => {
    const { path, store } = await migratedFile();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 1000 });
    const sizes = [0, 1, 7, 8, 9, 64, 65, 73, 200, 1000];
    for (const size of sizes) inserter.insert(records(`b${size}`, size));
    inserter.insert([makeFullSpendRecord("full")]);
    inserter.insert([...records("b200", 200), makeSpendRecord({ requestId: "new" })]);
    expect(countRows(path)).toBe(sizes.reduce((sum, size) => sum + size, 0) + 2);
    expect((await store.querySpend({ requestId: "full" })).rows).toEqual([makeFullSpendRecord("full")]);
    expect((await store.querySpend({ requestId: "b73-72" })).rows).toEqual([makeSpendRecord({ requestId: "b73-72" })]);
    inserter.close();
    await store.close();
  });

  it("writes all of a batch or none of it, and the next batch goes through", async () => {
    const { path, store } = await migratedFile();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 1000 });
    const batch = records("all", 70);
    // NOT NULL column: the 67th row fails after the first 64 were inserted
    batch[66] = { ...batch[66]!, routeKind: null as unknown as SpendRecord["routeKind"] };
    expect(() => inserter.insert(batch)).toThrow(/NOT NULL/);
    expect(countRows(path)).toBe(0);
    inserter.insert(records("next", 70));
    expect(countRows(path)).toBe(70);
    // a batch of one statement (no transaction of its own)
    const single = records("single", 8);
    single[7] = { ...single[7]!, routeKind: null as unknown as SpendRecord["routeKind"] };
    expect(() => inserter.insert(single)).toThrow(/NOT NULL/);
    inserter.insert(records("after", 8));
    expect(countRows(path)).toBe(78);
    inserter.close();
    await store.close();
  });

  it("fails while another connection holds the write lock, then recovers on a fresh connection", async () => {
    const { path, store } = await migratedFile();
    const inserter = createSqliteSpendInserter({ path, busyTimeoutMs: 0 });
    inserter.insert(records("before", 3));
    const other = new Database(path);
    other.exec("begin immediate");
    expect(() => inserter.insert(records("locked", 10))).toThrow(/lock|busy/i);
    other.exec("rollback");
    other.close();
    inserter.insert(records("locked", 10));
    expect(countRows(path)).toBe(13);
    inserter.close();
    expect(() => inserter.insert(records("closed", 1))).toThrow(/closed/);
    await store.close();
  });
});
