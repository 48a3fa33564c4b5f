import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { performance } from "node:perf_hooks";
import { runInNewContext } from "node:vm";
import { readYoungGenerationSize } from "./read-young-generation-size.js";
import { everyUnref } from "../internal/every-unref.js";

export interface IdleMemoryReleaseOptions {
  /**
   * how long the event loop must have been (nearly) idle before the heap is collected (ms, default 10000). V8 gives
   * back its young generation only when it has seen little allocation over its last 5 s, so shorter than ~6000
   * collects without shrinking much.
   */
  idleMs?: number;
  /** how often the loop's load is looked at (ms, default 1000) */
  checkEveryMs?: number;
  /** event-loop utilization below which an interval counts as idle (0-1, default 0.02) */
  idleUtilization?: number;
  /** least growth of the committed heap since the last collection that is worth one (bytes, default 8 MiB) */
  minGrowthBytes?: number;
  /**
   * V8 gives back its young generation after a collection only when its own allocation samples say the process is
   * quiet, which can lag the real quiet by seconds; while the young generation is still above this after a
   * collection, the next check collects again (bytes, default 4 MiB)...
   */
  youngTargetBytes?: number;
  /** ...up to this many collections per quiet spell (default 3) */
  maxCollections?: number;
  /**
   * runs right after each collection, before the heap is measured again: a young generation held at a size is grown
   * back to it here (`YoungGenerationHold.restore`), so the regrown space is part of the next baseline, not growth
   */
  afterCollect?: () => void;
  /**
   * a count that grows with every request the process takes (see `DualProtocolServer.requestsStarted`): an interval
   * in which it grew is not quiet, however little CPU the requests took. Without it only the event loop's load
   * counts, and a few slow streams (a percent or two of one core) would look idle and get a collection's 50-100 ms
   * pause in the middle of their events.
   */
  activity?: () => number;
  /** requests in flight now (an open stream is one): while any is, nothing is collected */
  inFlight?: () => number;
  /** told after each collection */
  onRelease?: (released: MemoryRelease) => void;
  /** the clocks and probes, replaced in tests */
  deps?: Partial<IdleMemoryReleaseDeps>;
}

export interface MemoryRelease {
  /** V8's committed heap before and after (bytes) */
  heapBefore: number;
  heapAfter: number;
  /** V8's young generation (committed) after */
  youngAfter: number;
  /** how long the collection took (ms) */
  durationMs: number;
  /** 1 for the first collection of a quiet spell, 2 for the retry after it, ... */
  attempt: number;
}

export interface IdleMemoryReleaseDeps {
  /** a full, synchronous garbage collection (the default runs two) */
  collect: () => void;
  /** the event loop's utilization (0-1) since the previous call */
  loopUtilization: () => number;
  /** V8's committed heap in bytes */
  heapCommitted: () => number;
  /** V8's committed young generation (new space) in bytes */
  youngCommitted: () => number;
  now: () => number;
  every: (ms: number, tick: () => void) => { stop(): void };
}

export interface IdleMemoryRelease {
  stop(): void;
}

const MIB = 1024 * 1024;
const DEFAULTS = { idleMs: 10_000, checkEveryMs: 1_000, idleUtilization: 0.02, minGrowthBytes: 8 * MIB, youngTargetBytes: 4 * MIB, maxCollections: 3 };

/**
 * Gives memory back once a busy gateway goes quiet. Under load V8 grows its young generation to 32 MB and lets the
 * old one fill well past what is live before collecting, and it keeps all of it committed when the traffic stops:
 * after a burst the process can sit at twice its working size for good. Once the event loop has been idle for
 * `idleMs` (with `activity` and `inFlight`: also without a request taken or in flight) and the committed heap has
 * grown by `minGrowthBytes` since the last collection (start-up counts), this
 * runs a full collection, which frees the emptied pages and, once V8 agrees the process is quiet, shrinks the young
 * generation; while it has not, the next checks collect again, up to `maxCollections`. It never runs under load.
 *
 * @example
 * const release = releaseMemoryWhenIdle({
 *   idleMs: 10_000,
 *   activity: () => server.requestsStarted,
 *   inFlight: () => server.inFlight,
 *   onRelease: (r) => logger.debug(r, "heap collected while idle"),
 * });
 * // on shutdown:
 * release.stop();
 */
