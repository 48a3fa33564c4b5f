import { Worker } from "node:worker_threads";
import type { InserterReply, InserterRequest, InserterWorkerData } from "./spend-inserter-messages.js";
import type { SpendRecord } from "./spend-record.js";

export interface ThreadedSpendInserter {
  /** inserts the rows in one transaction on the worker thread, skipping request ids already stored */
  insert(records: readonly SpendRecord[]): Promise<void>;
  /** lets queued batches finish, then closes the connection and ends the thread; later inserts reject */
  close(): Promise<void>;
  /** the running thread's id (`worker.threadId`), undefined while there is none */
  readonly threadId: number | undefined;
}

export interface ThreadedSpendInserterOptions extends InserterWorkerData {
  /** the worker's entry module (default: spend-inserter-worker.js beside this module's compiled form) */
  workerUrl?: URL;
  /** how long close() waits for the thread to end before stopping it (ms, default 5000) */
  closeTimeoutMs?: number;
  /**
   * how long the thread may sit without a batch before it is ended (ms, default 10000; 0 keeps it for good). A
   * thread is a V8 heap, its young generation and a database connection: some 15-20 MB that a gateway with no
   * traffic has no use for. The next batch starts a new one.
   */
  idleStopMs?: number;
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One worker thread and the batches it holds. */
interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  idleTimer?: NodeJS.Timeout;
}

/** The default for `idleStopMs`. */
export const INSERTER_IDLE_STOP_MS = 10_000;

/**
 * The SQLite spend inserter on a worker thread of its own. libsql's API is synchronous and a batch of a few hundred
 * rows takes milliseconds, which on the event loop would show up as tail latency of every call in flight. The
 * thread is started with the first batch, holds the event loop open only while a batch is in flight, and ends once
 * it has had no batch for `idleStopMs`; if it dies, the batches it held fail (the spend writer keeps and retries
 * them). The next batch after either starts a new one.
 *
 * @example
 * const inserter = createThreadedSpendInserter({ path: "/data/bedrock-gw.db", busyTimeoutMs: 5000 });
 * await inserter.insert(records);
 */
export function createThreadedSpendInserter(options: ThreadedSpendInserterOptions): ThreadedSpendInserter {
  const workerUrl = options.workerUrl ?? workerEntryUrl(import.meta.url);
  const idleStopMs = options.idleStopMs ?? INSERTER_IDLE_STOP_MS;
  let current: Thread | undefined;
  let nextId = 1;
  let closed = false;

  const failPending = (thread: Thread, error: Error): void => {
    const waiting = [...thread.pending.values()];
    thread.pending.clear();
    for (const entry of waiting) entry.reject(error);
  };

  const forget = (thread: Thread): void => {
    clearTimeout(thread.idleTimer);
    if (current === thread) current = undefined;
  };

  /** ends a thread that holds no batch: it closes its connection and exits; the next batch starts a new one */
  const retire = (thread: Thread): void => {
    forget(thread);
    const request: InserterRequest = { type: "close" };
    thread.worker.postMessage(request);
  };

  const start = (): Thread => {
    const data: InserterWorkerData = { path: options.path, busyTimeoutMs: options.busyTimeoutMs };
    const worker = new Worker(workerUrl, { workerData: data, stdout: false, stderr: false });
    const thread: Thread = { worker, pending: new Map() };
    worker.on("message", (reply: InserterReply) => {
      const entry = thread.pending.get(reply.id);
      if (entry === undefined) return;
      thread.pending.delete(reply.id);
      if (reply.error === undefined) entry.resolve();
      else entry.reject(toError(reply.error));
      if (thread.pending.size > 0) return;
      worker.unref();
      if (idleStopMs > 0 && current === thread) {
        thread.idleTimer = setTimeout(() => retire(thread), idleStopMs);
        thread.idleTimer.unref();
      }
    });
    worker.on("error", (error) => {
      forget(thread);
      failPending(thread, error);
    });
    worker.on("exit", (code) => {
      forget(thread);
      failPending(thread, new Error(`the spend inserter thread ended (exit code ${code})`));
    });
    return thread;
  };

  return {
    get threadId() {
      return current?.worker.threadId;
    },
    insert(records) {
      if (closed) return Promise.reject(new Error("the spend store is closed"));
      if (records.length === 0) return Promise.resolve();
      const thread = (current ??= start());
      clearTimeout(thread.idleTimer);
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => thread.pending.set(id, { resolve, reject }));
      thread.worker.ref();
      const request: InserterRequest = { type: "insert", id, records };
      thread.worker.postMessage(request);
      return done;
    },
    async close() {
      closed = true;
      const thread = current;
      if (thread === undefined) return;
      forget(thread);
      const { worker } = thread;
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      const request: InserterRequest = { type: "close" };
      worker.postMessage(request);
      const timeout = setTimeout(() => void worker.terminate(), options.closeTimeoutMs ?? 5000);
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
