// `npm run bench`: the reproducible benchmark (see bench/README.md). Prints the tables, writes BENCHMARKS.md, the
// JSON results and the chart (smoke mode: to a temp dir), and exits 0 whether or not targets were met: a miss is a
// finding, not a crash. Exit 1 is a broken run, 2 a bad command line, 3 the deadline.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BenchUsageError, readBenchOptions } from "./options/read-bench-options.js";
import { runBenchmark } from "./run-benchmark.js";
import { formatConsoleReport, writeReport } from "./report/write-report.js";

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

async function main(argv: string[]): Promise<number> {
  const options = readBenchOptions(argv, () => mkdtempSync(join(tmpdir(), "bedrock-gw-bench-smoke-")));
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  const results = await runBenchmark({ options, command, log });
  process.stdout.write(formatConsoleReport(results));
  if (options.profileOnly) {
    mkdirSync(join(options.outDir, "results"), { recursive: true });
    writeFileSync(join(options.outDir, "results", "profile.json"), `${JSON.stringify(results, null, 2)}\n`);
    return 0;
  }
  const written = writeReport(results, options.outDir);
  log(`wrote ${written.markdownPath}, ${written.jsonPath}, ${written.chartPath}`);
  const missed = results.checks.filter((check) => check.pass === false).length;
  log(`${results.checks.length} targets: ${results.checks.filter((check) => check.pass).length} pass, ${missed} missed`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof BenchUsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    log(`benchmark failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
