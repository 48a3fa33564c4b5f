import { createRecordQueue } from "./record-queue.js";
import type { RecordQueue } from "./record-queue.js";
import { createSpillFile } from "./spill-file.js";
import type { SpillFile, SpillLogger } from "./spill-file.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendStore } from "./spend-store.js";

export type SpendWriterLogger = SpillLogger;

export interface SpendWriterOptions {
  store: Pick<SpendStore, "insertSpend">;
  /** JSONL file that takes the rows the database cannot take in time (queue overflow, close during an outage) */
  spillPath: string;
  /** rows per insert (default 200) */
  batchSize?: number;
  /** longest a row waits in the queue while the database is up (default 500 ms) */
  flushIntervalMs?: number;
  /** rows held in memory; beyond it the oldest go to the spill file (default 10 000) */
  maxQueue?: number;
  /** first retry delay after a failed write, doubled per failure (default 250 ms) */
  retryInitialMs?: number;
  /** longest retry delay (default 10 s) */
  retryMaxMs?: number;
  logger?: SpendWriterLogger;
  clock?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface SpendWriter {
  /** queues a row; synchronous, never awaits, never throws */
  enqueue(record: SpendRecord): void;
  /** writes everything queued now (and replays the spill file if it has rows); rejects if the store fails */
  flush(): Promise<void>;
  /** stops the timers, keeps writing until the deadline (default 5 s), then spills whatever is left; the store stays open */
  close(options?: { deadlineMs?: number }): Promise<void>;
  /** rows queued or being written */
  readonly depth: number;
  /** rows sent to the spill file since the writer started */
  readonly spilled: number;
  /** inserts the spill file's rows (idempotently) and removes it once they are written; returns how many */
  replaySpill(): Promise<number>;
}

const TIMED_OUT = Symbol("timed out");

/** Resolved options and the mutable state of one writer, shared by the functions below. */
interface WriterState {
  store: Pick<SpendStore, "insertSpend">;
  batchSize: number;
  flushIntervalMs: number;
  maxQueue: number;
  retryInitialMs: number;
  retryMaxMs: number;
  clock: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  logger: SpendWriterLogger | undefined;
  spill: SpillFile;
  queue: RecordQueue<SpendRecord>;
  /** the batch being written; at most one, which keeps rows in order */
  inflight: SpendRecord[];
  timer: { handle: unknown; kind: "flush" | "retry"; due: number } | undefined;
  draining: Promise<unknown> | undefined;
  /** consecutive failed writes */
  failures: number;
  spilled: number;
  spillingReported: boolean;
  replayWanted: boolean;
  closed: boolean;
  /** close() gave up on the database and spilled the rest */
  abandoned: boolean;
  closing: Promise<void> | undefined;
}

/**
 * Writes spend rows in batches off the request path and loses none: a failed batch stays at the front of the
 * queue and is retried with capped exponential backoff; when the queue outgrows `maxQueue`, its oldest rows go to
 * the spill file, which is replayed once the database takes writes again. Only one batch is in flight at a time,
 * so rows reach the database in the order they were queued.
 *
 * @example
 * const writer = createSpendWriter({ store, spillPath: ".bedrock-gw/spend-spill.jsonl", logger });
 * await writer.replaySpill().catch(() => {}); // a down database is retried in the background
 * writer.enqueue(record);
 * await writer.close();
 */
export function createSpendWriter(options: SpendWriterOptions): SpendWriter {
  const state = createWriterState(options);
  return {
    enqueue: (record) => enqueueRecord(state, record),
    flush: () => flushWriter(state),
    close(closeOptions = {}) {
      if (!state.closing) {
        state.closed = true;
        cancelTimer(state);
        state.closing = closeWithin(state, closeOptions.deadlineMs ?? 5000);
      }
      return state.closing;
    },
    get depth() {
      return state.queue.size + state.inflight.length;
    },
    get spilled() {
      return state.spilled;
    },
    replaySpill: () => replaySpill(state),
  };
}

function createWriterState(options: SpendWriterOptions): WriterState {
  const logger = options.logger;
  return {
    store: options.store,
    batchSize: Math.max(1, options.batchSize ?? 200),
    flushIntervalMs: options.flushIntervalMs ?? 500,
    maxQueue: Math.max(1, options.maxQueue ?? 10_000),
    retryInitialMs: options.retryInitialMs ?? 250,
    retryMaxMs: options.retryMaxMs ?? 10_000,
    clock: options.clock ?? Date.now,
    setTimer: options.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
    clearTimer: options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    logger,
    spill: createSpillFile({ path: options.spillPath, ...(logger ? { logger } : {}) }),
    queue: createRecordQueue<SpendRecord>(),
    inflight: [],
    timer: undefined,
    draining: undefined,
    failures: 0,
    spilled: 0,
    spillingReported: false,
    replayWanted: false,
    closed: false,
    abandoned: false,
    closing: undefined,
  };
}

function enqueueRecord(state: WriterState, record: SpendRecord): void {
  try {
    if (state.closed) {
      spillRecords(state, [record]);
      return;
    }
    state.queue.push(record);
    trimOverflow(state);
    scheduleDrain(state);
  } catch (error) {
    state.logger?.error({ err: error }, "spend writer could not queue a record");
  }
}

async function flushWriter(state: WriterState): Promise<void> {
  if (state.draining) await state.draining;
  if (state.queue.size > 0 || state.replayWanted) {
    const error = await startDrain(state, true);
    if (error !== undefined) throw error;
  }
  await state.spill.flush();
}

function retryDelay(state: WriterState): number {
  return Math.min(state.retryMaxMs, state.retryInitialMs * 2 ** Math.max(0, state.failures - 1));
}

function armTimer(state: WriterState, kind: "flush" | "retry", due: number): void {
  cancelTimer(state);
  const handle = state.setTimer(() => {
    state.timer = undefined;
    void startDrain(state);
  }, due);
  state.timer = { handle, kind, due };
}

function cancelTimer(state: WriterState): void {
  if (state.timer) state.clearTimer(state.timer.handle);
  state.timer = undefined;
}

/** Arms the flush timer when there is work and nothing else will pick it up: a full batch goes at once. */
function scheduleDrain(state: WriterState): void {
  if (state.closed || state.draining || state.timer?.kind === "retry") return;
  if (state.queue.size === 0 && !state.replayWanted) return;
  const due = state.queue.size >= state.batchSize ? 0 : state.flushIntervalMs;
  if (state.timer && state.timer.due <= due) return;
  armTimer(state, "flush", due);
}

function spillRecords(state: WriterState, records: readonly SpendRecord[]): void {
  if (records.length === 0) return;
  state.spill.append(records);
  state.spilled += records.length;
  state.replayWanted = true;
  if (!state.spillingReported) {
    state.spillingReported = true;
    state.logger?.warn(
      { spillPath: state.spill.path, rows: records.length, maxQueue: state.maxQueue },
      "spend queue is full; spilling the oldest rows to disk",
    );
  }
}

function trimOverflow(state: WriterState): void {
  const excess = state.queue.size - state.maxQueue;
  if (excess > 0) spillRecords(state, state.queue.take(excess));
}

function onFailure(state: WriterState, error: unknown): unknown {
  state.failures += 1;
  const retryInMs = retryDelay(state);
  state.logger?.warn(
    { err: error, failures: state.failures, retryInMs, depth: state.queue.size + state.inflight.length },
    "spend write failed; will retry",
  );
  if (!state.closed) armTimer(state, "retry", retryInMs);
  return error;
}

function onSuccess(state: WriterState): void {
  if (state.failures > 0) {
    state.logger?.warn({ failures: state.failures, depth: state.queue.size }, "spend writes recovered");
    state.replayWanted = true;
  }
  state.failures = 0;
  state.spillingReported = false;
}

/**
 * Starts a drain unless one is running. A timer's drain writes what was queued when it started, then goes on only
 * while full batches are waiting: rows queued during a write wait for the next timer, so a write that takes
 * milliseconds (another thread, a remote database) does not turn into a stream of tiny transactions. flush() and
 * close() drain until the queue is empty.
 */
function startDrain(state: WriterState, untilEmpty = false): Promise<unknown> {
  if (!state.draining) {
    cancelTimer(state);
    state.draining = runDrain(state, untilEmpty).finally(() => {
      state.draining = undefined;
      scheduleDrain(state);
    });
  }
  return state.draining;
}

/** Writes batches (see startDrain), then replays spilled rows; resolves to the error that stopped it. */
async function runDrain(state: WriterState, untilEmpty: boolean): Promise<unknown> {
  // the rows queued when the drain started are due; rows queued while it writes go on only as full batches
  for (let due = state.queue.size; state.queue.size > 0 && (untilEmpty || due > 0 || state.queue.size >= state.batchSize); ) {
    const batch = state.queue.take(state.batchSize);
    due -= batch.length;
    state.inflight = batch;
    try {
      await state.store.insertSpend(batch);
    } catch (error) {
      state.inflight = [];
      if (state.abandoned) return error; // close() already spilled this batch
      state.queue.putBack(batch);
      trimOverflow(state);
      return onFailure(state, error);
    }
    state.inflight = [];
    onSuccess(state);
  }
  if (state.replayWanted && !state.closed) {
    state.replayWanted = false;
    try {
      await replaySpill(state);
    } catch (error) {
      return onFailure(state, error);
    }
  }
  return undefined;
}

async function replaySpill(state: WriterState): Promise<number> {
  try {
    return await state.spill.replay((records) => state.store.insertSpend(records), state.batchSize);
  } catch (error) {
    state.replayWanted = true;
    scheduleDrain(state); // keep trying in the background (a start-up replay while the database is down)
    throw error;
  }
}

/** Resolves to the work's outcome, or TIMED_OUT if `ms` pass first. */
function raceDeadline<T>(state: WriterState, work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let handle: unknown;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    handle = state.setTimer(() => resolve(TIMED_OUT), Math.max(0, ms));
  });
  return Promise.race([work, deadline]).finally(() => state.clearTimer(handle));
}

async function closeWithin(state: WriterState, deadlineMs: number): Promise<void> {
  const deadline = state.clock() + deadlineMs;
  while (state.queue.size > 0 || state.draining) {
    const remaining = deadline - state.clock();
    if (remaining <= 0) break;
    const outcome = await raceDeadline(state, startDrain(state, true), remaining);
    if (outcome === TIMED_OUT) break;
    if (outcome !== undefined && state.queue.size > 0) {
      const pause = Math.max(0, Math.min(retryDelay(state), deadline - state.clock()));
      await new Promise<void>((resolve) => state.setTimer(resolve, pause));
    }
  }
  const left = [...state.inflight, ...state.queue.take(state.queue.size)];
  state.inflight = [];
  if (left.length > 0) {
    state.abandoned = true;
    state.spillingReported = true;
    spillRecords(state, left);
    state.logger?.warn(
      { rows: left.length, spillPath: state.spill.path },
      "spend writer closed before the database took every row; spilled the rest",
    );
  }
  try {
    await state.spill.flush();
  } catch (error) {
    state.logger?.error(
      { err: error, rows: state.spill.pending, spillPath: state.spill.path },
      "spend rows could be neither written nor spilled",
    );
    throw error;
  }
}