export function releaseMemoryWhenIdle(options: IdleMemoryReleaseOptions = {}): IdleMemoryRelease {
  const idleMs = options.idleMs ?? DEFAULTS.idleMs;
  const idleUtilization = options.idleUtilization ?? DEFAULTS.idleUtilization;
  const minGrowthBytes = options.minGrowthBytes ?? DEFAULTS.minGrowthBytes;
  const deps = { ...defaultDeps(), ...options.deps };
  const youngTargetBytes = options.youngTargetBytes ?? DEFAULTS.youngTargetBytes;
  const maxCollections = options.maxCollections ?? DEFAULTS.maxCollections;
  const activity = options.activity ?? (() => 0);
  const inFlight = options.inFlight ?? (() => 0);
  let baseline = 0;
  let quietSince: number | undefined;
  let lastActivity = activity();
  /** collections so far in this quiet spell; 0 = none yet */
  let attempts = 0;
  const ticker = deps.every(options.checkEveryMs ?? DEFAULTS.checkEveryMs, () => {
    const now = deps.now();
    const seen = activity();
    const requested = seen !== lastActivity;
    lastActivity = seen;
    // the loop's utilization is measured per interval, so it is read on every tick, before the other two
    if (deps.loopUtilization() >= idleUtilization || requested || inFlight() > 0) {
      quietSince = undefined;
      attempts = 0;
      return;
    }
    quietSince ??= now;
    if (now - quietSince < idleMs) return;
    const heapBefore = deps.heapCommitted();
    const retry = attempts > 0 && attempts < maxCollections && deps.youngCommitted() > youngTargetBytes;
    const due = attempts === 0 && heapBefore >= baseline + minGrowthBytes;
    if (!retry && !due) return;
    const started = deps.now();
    deps.collect();
    options.afterCollect?.();
    // the collection's own time is not load: the next interval is measured from here
    deps.loopUtilization();
    attempts++;
    const heapAfter = deps.heapCommitted();
    baseline = heapAfter;
    options.onRelease?.({ heapBefore, heapAfter, youngAfter: deps.youngCommitted(), durationMs: deps.now() - started, attempt: attempts });
  });
  return { stop: () => ticker.stop() };
}

function defaultDeps(): IdleMemoryReleaseDeps {
  let last = performance.eventLoopUtilization();
  let gc: (() => void) | undefined;
  return {
    collect: () => {
      gc ??= exposeGc();
      // twice: V8 decides whether to shrink the young generation from the allocation rate its collections sample,
      // and after a long quiet spell a lone collection often has no recent sample to go by (measured on Node 20:
      // one collection shrank it in 3 of 5 tries after 7-11 s idle, two back to back in 5 of 5 after 6-10 s)
      gc();
      gc();
    },
    loopUtilization: () => {
      const current = performance.eventLoopUtilization();
      const utilization = performance.eventLoopUtilization(current, last).utilization;
      last = current;
      return utilization;
    },
    heapCommitted: () => getHeapStatistics().total_heap_size,
    youngCommitted: readYoungGenerationSize,
    now: () => performance.now(),
    every: everyUnref,
  };
}

/**
 * V8's `gc()` without starting Node with `--expose-gc`: the flag is set, a fresh context is made (which is when V8
 * installs the function) and the flag is cleared again, so no later context or worker gets a global `gc`.
 */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as () => void;
  setFlagsFromString("--expose-gc");
  try {
    const gc: unknown = runInNewContext("gc");
    if (typeof gc !== "function") throw new Error("V8 did not expose gc()");
    return gc as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
