import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { limitHeapGrowth } from "./limit-heap-growth.js";

const run = promisify(execFile);

describe("limitHeapGrowth", () => {
  it("sets V8's heap growing percent, and nothing for 0", () => {
    const flags: string[] = [];
    limitHeapGrowth(50, (flag) => flags.push(flag));
    limitHeapGrowth(0, (flag) => flags.push(flag));
    limitHeapGrowth(12.4, (flag) => flags.push(flag));
    expect(flags).toEqual(["--heap-growing-percent=50", "--heap-growing-percent=12"]);
  });

  it("keeps the old generation near what is live under churn, where V8 alone lets it grow far past it", async () => {
    // the compiled module, in a process of its own: the flag is process-wide
    const moduleUrl = new URL("../../dist/server/limit-heap-growth.js", import.meta.url).href;
    const script = `
      const { limitHeapGrowth } = await import(${JSON.stringify(moduleUrl)});
      const v8 = await import("node:v8");
      limitHeapGrowth(Number(process.argv[1]));
      const live = Array.from({ length: 200000 }, (_, i) => ({ i, s: "x" + i }));
      const ring = new Array(300000);
      let max = 0;
      for (let r = 0; r < 3000000; r++) {
        ring[r % ring.length] = { r, a: [r, r + 1], s: "y" + r };
        if (r % 10000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space").space_size);
      }
      console.log(max, live.length);`;
    const maxOld = async (percent: number) => Number((await run(process.execPath, ["--input-type=module", "-e", script, String(percent)])).stdout.split(" ")[0]);
    const [unlimited, limited] = await Promise.all([maxOld(0), maxOld(50)]);
    expect(limited).toBeLessThan(unlimited * 0.7);
  }, 30_000);
});
