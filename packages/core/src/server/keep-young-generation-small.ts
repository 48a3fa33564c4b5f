import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { setFlagsFromString } from "node:v8";
import { readYoungGenerationSize } from "./read-young-generation-size.js";
import { everyUnref } from "../internal/every-unref.js";

/** Node publishes every new worker thread here (`{ worker }`). */
const WORKER_CHANNEL = "worker_threads";
/** V8's own growth factor of the young generation, put back by `stop()` */
const V8_DEFAULT_FACTOR = 2;
/** objects made between two looks at the young generation's size while growing it */
const OBJECTS_PER_STEP = 512;
/** one such object (`{ made, list: [made] }`) on a 64-bit heap, roughly */
const OBJECT_BYTES = 88;
/** V8 doubles the space within about twice its size of such objects; past four times, it will not grow further */
const GIVE_UP_AFTER = 4;
/** how often a held size is checked for a shrink (ms) */
const DEFAULT_CHECK_EVERY_MS = 1000;
/** the most checks skipped after growths that fell short (about a minute at the default interval) */
const MAX_SKIPPED_CHECKS = 63;

/** what the hold needs of a worker thread Node announces */
interface StartingWorker {
  once(event: "online" | "exit", listener: () => void): unknown;
}

export interface YoungGenerationHold {
  /** grows the young generation back to the held size if a collection shrank it (the idle memory release does) */
  restore(): void;
  /** lets V8 grow the young generation again */
  stop(): void;
}

export interface YoungGenerationOptions {
  /**
   * the young generation's committed size to hold (bytes, both semi-spaces), grown to first when it is smaller
   * (default: the size it has now). V8 grows it by doubling from its starting size (2 MiB on 64-bit) up to its cap
   * (32 MiB by default), so the size held is the first doubling at or above this, or the cap.
   */
  sizeBytes?: number;
  /** sets V8 flags (default `v8.setFlagsFromString`) */
  setFlags?: (flags: string) => void;
  /** the young generation's committed size now (default {@link readYoungGenerationSize}) */
  readSize?: () => number;
  /**
   * how often the size is looked at, so that a space V8 shrank is grown back (ms, default 1000; 0: never). V8
   * shrinks it after a few quiet seconds (its memory reducer, and collections that see little allocation), and with
   * the factor at 1 it would never grow again: a gateway that had been idle once would run on 1-2 MiB for good.
   */
  checkEveryMs?: number;
  /** runs `tick` every `ms` until stopped (default: an unref'd `setInterval`) */
  every?: (ms: number, tick: () => void) => { stop(): void };
}

/**
 * Keeps V8's young generation (where short-lived objects are made) at a fixed size of a few MB, instead of letting
 * it double under load up to 32 MB, which V8 then keeps committed. It sets V8's growth factor of that space to 1,
 * after first growing the space to `sizeBytes` if asked: V8 doubles it once enough objects have survived its
 * collections, so the hold makes short-lived survivors with the factor at 2 until the size is reached (a few ms).
 * V8 puts the factor back to 2 whenever an isolate starts (its heap set-up refuses less than 2 from the command
 * line), so while a worker thread starts (the spend inserter's, say) it is set again every millisecond until the
 * worker is online; a collection that lands in that gap can still double the space once. V8 also shrinks the
 * space when it sees the process quiet (down to 1 MiB), which the factor of 1 would make for good: with a size to
 * hold, it is looked at every `checkEveryMs` and grown back when smaller; a growth that falls short (V8's cap on a
 * small host, or V8 shrinking it again right after a full collection) is retried after 1, 3, 7, ... skipped looks,
 * up to about a minute apart, never given up.
 *
 * The size trades memory for CPU: every collection of the young generation costs about the same (it copies what is
 * alive then, requests in flight included), and a space half the size is collected twice as often. Measured with
 * the gateway under load in docs/config-reference.md (`young_generation_mb`). Passing a function instead of options
 * is the older form: `setFlags` alone.
 *
 * @example
 * const hold = keepYoungGenerationSmall({ sizeBytes: 8 * 1024 * 1024 });
 * // to let it grow again:
 * hold.stop();
 */
