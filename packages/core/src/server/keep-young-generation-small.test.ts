import { spawnSync } from "node:child_process";
import { channel } from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";

/**
 * Runs a child that churns through short-lived objects (some of which survive a scavenge, which is what makes V8
 * grow its young generation), optionally holding the young generation small, optionally starting a worker thread
 * first, and prints the young generation's committed size in MB.
 */
function youngGenerationAfterChurn(options: { hold: boolean; worker: boolean; sizeMb?: number }): number {
  // the compiled module, in a process of its own: the flag is process-wide
  const moduleUrl = new URL("../../dist/server/keep-young-generation-small.js", import.meta.url).href;
  const script = `
    const { getHeapSpaceStatistics } = await import("node:v8");
    const { Worker } = await import("node:worker_threads");
    const { keepYoungGenerationSmall } = await import(${JSON.stringify(moduleUrl)});
    if (${options.hold}) keepYoungGenerationSmall(${options.sizeMb ? `{ sizeBytes: ${options.sizeMb} * 1048576 }` : ""});
    if (${options.worker}) {
      const worker = new Worker("setTimeout(() => {}, 20)", { eval: true });
      await new Promise((resolve) => worker.once("exit", resolve));
    }
    const kept = [];
    for (let i = 0; i < 3e6; i++) {
      const item = { i, list: [i] };
      if (i % 10 === 0) kept.push(item);
      if (kept.length > 50000) kept.length = 0;
    }
    const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
    process.stdout.write(String(young / 1048576));
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  return Number(child.stdout);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** announces a worker the way Node does (on the `worker_threads` channel); the test emits its events */
function announceWorker(): EventEmitter {
  const worker = new EventEmitter();
  channel("worker_threads").publish({ worker });
  return worker;
}

/** a hold recording the flags it sets, and a worker announced 5 ms ago that is still starting */
async function holdWhileAWorkerStarts() {
  const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
  const flags: string[] = [];
  const hold = keepYoungGenerationSmall({ setFlags: (flag) => flags.push(flag) });
  const worker = announceWorker();
  await sleep(5);
  return { flags, hold, worker };
}

describe("keepYoungGenerationSmall", () => {
  it("keeps the young generation at a few MB under churn where V8 alone grows it to 32 MB, a worker thread started after it too", () => {
    expect(youngGenerationAfterChurn({ hold: false, worker: false })).toBeGreaterThanOrEqual(16);
    expect(youngGenerationAfterChurn({ hold: true, worker: false })).toBeLessThanOrEqual(4);
    // a worker's start puts V8's factor back to 2: the hold must set it again
    expect(youngGenerationAfterChurn({ hold: true, worker: true })).toBeLessThanOrEqual(4);
  }, 30_000);

  it("grows the young generation to the size asked for first, then holds it there under churn", () => {
    expect(youngGenerationAfterChurn({ hold: true, worker: false, sizeMb: 4 })).toBe(4);
    expect(youngGenerationAfterChurn({ hold: true, worker: true, sizeMb: 8 })).toBe(8);
  }, 30_000);

  it("sets the factor again every millisecond while an announced worker starts, until it is online", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    const hold = keepYoungGenerationSmall({ setFlags: (flag) => flags.push(flag) });
    expect(flags).toEqual(["--semi-space-growth-factor=1"]);
    const worker = announceWorker();
    for (let waited = 0; waited < 2000 && flags.length <= 3; waited += 5) await sleep(5);
    expect(flags.length).toBeGreaterThan(3); // the guard ran while the worker was starting
    worker.emit("online");
    const atOnline = flags.length;
    worker.emit("exit");
    await sleep(15);
    expect(flags.length).toBe(atOnline);
    expect(new Set(flags)).toEqual(new Set(["--semi-space-growth-factor=1"]));
    hold.stop();
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=2");
  });

  it("ends the guard when a worker exits without coming online", async () => {
    const { flags, hold, worker } = await holdWhileAWorkerStarts();
    worker.emit("exit");
    const atExit = flags.length;
    await sleep(15);
    expect(flags.length).toBe(atExit);
    hold.stop();
  });

  it("stop() ends the guards of workers still starting, and leaves V8's factor in place", async () => {
    const { flags, hold, worker } = await holdWhileAWorkerStarts();
    hold.stop();
    const atStop = flags.length;
    await sleep(15);
    worker.emit("online");
    hold.restore();
    expect(flags.length).toBe(atStop);
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=2");
    // and a worker announced after stop() is not watched
    announceWorker().emit("online");
    expect(flags.length).toBe(atStop);
  });

  it("watches real worker threads: the factor is set again once one is online", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const { Worker } = await import("node:worker_threads");
    const flags: string[] = [];
    const hold = keepYoungGenerationSmall((flag) => flags.push(flag)); // the older form: setFlags alone
    const worker = new Worker("setTimeout(() => {}, 10)", { eval: true });
    await new Promise((resolve) => worker.once("exit", resolve));
    expect(flags.length).toBeGreaterThanOrEqual(2);
    hold.stop();
  });

  it("grows with V8's factor on until the space reaches the size, then holds it; restore() grows it back after a shrink", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    const MIB = 1024 * 1024;
    let size = 2 * MIB;
    let reads = 0;
    // a fake space that doubles every third look while the factor is 2
    const readSize = (): number => {
      if (flags.at(-1) === "--semi-space-growth-factor=2" && ++reads % 3 === 0) size *= 2;
      return size;
    };
    const hold = keepYoungGenerationSmall({ sizeBytes: 8 * MIB, setFlags: (flag) => flags.push(flag), readSize });
    expect(size).toBe(8 * MIB);
    expect(flags).toEqual(["--semi-space-growth-factor=2", "--semi-space-growth-factor=1", "--semi-space-growth-factor=1"]);
    size = 2 * MIB; // a collection while idle shrank it
    hold.restore();
    expect(size).toBe(8 * MIB);
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=1");
    hold.stop();
  });

  it("looks at the size every checkEveryMs and grows a space V8 shrank back; a growth that fell short is retried later", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    const MIB = 1024 * 1024;
    let size = 2 * MIB;
    let cap = 32 * MIB;
    let reads = 0;
    const readSize = (): number => {
      if (flags.at(-1) === "--semi-space-growth-factor=2" && ++reads % 3 === 0 && size < cap) size *= 2;
      return size;
    };
    const ticks: Array<() => void> = [];
    const stops: number[] = [];
    const every = (ms: number, tick: () => void) => {
      ticks.push(tick);
      expect(ms).toBe(250);
      return { stop: () => void stops.push(ms) };
    };
    const hold = keepYoungGenerationSmall({ sizeBytes: 8 * MIB, setFlags: (flag) => flags.push(flag), readSize, checkEveryMs: 250, every });
    expect(size).toBe(8 * MIB);
    expect(ticks).toHaveLength(1);
    ticks[0]!(); // nothing shrank: nothing is done
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=1");
    const flagsBefore = flags.length;
    ticks[0]!();
    expect(flags.length).toBe(flagsBefore);
    size = 1 * MIB; // V8 shrank it while the process was quiet
    ticks[0]!();
    expect(size).toBe(8 * MIB);
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=1");
    // a growth that falls short (a cap of 4 MiB for now) is retried after 1, then 3 skipped looks, never given up
    cap = 4 * MIB;
    size = 1 * MIB;
    ticks[0]!();
    expect(size).toBe(4 * MIB);
    const readsAtShortfall = reads;
    ticks[0]!(); // skipped
    expect(reads).toBe(readsAtShortfall);
    ticks[0]!(); // tried again: still short
    expect(reads).toBeGreaterThan(readsAtShortfall);
    const readsAtSecond = reads;
    for (let i = 0; i < 3; i++) ticks[0]!(); // three skipped
    expect(reads).toBe(readsAtSecond);
    cap = 32 * MIB; // whatever held it back has passed
    ticks[0]!();
    expect(size).toBe(8 * MIB);
    size = 1 * MIB; // a success resets the wait: the next shrink is grown back at the next look
    ticks[0]!();
    expect(size).toBe(8 * MIB);
    hold.stop();
    expect(stops).toEqual([250]);
  });

  it("does not watch when no size is asked for, or with checkEveryMs 0", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    let watches = 0;
    const every = () => {
      watches++;
      return { stop: () => undefined };
    };
    keepYoungGenerationSmall({ setFlags: () => undefined, every }).stop();
    keepYoungGenerationSmall({ sizeBytes: 1, setFlags: () => undefined, readSize: () => 2, checkEveryMs: 0, every }).stop();
    expect(watches).toBe(0);
    keepYoungGenerationSmall({ sizeBytes: 1, setFlags: () => undefined, readSize: () => 2, every }).stop();
    expect(watches).toBe(1);
  });

  it("gives up growing once V8 stops doubling the space (its cap), after some four times its size of objects", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const MIB = 1024 * 1024;
    let size = 2 * MIB;
    let reads = 0;
    // doubles every third look up to a cap of 8 MiB
    const readSize = (): number => {
      if (++reads % 3 === 0 && size < 8 * MIB) size *= 2;
      return size;
    };
    const hold = keepYoungGenerationSmall({ sizeBytes: 64 * MIB, setFlags: () => undefined, readSize });
    expect(size).toBe(8 * MIB);
    // ~45 KB of objects per look: some 4 × 8 MiB of them past the cap, then it stops
    expect(reads).toBeGreaterThan(600);
    expect(reads).toBeLessThan(1200);
    hold.stop();
  });

  it("allowYoungGenerationGrowth puts V8's own factor back (for an entry point that held it from the start)", async () => {
    const { allowYoungGenerationGrowth } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    allowYoungGenerationGrowth((flag) => flags.push(flag));
    expect(flags).toEqual(["--semi-space-growth-factor=2"]);
  });
});
