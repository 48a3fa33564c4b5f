import { createReadStream } from "node:fs";
import { appendFile, mkdir, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { SpendRecord } from "./spend-record.js";

export interface SpillLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Records that could not reach the database yet, one JSON line each, appended in the background. */
export interface SpillFile {
  readonly path: string;
  /** lines accepted but not yet on disk */
  readonly pending: number;
  /** buffers the records and starts writing them; never throws */
  append(records: readonly SpendRecord[]): void;
  /** resolves when every line appended so far is on disk; rejects if the disk refuses them (they stay buffered) */
  flush(): Promise<void>;
  /**
   * Inserts the spilled records in batches, then removes the file; returns how many were replayed. The file is
   * first renamed to `<path>.replaying`, so appends during a replay start a new file and nothing is removed
   * unread; a replay that fails leaves that file for the next one. Lines that are not records (a write cut off by
   * a crash) are moved to `<path>.rejected` for a person to look at, never dropped.
   */
  replay(insert: (records: SpendRecord[]) => Promise<void>, batchSize: number): Promise<number>;
}

/**
 * One JSONL line for a record; dates as ISO strings.
 *
 * @example
 * encodeSpillLine(record) // '{"requestId":"req-1","startTime":"2026-11-21T10:00:00.000Z",...}'
 */
export function encodeSpillLine(record: SpendRecord): string {
  return JSON.stringify(record);
}

/**
 * Reads a line written by {@link encodeSpillLine}; undefined when it is not one.
 *
 * @example
 * decodeSpillLine(encodeSpillLine(record)) // equal to record
 */
export function decodeSpillLine(line: string): SpendRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.requestId !== "string" || typeof record.startTime !== "string" || typeof record.endTime !== "string") {
    return undefined;
  }
  const startTime = new Date(record.startTime);
  const endTime = new Date(record.endTime);
  if (Number.isNaN(startTime.getTime()) || Number.isNaN(endTime.getTime())) return undefined;
  return { ...(record as unknown as SpendRecord), startTime, endTime };
}

/** The file's paths and what is in flight, shared by the functions below. */
interface SpillState {
  path: string;
  replayingPath: string;
  rejectedPath: string;
  logger: SpillLogger | undefined;
  /** lines accepted, not yet handed to a write */
  buffer: string[];
  writing: Promise<unknown> | undefined;
  replaying: Promise<number> | undefined;
  /** appends and the rename that starts a replay take turns, so no append lands in a file being read */
  fileTurn: Promise<unknown>;
}

type InsertRecords = (records: SpendRecord[]) => Promise<void>;

/**
 * @example
 * const spill = createSpillFile({ path: ".bedrock-gw/spend-spill.jsonl" });
 * spill.append([record]);
 * await spill.replay((rows) => store.insertSpend(rows), 200);
 */
export function createSpillFile(options: { path: string; logger?: SpillLogger }): SpillFile {
  const state: SpillState = {
    path: options.path,
    replayingPath: `${options.path}.replaying`,
    rejectedPath: `${options.path}.rejected`,
    logger: options.logger,
    buffer: [],
    writing: undefined,
    replaying: undefined,
    fileTurn: Promise.resolve(),
  };
  return {
    path: state.path,
    get pending() {
      return state.buffer.length;
    },
    append(records) {
      for (const record of records) {
        try {
          state.buffer.push(`${encodeSpillLine(record)}\n`);
        } catch (error) {
          state.logger?.error({ err: error, requestId: record.requestId }, "a spend record cannot be written as JSON");
        }
      }
      if (state.buffer.length > 0) void startWriting(state);
    },
    async flush() {
      await state.writing;
      const error = await startWriting(state);
      if (error !== undefined) throw error;
    },
    replay(insert, batchSize) {
      state.replaying ??= replayAll(state, insert, Math.max(1, batchSize)).finally(() => {
        state.replaying = undefined;
      });
      return state.replaying;
    },
  };
}

function inTurn<T>(state: SpillState, operation: () => Promise<T>): Promise<T> {
  const run = state.fileTurn.then(operation);
  state.fileTurn = run.catch(() => undefined);
  return run;
}

function startWriting(state: SpillState): Promise<unknown> {
  state.writing ??= writeBuffer(state).finally(() => {
    state.writing = undefined;
  });
  return state.writing;
}

/** Writes the buffer out; resolves to the error that stopped it, if any (the unwritten lines stay buffered). */
async function writeBuffer(state: SpillState): Promise<unknown> {
  while (state.buffer.length > 0) {
    const lines = state.buffer;
    state.buffer = [];
    try {
      await inTurn(state, async () => {
        await mkdir(dirname(state.path), { recursive: true });
        await appendFile(state.path, lines.join(""));
      });
    } catch (error) {
      state.buffer = lines.concat(state.buffer);
      state.logger?.error({ err: error, path: state.path, lines: state.buffer.length }, "could not append spend records to the spill file");
      return error;
    }
  }
  return undefined;
}

async function replayAll(state: SpillState, insert: InsertRecords, batchSize: number): Promise<number> {
  let total = 0;
  // A leftover `.replaying` (a replay cut short) goes first; then the current spill file, once.
  for (let pass = 0; pass < 2; pass++) {
    if (!(await inTurn(state, () => claimFile(state)))) break;
    total += await replayClaimed(state, insert, batchSize);
  }
  return total;
}

/** Makes sure there is a `.replaying` file to read: a leftover one, or the spill file renamed. */
async function claimFile(state: SpillState): Promise<boolean> {
  if (await exists(state.replayingPath)) return true;
  try {
    await rename(state.path, state.replayingPath);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function replayClaimed(state: SpillState, insert: InsertRecords, batchSize: number): Promise<number> {
  let count = 0;
  let batch: SpendRecord[] = [];
  const rejected: string[] = [];
  const lines = createInterface({ input: createReadStream(state.replayingPath, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const record = decodeSpillLine(line);
    if (!record) {
      rejected.push(`${line}\n`);
      continue;
    }
    batch.push(record);
    if (batch.length >= batchSize) {
      await insert(batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await insert(batch);
  count += batch.length;
  if (rejected.length > 0) {
    await appendFile(state.rejectedPath, rejected.join(""));
    state.logger?.error({ path: state.rejectedPath, lines: rejected.length }, "spill file lines that are not spend records were set aside");
  }
  await unlink(state.replayingPath);
  return count;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
