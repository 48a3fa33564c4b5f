import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The benchmark in smoke mode (seconds, tiny counts), so it cannot rot: it must complete and produce its table,
// JSON, chart and BENCHMARKS.md. Timings are never asserted; only that every path served its calls.
const BENCH_SCRIPT = fileURLToPath(new URL("../bench/dist/run-bench.js", import.meta.url));
const COMMITTED_REPORT = fileURLToPath(new URL("../bench/BENCHMARKS.md", import.meta.url));

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BENCH_SCRIPT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const readCommittedReport = (): string | undefined => (existsSync(COMMITTED_REPORT) ? readFileSync(COMMITTED_REPORT, "utf8") : undefined);

describe("npm run bench -- --smoke", () => {
  it("completes and writes the table, the JSON results, the chart and BENCHMARKS.md to its out dir only", async () => {
    expect(existsSync(BENCH_SCRIPT), "bench is not built: run `npm run build`").toBe(true);
    const committedBefore = readCommittedReport();
    const outDir = mkdtempSync(join(tmpdir(), "bedrock-gw-bench-smoke-test-"));
    try {
      const { code, stdout, stderr } = await runBench(["--smoke", "--out-dir", outDir]);
      expect(code, stderr).toBe(0);
      for (const title of ["Targets", "W1: sequential", "W2: open loop", "W3: closed loop", "W4: ConverseStream", "W5: open streams", "W6: governance", "W7: serve --workers 2", "CPU profile"]) {
        expect(stdout).toContain(title);
      }

      const results = JSON.parse(readFileSync(join(outDir, "results", "latest.json"), "utf8"));
      expect(results.meta.mode).toBe("smoke");
      // every target was warmed on every protocol and call shape it takes, and served its warm-up calls
      expect(new Set(results.warmup.map((row: any) => `${row.target} ${row.protocol} ${row.shape}`))).toEqual(
        new Set(["direct", "bare", "gateway"].flatMap((target) => [`${target} h1 converse`, `${target} h2c converse`, `${target} h1 converse-stream`])),
      );
      for (const row of results.warmup) expect({ ...row, completed: row.completed > 0 }).toEqual({ ...row, completed: true, errors: 0 });
      expect(results.w1.map((c: any) => c.label)).toEqual(["1 KB", "100 KB", "1 MB", "1 KB, 60 ms upstream"]);
      // every path served every call: a harness or gateway that fails calls is broken, whatever the timings
      const rows = [...results.w1.flatMap((c: any) => c.rows), ...results.w3.cases.flatMap((c: any) => c.rows), ...results.w4.rows];
      expect(new Set(rows.map((row: any) => row.target))).toEqual(new Set(["direct", "bare", "gateway"]));
      for (const row of rows) expect({ target: row.target, errors: row.errors, lastError: row.lastError }).toEqual({ target: row.target, errors: 0, lastError: undefined });
      expect(results.w4.rows.every((row: any) => row.eventsPerStream > 0)).toBe(true);
      expect(results.w5.rows.map((row: any) => row.opened)).toEqual([results.w5.streams, results.w5.streams]);
      expect(results.checks.length).toBeGreaterThanOrEqual(10);
      for (const check of results.checks) expect(typeof check.measured).toBe("string");

      const markdown = readFileSync(join(outDir, "BENCHMARKS.md"), "utf8");
      expect(markdown).toContain("| workload | target | measured | result |");
      expect(markdown).toContain("](results/chart.svg)");
      expect(readFileSync(join(outDir, "results", "chart.svg"), "utf8")).toMatch(/^<svg [^>]+>[\s\S]*<rect [\s\S]*<\/svg>\n$/);
      expect(existsSync(join(outDir, "results", "gateway-w3.cpuprofile"))).toBe(true);
      expect(readCommittedReport()).toBe(committedBefore);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 90_000);
});
