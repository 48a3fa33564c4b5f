import { spawnSync } from "node:child_process";
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

  it("sets the factor again while a worker starts, until it is online; stops doing so, and puts V8's back, when stopped", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const { Worker } = await import("node:worker_threads");
    const flags: string[] = [];
    const hold = keepYoungGenerationSmall({ setFlags: (flag) => flags.push(flag) });
    const worker = new Worker("setTimeout(() => {}, 10)", { eval: true });
    await new Promise((resolve) => worker.once("online", resolve));
    const atOnline = flags.length;
    expect(atOnline).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => worker.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flags.length).toBe(atOnline); // the guard ended with the worker online
    hold.stop();
    const after = new Worker("setTimeout(() => {}, 10)", { eval: true });
    await new Promise((resolve) => after.once("exit", resolve));
    expect(new Set(flags.slice(0, -1))).toEqual(new Set(["--semi-space-growth-factor=1"]));
    expect(flags.at(-1)).toBe("--semi-space-growth-factor=2");
  });

  it("ends the guard when a worker exits without coming online", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const { Worker } = await import("node:worker_threads");
    const flags: string[] = [];
    const hold = keepYoungGenerationSmall({ setFlags: (flag) => flags.push(flag) });
    const broken = new Worker("throw new Error('no start')", { eval: true });
    broken.on("error", () => undefined);
    await new Promise((resolve) => broken.once("exit", resolve));
    const atExit = flags.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flags.length).toBe(atExit);
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

  it("gives up growing after making some sixteen times the size, when V8 will not grow the space", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    let reads = 0;
    const hold = keepYoungGenerationSmall({ sizeBytes: 1024 * 1024, setFlags: () => undefined, readSize: () => (reads++, 1) });
    expect(reads).toBeGreaterThan(50);
    expect(reads).toBeLessThan(1000);
    hold.stop();
  });

  it("allowYoungGenerationGrowth puts V8's own factor back (for an entry point that held it from the start)", async () => {
    const { allowYoungGenerationGrowth } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    allowYoungGenerationGrowth((flag) => flags.push(flag));
    expect(flags).toEqual(["--semi-space-growth-factor=2"]);
  });
});
