import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** Node publishes every new worker thread here (`{ worker }`). */
const WORKER_CHANNEL = "worker_threads";
/** V8's own growth factor of the young generation, put back by `stop()` */
const V8_DEFAULT_FACTOR = 2;
/** objects made between two looks at the young generation's size while growing it */
const OBJECTS_PER_STEP = 512;
/** one such object (`{ made, list: [made] }`) on a 64-bit heap, roughly */
const OBJECT_BYTES = 88;

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
   * the young generation's committed size to hold (bytes, both semi-spaces): grown to it first, by V8's own
   * doubling, when it is smaller (default: the size it has now). A size V8 cannot reach exactly stops at the first
   * doubling past it.
   */
  sizeBytes?: number;
  /** sets V8 flags (default `v8.setFlagsFromString`) */
  setFlags?: (flags: string) => void;
  /** the young generation's committed size now (default: V8's `new_space` statistics) */
  readSize?: () => number;
}

/**
 * Keeps V8's young generation (where short-lived objects are made) at a fixed size, a few MB, instead of letting it
 * double under load up to 32 MB, which V8 then keeps committed. It sets V8's growth factor of that space to 1, after
 * first growing the space to `sizeBytes` if asked: V8 doubles it once enough objects have survived its collections,
 * so the hold makes short-lived survivors with the factor at 2 until the size is reached (a few ms). V8 puts the
 * factor back to 2 whenever an isolate starts (its heap set-up refuses less than 2 from the command line), so while
 * a worker thread starts (the spend inserter's, say) it is set again every millisecond until the worker is online.
 *
 * The size trades memory for CPU: every collection of the young generation costs about the same (what is alive
 * then, requests in flight included), and a space half the size is collected twice as often. Measured with the
 * gateway under load (docs/config-reference.md, `young_generation_mb`).
 *
 * @example
 * const hold = keepYoungGenerationSmall({ sizeBytes: 4 * 1024 * 1024 });
 * // to let it grow again:
 * hold.stop();
 */
export function keepYoungGenerationSmall(options: YoungGenerationOptions = {}): YoungGenerationHold {
  const setFlags = options.setFlags ?? setFlagsFromString;
  const hold = (): void => setFlags("--semi-space-growth-factor=1");
  const onWorker = (message: unknown): void => {
    const worker = (message as { worker?: StartingWorker }).worker;
    if (!worker) return;
    // the worker's thread puts the factor back to 2 at some point of its start-up: until it is online, the factor
    // is set again every millisecond (and every turn of a busy loop), so the gateway's own isolate can grow only if
    // one of its collections lands in that gap
    let guard: NodeJS.Timeout | undefined = setInterval(hold, 1);
    guard.unref();
    const done = (): void => {
      if (guard === undefined) return;
      clearInterval(guard);
      guard = undefined;
      hold();
    };
    worker.once("online", done);
    worker.once("exit", done);
  };
  const readSize = options.readSize ?? readYoungGenerationSize;
  const { sizeBytes } = options;
  if (sizeBytes !== undefined) growYoungGeneration(sizeBytes, setFlags, readSize);
  hold();
  subscribe(WORKER_CHANNEL, onWorker);
  return {
    restore() {
      if (sizeBytes !== undefined) growYoungGeneration(sizeBytes, setFlags, readSize);
    },
    stop() {
      unsubscribe(WORKER_CHANNEL, onWorker);
      setFlags(`--semi-space-growth-factor=${V8_DEFAULT_FACTOR}`);
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
 * V8's young generation committed now (both semi-spaces), in bytes.
 *
 * @example
 * readYoungGenerationSize(); // 4194304
 */
export function readYoungGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

/**
 * Makes small objects, with V8's doubling on, until the space has reached `sizeBytes`. V8 doubles it once the bytes
 * that survived its collections since the last growth pass its size; each object here is kept alive just long
 * enough to survive one collection (a ring a third the size of a semi-space), so it counts as survived but dies
 * before a second one would move it to the old generation.
 */
function growYoungGeneration(sizeBytes: number, setFlags: (flags: string) => void, readSize: () => number): void {
  if (readSize() >= sizeBytes) return;
  const maxBytes = 16 * sizeBytes;
  setFlags(`--semi-space-growth-factor=${V8_DEFAULT_FACTOR}`);
  try {
    let ring: unknown[] = [];
    let made = 0;
    for (let allocated = 0; allocated < maxBytes; allocated += OBJECTS_PER_STEP * OBJECT_BYTES) {
      const size = readSize();
      if (size >= sizeBytes) break;
      const slots = Math.max(OBJECTS_PER_STEP, Math.floor(size / 2 / 3 / OBJECT_BYTES));
      if (ring.length !== slots) ring = new Array<unknown>(slots);
      for (let i = 0; i < OBJECTS_PER_STEP; i++, made++) ring[made % slots] = { made, list: [made] };
    }
  } finally {
    setFlags("--semi-space-growth-factor=1");
  }
}
