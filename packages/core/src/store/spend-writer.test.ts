import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSqliteStore } from "./create-sqlite-store.js";
import { createFakeSpendStore } from "./fixtures/fake-spend-store.js";
import { createManualTimers } from "./fixtures/manual-timers.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import { createSpendWriter } from "./spend-writer.js";
import type { SpendWriterOptions } from "./spend-writer.js";
import { decodeSpillLine, encodeSpillLine } from "./spill-file.js";
import type { SpendRecord } from "./spend-record.js";

const ids = (rows: readonly SpendRecord[]) => rows.map((row) => row.requestId);
const records = (count: number, prefix = "r") =>
  Array.from({ length: count }, (_, i) => makeSpendRecord({ requestId: `${prefix}${String(i).padStart(2, "0")}` }));

function createLogger() {
  const messages: Array<{ level: "warn" | "error"; msg: string; obj: object }> = [];
  return {
    messages,
    warn: (obj: object, msg: string) => void messages.push({ level: "warn", msg, obj }),
    error: (obj: object, msg: string) => void messages.push({ level: "error", msg, obj }),
  };
}

describe("createSpendWriter", () => {
  let dir: string;
  let spillPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bgw-writer-"));
    spillPath = join(dir, "spend-spill.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const spillIds = async () =>
    existsSync(spillPath) ? (await readFile(spillPath, "utf8")).split("\n").filter(Boolean).map((line) => decodeSpillLine(line)?.requestId) : [];

  function setup(options: Partial<SpendWriterOptions> = {}) {
    const store = createFakeSpendStore();
    const timers = createManualTimers();
    const logger = createLogger();
    const writer = createSpendWriter({ store, spillPath, logger, setTimer: timers.setTimer, clearTimer: timers.clearTimer, ...options });
    return { store, timers, logger, writer };
  }

  it("queues without writing, then writes a full batch at once and a partial one after the flush interval", async () => {
    const { store, timers, writer } = setup({ batchSize: 3, flushIntervalMs: 500 });
    const [r0, r1, r2] = records(3);
    writer.enqueue(r0!);
    writer.enqueue(r1!);
    expect(store.calls).toEqual([]);
    expect(writer.depth).toBe(2);
    expect(timers.pending()).toEqual([500]);
    writer.enqueue(r2!);
    expect(timers.pending()).toEqual([0]); // a full batch does not wait for the interval
    expect(store.calls).toEqual([]); // enqueue itself never writes
    await timers.fireAll();
    expect(store.calls.map(ids)).toEqual([["r00", "r01", "r02"]]);
    expect(writer.depth).toBe(0);

    writer.enqueue(makeSpendRecord({ requestId: "late" }));
    expect(timers.pending()).toEqual([500]);
    await timers.fireAll();
    expect(store.calls.map(ids)).toEqual([["r00", "r01", "r02"], ["late"]]);
    expect(timers.pending()).toEqual([]);
  });

  it("leaves rows queued during a slow write for the next interval, unless a full batch is waiting", async () => {
    const written: string[][] = [];
    const pending: Array<() => void> = [];
    const timers = createManualTimers();
    const writer = createSpendWriter({
      store: {
        insertSpend: (batch) =>
          new Promise<void>((resolve) =>
            pending.push(() => {
              written.push(ids(batch));
              resolve();
            }),
          ),
      },
      spillPath,
      batchSize: 3,
      flushIntervalMs: 500,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    });
    const finishWrite = async () => {
      pending.shift()!();
      await vi.waitFor(() => expect(pending.length + written.length).toBeGreaterThan(0));
      await new Promise((resolve) => setImmediate(resolve));
    };
    writer.enqueue(makeSpendRecord({ requestId: "a" }));
    await timers.fireAll();
    expect(pending).toHaveLength(1); // ["a"] is being written
    writer.enqueue(makeSpendRecord({ requestId: "b" }));
    await finishWrite();
    expect(written).toEqual([["a"]]);
    expect(pending).toHaveLength(0); // "b" waits for the interval instead of a transaction of its own
    expect(timers.pending()).toEqual([500]);

    await timers.fireAll();
    expect(pending).toHaveLength(1); // ["b"]
    for (const id of ["c", "d", "e"]) writer.enqueue(makeSpendRecord({ requestId: id }));
    await finishWrite();
    expect(pending).toHaveLength(1); // a full batch goes on at once
    writer.enqueue(makeSpendRecord({ requestId: "f" }));
    const flushed = writer.flush(); // flush writes everything, however small
    await finishWrite();
    await finishWrite();
    await flushed;
    expect(written).toEqual([["a"], ["b"], ["c", "d", "e"], ["f"]]);
  });

  it("splits a backlog into batches, in order", async () => {
    const { store, timers, writer } = setup({ batchSize: 3 });
    for (const record of records(7)) writer.enqueue(record);
    await timers.fireAll();
    expect(store.calls.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(ids(store.rows)).toEqual(ids(records(7)));
  });

  it("retries a failed batch with capped exponential backoff and loses nothing, in order", async () => {
    const { store, timers, logger, writer } = setup({ batchSize: 2, flushIntervalMs: 7 });
    store.failNext = 7;
    for (const record of records(5)) writer.enqueue(record);
    for (let i = 0; i < 20 && store.rows.length < 5; i++) await timers.fireAll();
    expect(ids(store.rows)).toEqual(ids(records(5)));
    expect(timers.delays.filter((ms) => ms > 7)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000]);
    expect(store.calls).toHaveLength(7 + 3);
    expect(logger.messages.filter((m) => m.msg.includes("will retry"))).toHaveLength(7);
    expect(logger.messages.some((m) => m.msg.includes("recovered"))).toBe(true);
    expect(writer.depth).toBe(0);
  });

  it("spills the oldest rows past maxQueue, then writes the queue and replays the spill once the store is back", async () => {
    const { store, timers, writer } = setup({ batchSize: 2, maxQueue: 5 });
    store.down = true;
    const all = records(12);
    for (const record of all) writer.enqueue(record);
    expect(writer.depth).toBe(5);
    expect(writer.spilled).toBe(7);
    await timers.fireAll(); // a write attempt while down: the batch goes back to the front
    expect(writer.depth).toBe(5);
    expect(writer.spilled).toBe(7);
    await vi.waitFor(async () => expect(await spillIds()).toEqual(ids(all.slice(0, 7))));

    store.down = false;
    await vi.waitFor(async () => {
      await timers.fireAll();
      expect(store.rows).toHaveLength(12);
    });
    expect(ids(store.rows)).toEqual([...ids(all.slice(7)), ...ids(all.slice(0, 7))]);
    expect(existsSync(spillPath)).toBe(false);
    expect(existsSync(`${spillPath}.replaying`)).toBe(false);
  });

  it("flush rejects while the store is down and keeps the rows; a later flush writes them", async () => {
    const { store, writer } = setup();
    store.down = true;
    writer.enqueue(makeSpendRecord({ requestId: "kept" }));
    await expect(writer.flush()).rejects.toThrow("ECONNREFUSED");
    expect(writer.depth).toBe(1);
    store.down = false;
    await writer.flush();
    expect(ids(store.rows)).toEqual(["kept"]);
  });

  it("never throws from enqueue, even when the store throws synchronously", async () => {
    const logger = createLogger();
    const writer = createSpendWriter({
      store: {
        insertSpend: () => {
          throw new Error("sync failure");
        },
      },
      spillPath,
      logger,
    });
    expect(() => writer.enqueue(makeSpendRecord({ requestId: "a" }))).not.toThrow();
    await expect(writer.flush()).rejects.toThrow("sync failure");
    expect(writer.depth).toBe(1);
    await writer.close({ deadlineMs: 10 });
    expect(await spillIds()).toEqual(["a"]);
    const unserialisable = { ...makeSpendRecord({ requestId: "big" }), attempts: 1n as unknown as number };
    expect(() => writer.enqueue(unserialisable)).not.toThrow();
    expect(logger.messages.some((m) => m.level === "error" && m.msg.includes("JSON"))).toBe(true);
  });

  it("close() writes everything when the store is up and leaves no spill file", async () => {
    const { store, writer } = setup({ batchSize: 2 });
    for (const record of records(5)) writer.enqueue(record);
    await writer.close();
    expect(ids(store.rows)).toEqual(ids(records(5)));
    expect(existsSync(spillPath)).toBe(false);
  });

  it("close() spills what the store did not take by the deadline, and later rows too", async () => {
    const store = createFakeSpendStore();
    store.down = true;
    const logger = createLogger();
    const writer = createSpendWriter({ store, spillPath, logger, retryInitialMs: 10 });
    for (const record of records(3)) writer.enqueue(record);
    const started = Date.now();
    await writer.close({ deadlineMs: 100 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(store.calls.length).toBeGreaterThan(1); // it kept trying until the deadline
    expect(await spillIds()).toEqual(ids(records(3)));
    expect(writer.depth).toBe(0);
    expect(writer.spilled).toBe(3);
    writer.enqueue(makeSpendRecord({ requestId: "after-close" }));
    expect(writer.spilled).toBe(4);
    await vi.waitFor(async () => expect(await spillIds()).toEqual([...ids(records(3)), "after-close"]));
    expect(logger.messages.some((m) => m.msg.includes("spilled the rest"))).toBe(true);
  });

  it("close() spills a batch whose write hangs past the deadline, in order with the queue", async () => {
    const store = createFakeSpendStore();
    store.gate = new Promise(() => {});
    const writer = createSpendWriter({ store, spillPath, batchSize: 2, flushIntervalMs: 5 });
    for (const record of records(3)) writer.enqueue(record);
    await vi.waitFor(() => expect(store.calls).toHaveLength(1));
    expect(writer.depth).toBe(3);
    await writer.close({ deadlineMs: 30 });
    expect(await spillIds()).toEqual(ids(records(3)));
    expect(writer.depth).toBe(0);
  });

  it("close() rejects when rows can be neither written nor spilled", async () => {
    await writeFile(join(dir, "not-a-dir"), "");
    const store = createFakeSpendStore();
    store.down = true;
    const logger = createLogger();
    const writer = createSpendWriter({ store, spillPath: join(dir, "not-a-dir", "spill.jsonl"), logger });
    writer.enqueue(makeSpendRecord({ requestId: "stuck" }));
    await expect(writer.close({ deadlineMs: 10 })).rejects.toThrow();
    expect(logger.messages.some((m) => m.level === "error" && m.msg.includes("neither written nor spilled"))).toBe(true);
  });

  it("replaySpill inserts the spilled rows once and removes the file; a failed replay keeps them", async () => {
    const { store, writer } = setup({ batchSize: 2 });
    await writeFile(spillPath, records(3, "s").map((record) => `${encodeSpillLine(record)}\n`).join(""));
    store.down = true;
    await expect(writer.replaySpill()).rejects.toThrow();
    expect(existsSync(`${spillPath}.replaying`)).toBe(true);
    store.down = false;
    expect(await writer.replaySpill()).toBe(3);
    expect(ids(store.rows)).toEqual(["s00", "s01", "s02"]);
    expect(existsSync(spillPath) || existsSync(`${spillPath}.replaying`)).toBe(false);
    expect(await writer.replaySpill()).toBe(0);
  });

  it("retries a failed start-up replay in the background once the store is back", async () => {
    const { store, timers, writer } = setup();
    await writeFile(spillPath, records(2, "s").map((record) => `${encodeSpillLine(record)}\n`).join(""));
    store.down = true;
    await expect(writer.replaySpill()).rejects.toThrow();
    store.down = false;
    await vi.waitFor(async () => {
      await timers.fireAll();
      expect(ids(store.rows)).toEqual(["s00", "s01"]);
    });
  });

  it("makes rows visible in a real store within 2 seconds with the default interval", async () => {
    const store = createSqliteStore({ dataDir: dir });
    await store.migrate();
    const writer = createSpendWriter({ store, spillPath });
    try {
      const started = Date.now();
      writer.enqueue(makeSpendRecord({ requestId: "visible" }));
      await vi.waitFor(async () => expect((await store.querySpend({ requestId: "visible" })).rows).toHaveLength(1), { timeout: 2000, interval: 20 });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await writer.close();
      await store.close();
    }
  });
});
