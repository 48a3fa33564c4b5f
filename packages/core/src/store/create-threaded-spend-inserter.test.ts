import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import { createThreadedSpendInserter, workerEntryUrl } from "./create-threaded-spend-inserter.js";
import { countSpendRows, createSpendFiles, makeSpendRecords } from "./fixtures/spend-files.js";
import { makeFullSpendRecord } from "./fixtures/spend-records.js";
import type { SpendRecord } from "./spend-record.js";

const files = createSpendFiles("bgw-threaded-");
afterEach(() => files.removeAll());

describe("createThreadedSpendInserter", () => {
  it("writes batches on its thread, in order, every field intact (dates and all)", async () => {
    const { path, store } = await files.open();
    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 1000 });
    await Promise.all([inserter.insert(makeSpendRecords("a", 200)), inserter.insert([makeFullSpendRecord("full")]), inserter.insert([]), inserter.insert(makeSpendRecords("b", 9))]);
    expect(countSpendRows(path)).toBe(210);
    expect((await store.querySpend({ requestId: "full" })).rows).toEqual([makeFullSpendRecord("full")]);
    await inserter.close();
    await store.close();
  });

  it("rejects a batch that fails with the database's error, stores none of it, and takes the next", async () => {
    const { path, store } = await files.open();
    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 1000 });
    const batch = makeSpendRecords("bad", 70);
    batch[66] = { ...batch[66]!, routeKind: null as unknown as SpendRecord["routeKind"] };
    await expect(inserter.insert(batch)).rejects.toThrow(/NOT NULL/);
    await inserter.insert(makeSpendRecords("good", 5));
    expect(countSpendRows(path)).toBe(5);
    await inserter.close();
    await store.close();
  });

  it("passes a lock error's code through, and recovers once the lock is gone", async () => {
    const { path, store } = await files.open();
    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 0 });
    const other = new Database(path);
    other.exec("begin immediate");
    const failure = await inserter.insert(makeSpendRecords("locked", 3)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error & { code?: string }).code)).toMatch(/BUSY/);
    other.exec("rollback");
    other.close();
    await inserter.insert(makeSpendRecords("locked", 3));
    expect(countSpendRows(path)).toBe(3);
    await inserter.close();
    await store.close();
  });

  it("fails the batches of a thread that died, and starts a new thread for the next batch", async () => {
    const { path, store } = await files.open();
    // a worker entry that takes batches and never answers, then exits: the batch it held must not hang
    const silent = new URL(`data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.once('message', () => process.exit(3));")}`);
    const dying = createThreadedSpendInserter({ path, busyTimeoutMs: 1000, workerUrl: silent });
    await expect(dying.insert(makeSpendRecords("lost", 2))).rejects.toThrow(/exit code 3/);
    await expect(dying.insert(makeSpendRecords("again", 2))).rejects.toThrow(/exit code 3/);
    await dying.close();

    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 1000 });
    await inserter.insert(makeSpendRecords("kept", 4));
    expect(countSpendRows(path)).toBe(4);
    await inserter.close();
    await expect(inserter.insert(makeSpendRecords("late", 1))).rejects.toThrow(/closed/);
    await store.close();
  });

  it("ends a thread that has had no batch for idleStopMs, and starts a new one for the next batch", async () => {
    const { path, store } = await files.open();
    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 1000, idleStopMs: 40 });
    expect(inserter.threadId).toBeUndefined();
    await inserter.insert(makeSpendRecords("first", 3));
    const first = inserter.threadId;
    expect(first).toBeTypeOf("number");
    // batches closer together than idleStopMs keep the same thread
    await new Promise((resolve) => setTimeout(resolve, 10));
    await inserter.insert(makeSpendRecords("close-by", 2));
    expect(inserter.threadId).toBe(first);
    await waitFor(() => inserter.threadId === undefined);
    await Promise.all([inserter.insert(makeSpendRecords("second", 4)), inserter.insert(makeSpendRecords("third", 1))]);
    expect(inserter.threadId).toBeTypeOf("number");
    expect(inserter.threadId).not.toBe(first);
    expect(countSpendRows(path)).toBe(10);
    await inserter.close();
    expect(inserter.threadId).toBeUndefined();
    await store.close();
  });

  it("keeps its thread for good with idleStopMs 0", async () => {
    const { path, store } = await files.open();
    const inserter = createThreadedSpendInserter({ path, busyTimeoutMs: 1000, idleStopMs: 0 });
    await inserter.insert(makeSpendRecords("kept", 2));
    const thread = inserter.threadId;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(inserter.threadId).toBe(thread);
    await inserter.close();
    await store.close();
  });

  it("runs the compiled worker when loaded from source", () => {
    expect(workerEntryUrl("file:///app/node_modules/@bedrock-gw/core/dist/store/create-threaded-spend-inserter.js").href).toBe(
      "file:///app/node_modules/@bedrock-gw/core/dist/store/spend-inserter-worker.js",
    );
    expect(workerEntryUrl("file:///repo/packages/core/src/store/create-threaded-spend-inserter.ts").href).toBe(
      "file:///repo/packages/core/dist/store/spend-inserter-worker.js",
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
