import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchOptions {
  /** tiny counts, for the test suite */
  smoke: boolean;
  /** only the profile phase: W3 against a gateway under --cpu-prof */
  profileOnly: boolean;
  /** BENCHMARKS.md goes here, JSON, chart and profiles under `<outDir>/results` */
  outDir: string;
  /** pin processes to cores with taskset (when there are at least 2 cores and taskset exists) */
  pin: boolean;
  /** run the npm peer gateway when it can be found */
  peer: boolean;
  /** a directory whose node_modules holds @portkey-ai/gateway (default: resolved from the bench workspace) */
  peerDir?: string;
  /** the zero-latency simulator's port; 80 lets the peer sign its Host header correctly (0 = any) */
  upstreamPort?: number;
  /** run only these phases (w1..w7, profile); a partial run writes to a temp dir unless --out-dir is given */
  only?: BenchPhase[];
}

export const BENCH_PHASES = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "profile"] as const;
export type BenchPhase = (typeof BENCH_PHASES)[number];

function readPhases(list: string): BenchPhase[] {
  const phases = list.split(",").map((phase) => phase.trim().toLowerCase());
  const unknown = phases.filter((phase) => !(BENCH_PHASES as readonly string[]).includes(phase));
  if (unknown.length > 0) throw new BenchUsageError(`--only takes ${BENCH_PHASES.join(",")}; unknown: ${unknown.join(",")}`);
  return phases as BenchPhase[];
}

const USAGE = `usage: node bench/dist/run-bench.js [--smoke] [--profile] [--only w1,w3,...] [--out-dir DIR] [--no-pin]
                                   [--no-peer] [--peer-dir DIR] [--upstream-port N]
  --smoke          seconds, tiny counts; writes to --out-dir (default: a temp dir), never to bench/
  --profile        only profile the gateway under W3 (HTTP/1.1) and print the top self-time entries
  --only LIST      only these phases (w1..w7, profile); writes to a temp dir unless --out-dir is given
  --out-dir DIR    where BENCHMARKS.md and results/ are written (default: bench/)
  --no-pin         do not pin processes to cores with taskset
  --no-peer        leave the npm peer gateway out
  --peer-dir DIR   a directory whose node_modules holds @portkey-ai/gateway
  --upstream-port  port of the zero-latency simulator (default: 80 when the peer runs, else any)`;

/** The bench workspace directory (bench/), from this compiled file's place in bench/dist/options/. */
export function resolveBenchDir(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}

/**
 * Reads the command line; unknown flags are an error with the usage text.
 *
 * @example
 * readBenchOptions(["--smoke", "--out-dir", "/tmp/b"]); // { smoke: true, outDir: "/tmp/b", ... }
 */
export function readBenchOptions(argv: readonly string[], defaultSmokeDir: () => string): BenchOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new BenchUsageError(USAGE);
    if (["--out-dir", "--peer-dir", "--upstream-port", "--only"].includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new BenchUsageError(`${arg} needs a value\n${USAGE}`);
      values.set(arg, value);
    } else if (["--smoke", "--profile", "--no-pin", "--no-peer"].includes(arg)) flags.add(arg);
    else throw new BenchUsageError(`unknown option ${arg}\n${USAGE}`);
  }
  const smoke = flags.has("--smoke");
  const only = values.has("--only") ? readPhases(values.get("--only")!) : undefined;
  const port = values.get("--upstream-port");
  if (port !== undefined && !/^\d+$/.test(port)) throw new BenchUsageError(`--upstream-port must be a number, got ${port}`);
  return {
    smoke,
    profileOnly: flags.has("--profile"),
    outDir: resolve(values.get("--out-dir") ?? (smoke || only ? defaultSmokeDir() : resolveBenchDir())),
    pin: !flags.has("--no-pin"),
    peer: !flags.has("--no-peer"),
    ...(values.has("--peer-dir") ? { peerDir: resolve(values.get("--peer-dir")!) } : {}),
    ...(port !== undefined ? { upstreamPort: Number(port) } : {}),
    ...(only ? { only } : {}),
  };
}

/** A bad command line: printed as is, exit code 2. */
export class BenchUsageError extends Error {}
