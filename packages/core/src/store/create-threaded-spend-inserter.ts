import { Worker } from "node:worker_threads";
import type { InserterReply, InserterRequest, InserterWorkerData } from "./spend-inserter-messages.js";
import type { SpendRecord } from "./spend-record.js";

export interface ThreadedSpendInserter {
  /** inserts the rows in one transaction on the worker thread, skipping request ids already stored */
  insert(records: readonly SpendRecord[]): Promise<void>;
  /** lets queued batches finish, then closes the connection and ends the thread; later inserts reject */
  close(): Promise<void>;
}

export interface ThreadedSpendInserterOptions extends InserterWorkerData {
  /** the worker's entry module (default: spend-inserter-worker.js beside this module's compiled form) */
  workerUrl?: URL;
  /** how long close() waits for the thread to end before stopping it (ms, default 5000) */
  closeTimeoutMs?: number;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The SQLite spend inserter on a worker thread of its own. libsql's API is synchronous and a batch of a few hundred
 * rows takes milliseconds, which on the event loop would show up as tail latency of every call in flight. The
 * thread is started with the first batch and holds the event loop open only while a batch is in flight; if it
 * dies, the batches it held fail (the spend writer keeps and retries them) and the next batch starts a new one.
 *
 * @example
 * const inserter = createThreadedSpendInserter({ path: "/data/bedrock-gw.db", busyTimeoutMs: 5000 });
 * await inserter.insert(records);
 */
export function createThreadedSpendInserter(options: ThreadedSpendInserterOptions): ThreadedSpendInserter {
  const workerUrl = options.workerUrl ?? workerEntryUrl(import.meta.url);
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;
  let closed = false;

  const failPending = (error: Error): void => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const entry of waiting) entry.reject(error);
  };

  const start = (): Worker => {
    const data: InserterWorkerData = { path: options.path, busyTimeoutMs: options.busyTimeoutMs };
    const thread = new Worker(workerUrl, { workerData: data, stdout: false, stderr: false });
    thread.on("message", (reply: InserterReply) => {
      const entry = pending.get(reply.id);
      if (entry === undefined) return;
      pending.delete(reply.id);
      if (reply.error === undefined) entry.resolve();
      else entry.reject(toError(reply.error));
      if (pending.size === 0) thread.unref();
    });
    thread.on("error", (error) => {
      if (worker === thread) worker = undefined;
      failPending(error);
    });
    thread.on("exit", (code) => {
      if (worker === thread) worker = undefined;
      failPending(new Error(`the spend inserter thread ended (exit code ${code})`));
    });
    return thread;
  };

  return {
    insert(records) {
      if (closed) return Promise.reject(new Error("the spend store is closed"));
      if (records.length === 0) return Promise.resolve();
      const thread = (worker ??= start());
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => pending.set(id, { resolve, reject }));
      thread.ref();
      const request: InserterRequest = { type: "insert", id, records };
      thread.postMessage(request);
      return done;
    },
    async close() {
      closed = true;
      const thread = worker;
      worker = undefined;
      if (thread === undefined) return;
      thread.ref();
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      const request: InserterRequest = { type: "close" };
      thread.postMessage(request);
      const timeout = setTimeout(() => void thread.terminate(), options.closeTimeoutMs ?? 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/**
 * The compiled worker module beside `moduleUrl`. Under the test runner this module is loaded from its TypeScript
 * source, which a worker thread cannot run, so the entry is taken from the package's build output instead.
 */
export function workerEntryUrl(moduleUrl: string): URL {
  const entry = new URL("./spend-inserter-worker.js", moduleUrl);
  if (!moduleUrl.endsWith(".ts")) return entry;
  return new URL(entry.href.replace(/\/src\/store\/spend-inserter-worker\.js$/, "/dist/store/spend-inserter-worker.js"));
}

function toError(described: NonNullable<InserterReply["error"]>): Error {
  const error = new Error(described.message);
  if (described.name !== undefined) error.name = described.name;
  if (described.code !== undefined) Object.assign(error, { code: described.code });
  return error;
}
