import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * Runs a child that churns through short-lived objects (some of which survive a scavenge, which is what makes V8
 * grow its young generation), optionally holding the young generation small, optionally starting a worker thread
 * first, and prints the young generation's committed size in MB.
 */
function youngGenerationAfterChurn(options: { hold: boolean; worker: boolean }): number {
  // the compiled module, in a process of its own: the flag is process-wide
  const moduleUrl = new URL("../../dist/server/keep-young-generation-small.js", import.meta.url).href;
  const script = `
    const { getHeapSpaceStatistics } = await import("node:v8");
    const { Worker } = await import("node:worker_threads");
    const { keepYoungGenerationSmall } = await import(${JSON.stringify(moduleUrl)});
    if (${options.hold}) keepYoungGenerationSmall();
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

  it("sets the factor again when a worker comes online, and puts V8's back when stopped", async () => {
    const { keepYoungGenerationSmall } = await import("./keep-young-generation-small.js");
    const { Worker } = await import("node:worker_threads");
    const flags: string[] = [];
    const hold = keepYoungGenerationSmall((flag) => flags.push(flag));
    const worker = new Worker("setTimeout(() => {}, 10)", { eval: true });
    await new Promise((resolve) => worker.once("exit", resolve));
    hold.stop();
    const after = new Worker("setTimeout(() => {}, 10)", { eval: true });
    await new Promise((resolve) => after.once("exit", resolve));
    expect(flags).toEqual(["--semi-space-growth-factor=1", "--semi-space-growth-factor=1", "--semi-space-growth-factor=2"]);
  });

  it("allowYoungGenerationGrowth puts V8's own factor back (for an entry point that held it from the start)", async () => {
    const { allowYoungGenerationGrowth } = await import("./keep-young-generation-small.js");
    const flags: string[] = [];
    allowYoungGenerationGrowth((flag) => flags.push(flag));
    expect(flags).toEqual(["--semi-space-growth-factor=2"]);
  });
});