export function keepYoungGenerationSmall(options: YoungGenerationOptions | ((flags: string) => void) = {}): YoungGenerationHold {
  const {
    sizeBytes,
    setFlags = setFlagsFromString,
    readSize = readYoungGenerationSize,
    checkEveryMs = DEFAULT_CHECK_EVERY_MS,
    every = everyUnref,
  } = typeof options === "function" ? { setFlags: options } : options;
  let stopped = false;
  // after a growth that fell short (V8's cap, or V8 shrinking it right after a full collection), the watch skips
  // 1, 3, 7, ... up to MAX_SKIPPED_CHECKS looks before it tries again: a cap costs a few ms of objects a minute
  let shortfalls = 0;
  let skip = 0;
  const guards = new Set<NodeJS.Timeout>();
  const hold = (): void => {
    if (!stopped) setFlags("--semi-space-growth-factor=1");
  };
  const onWorker = (message: unknown): void => {
    const worker = (message as { worker?: StartingWorker }).worker;
    if (!worker || stopped) return;
    // the worker's thread puts the factor back to 2 at some point of its start-up: until it is online, the factor
    // is set again every millisecond (and after every turn of a busy loop)
    const guard = setInterval(hold, 1);
    guard.unref();
    guards.add(guard);
    const done = (): void => {
      if (!guards.delete(guard)) return;
      clearInterval(guard);
      hold();
    };
    worker.once("online", done);
    worker.once("exit", done);
  };
  const grow = (): void => {
    if (sizeBytes === undefined || stopped) return;
    if (growYoungGeneration(sizeBytes, setFlags, readSize) >= sizeBytes) {
      shortfalls = 0;
      skip = 0;
    } else {
      shortfalls++;
      skip = Math.min(2 ** shortfalls - 1, MAX_SKIPPED_CHECKS);
    }
  };
  const check = (): void => {
    if (skip > 0) skip--;
    else grow();
  };
  grow();
  hold();
  subscribe(WORKER_CHANNEL, onWorker);
  // a look at the size is one read of V8's space statistics; growing back costs a few ms, once per shrink
  const watch = sizeBytes !== undefined && checkEveryMs > 0 ? every(checkEveryMs, check) : undefined;
  return {
    restore: grow,
    stop() {
      if (stopped) return;
      stopped = true;
      watch?.stop();
      unsubscribe(WORKER_CHANNEL, onWorker);
      for (const guard of guards) clearInterval(guard);
      guards.clear();
      allowYoungGenerationGrowth(setFlags);
    },
  };
}

/**
 * Lets V8 grow the young generation again (its own growth factor, 2): for a process whose entry point held it small
 * from the start (the `bedrock-gw` bin does, before loading anything) when the config asks for V8's way
 * (`general_settings.young_generation_growth: true`).
 *
 * @example
 * allowYoungGenerationGrowth();
 */
export function allowYoungGenerationGrowth(setFlags: (flags: string) => void = setFlagsFromString): void {
  setFlags(`--semi-space-growth-factor=${V8_DEFAULT_FACTOR}`);
}

/**
 * Makes small objects, with V8's doubling on, until the space has reached `sizeBytes`, or has not grown after four
 * times its size of them (V8's cap). V8 doubles it once the bytes that survived its collections since the last
 * growth pass its size; each object here is kept alive just long enough to survive one collection (a ring a third
 * the size of a semi-space), so it counts as survived but dies before a second one would move it to the old
 * generation.
 */
function growYoungGeneration(sizeBytes: number, setFlags: (flags: string) => void, readSize: () => number): number {
  let size = readSize();
  if (size >= sizeBytes) return size;
  setFlags(`--semi-space-growth-factor=${V8_DEFAULT_FACTOR}`);
  try {
    let ring: unknown[] = [];
    let made = 0;
    let sinceGrowth = 0;
    while (size < sizeBytes && sinceGrowth <= GIVE_UP_AFTER * size) {
      const slots = Math.max(OBJECTS_PER_STEP, Math.floor(size / 2 / 3 / OBJECT_BYTES));
      if (ring.length !== slots) ring = new Array<unknown>(slots);
      for (let i = 0; i < OBJECTS_PER_STEP; i++, made++) ring[made % slots] = { made, list: [made] };
      sinceGrowth += OBJECTS_PER_STEP * OBJECT_BYTES;
      const now = readSize();
      if (now > size) sinceGrowth = 0;
      size = now;
    }
  } finally {
    setFlags("--semi-space-growth-factor=1");
  }
  return size;
}
